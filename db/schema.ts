import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

/** Projection of area streams; rebuildable from `events`. */
export const areas = sqliteTable('areas', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  shortCode: text('short_code').notNull().unique().default(''),
  isDemo: integer('is_demo', { mode: 'boolean' }).notNull().default(false),
  version: integer('version').notNull().default(0),
  updatedAt: text('updated_at').notNull().default(''),
});

/** Projection of organisation streams; rebuildable from `events`. */
export const organisations = sqliteTable(
  'organisations',
  {
    id: text('id').primaryKey(),
    areaId: text('area_id').notNull(),
    name: text('name').notNull(),
    kind: text('kind').notNull(),
    version: integer('version').notNull(),
    updatedAt: text('updated_at').notNull(),
  },
  (t) => [index('organisations_area_idx').on(t.areaId)],
);

/** Projection of account streams (everything but secrets); rebuildable from `events`. */
export const users = sqliteTable('users', {
  id: text('id').primaryKey(),
  username: text('username').notNull().unique(),
  displayName: text('display_name').notNull(),
  role: text('role').notNull(),
  organisationId: text('organisation_id').notNull().default(''),
  areaId: text('area_id')
    .notNull()
    .references(() => areas.id),
  contact: text('contact').notNull().default('{"phone":"","email":""}'),
  isEnabled: integer('is_enabled', { mode: 'boolean' }).notNull().default(true),
  isDemo: integer('is_demo', { mode: 'boolean' }).notNull().default(false),
  mustChangePassword: integer('must_change_password', { mode: 'boolean' }).notNull().default(false),
  hasMfa: integer('has_mfa', { mode: 'boolean' }).notNull().default(false),
  version: integer('version').notNull().default(0),
  createdAt: text('created_at').notNull(),
  updatedAt: text('updated_at').notNull().default(''),
});

/**
 * The secrets of an account, beside it and never in an event: the scrypt password hash, the TOTP secret,
 * the last TOTP time step used (a code is accepted once) and the hashes of unused recovery codes.
 */
export const credentials = sqliteTable('credentials', {
  userId: text('user_id')
    .primaryKey()
    .references(() => users.id),
  passwordHash: text('password_hash').notNull(),
  passwordChangedAt: text('password_changed_at').notNull(),
  mfaSecret: text('mfa_secret'),
  mfaLastStep: integer('mfa_last_step'),
  recoveryCodes: text('recovery_codes').notNull().default('[]'),
});

/**
 * Server-side sessions. The cookie holds a random token; only its SHA-256 is stored. A session moves
 * through the login stages (second factor, new password, MFA enrolment) before it is `active`; an active
 * one left idle is locked until the password is given again.
 */
export const sessions = sqliteTable(
  'sessions',
  {
    tokenHash: text('token_hash').primaryKey(),
    /** A public id, so administrators can list and end sessions without seeing token hashes. */
    id: text('id').notNull().default(''),
    userId: text('user_id')
      .notNull()
      .references(() => users.id),
    stage: text('stage').notNull().default('active'),
    createdAt: text('created_at').notNull(),
    expiresAt: text('expires_at').notNull(),
    lastActiveAt: text('last_active_at').notNull().default(''),
    lockedAt: text('locked_at'),
    /** The TOTP secret offered during enrolment, until a code from it confirms it. */
    pendingMfaSecret: text('pending_mfa_secret'),
    /** Wrong codes or passwords in this session; too many end it. */
    failures: integer('failures').notNull().default(0),
    userAgent: text('user_agent').notNull().default(''),
    source: text('source').notNull().default(''),
  },
  (t) => [index('sessions_expires_idx').on(t.expiresAt), index('sessions_user_idx').on(t.userId)],
);

/**
 * Sign-in attempts within the limits' window (server/auth/login-limits.ts): a hash of the typed username
 * and of the address, and when. Kept in the database so every node counts the same attempts.
 */
export const signInAttempts = sqliteTable(
  'sign_in_attempts',
  {
    accountKey: text('account_key').notNull(),
    sourceKey: text('source_key').notNull(),
    atMs: integer('at_ms').notNull(),
  },
  (t) => [index('sign_in_attempts_account_idx').on(t.accountKey, t.atMs), index('sign_in_attempts_at_idx').on(t.atMs)],
);

/**
 * The append-only event log: the source of truth for sync and audit. Hash-chained (db/sqlite/hash-chain.ts):
 * each row carries the previous row's hash and its own; UPDATE and DELETE are refused by triggers.
 */
export const events = sqliteTable(
  'events',
  {
    seq: integer('seq').primaryKey({ autoIncrement: true }),
    streamId: text('stream_id').notNull(),
    /** Which kind of stream: 'case', 'service' or 'unit'. Case sync reads only case events. */
    streamKind: text('stream_kind').notNull().default('case'),
    streamVersion: integer('stream_version').notNull(),
    areaId: text('area_id').notNull(),
    type: text('type').notNull(),
    payload: text('payload').notNull(),
    actorId: text('actor_id').notNull(),
    actorName: text('actor_name').notNull(),
    actorRole: text('actor_role').notNull(),
    commandId: text('command_id').notNull(),
    occurredAt: text('occurred_at').notNull(),
    /** The hash of the row before this one (of any stream); the first row's is 64 zeros. */
    prevHash: text('prev_hash').notNull().default(''),
    /** SHA-256 over prevHash and this row's canonical content. */
    hash: text('hash').notNull().default(''),
  },
  (t) => [
    uniqueIndex('events_stream_version_uq').on(t.streamId, t.streamVersion),
    uniqueIndex('events_command_uq').on(t.commandId, t.streamId, t.streamVersion),
    index('events_area_seq_idx').on(t.areaId, t.seq),
  ],
);

/** One row per applied command: a repeated commandId returns this instead of applying twice. */
export const commands = sqliteTable('commands', {
  commandId: text('command_id').primaryKey(),
  name: text('name').notNull(),
  actorId: text('actor_id').notNull(),
  streamId: text('stream_id').notNull(),
  lastSeq: integer('last_seq').notNull(),
  appliedAt: text('applied_at').notNull(),
});

/** Projection of case cards for reads; rebuildable from `events`. */
export const cases = sqliteTable(
  'cases',
  {
    id: text('id').primaryKey(),
    areaId: text('area_id').notNull(),
    status: text('status').notNull(),
    priority: text('priority').notNull(),
    version: integer('version').notNull(),
    createdAt: text('created_at').notNull(),
    updatedAt: text('updated_at').notNull(),
    card: text('card').notNull(),
  },
  (t) => [index('cases_area_status_idx').on(t.areaId, t.status)],
);

/** Projection of the service registry with live capacity and holds; rebuildable from `events`. */
export const services = sqliteTable(
  'services',
  {
    id: text('id').primaryKey(),
    areaId: text('area_id').notNull(),
    kind: text('kind').notNull(),
    organisation: text('organisation').notNull(),
    version: integer('version').notNull(),
    /** Active holds, so the expiry job reads only services that have any. */
    holdCount: integer('hold_count').notNull(),
    updatedAt: text('updated_at').notNull(),
    service: text('service').notNull(),
  },
  (t) => [index('services_area_idx').on(t.areaId), index('services_holds_idx').on(t.holdCount)],
);

/** Projection of units (crews and their dispatches); rebuildable from `events`. */
export const units = sqliteTable(
  'units',
  {
    id: text('id').primaryKey(),
    areaId: text('area_id').notNull(),
    status: text('status').notNull(),
    version: integer('version').notNull(),
    /** Set while a dispatch waits for acceptance, so the escalation job reads only those. */
    acceptBy: text('accept_by'),
    updatedAt: text('updated_at').notNull(),
    unit: text('unit').notNull(),
  },
  (t) => [index('units_area_idx').on(t.areaId), index('units_accept_by_idx').on(t.acceptBy)],
);

/** Projection of shift handover notes, one per area and shift (R-HANDOVER); rebuildable from `events`. */
export const handoverNotes = sqliteTable(
  'handover_notes',
  {
    id: text('id').primaryKey(),
    areaId: text('area_id').notNull(),
    shiftStart: text('shift_start').notNull(),
    version: integer('version').notNull(),
    updatedAt: text('updated_at').notNull(),
    note: text('note').notNull(),
  },
  (t) => [index('handover_notes_area_shift_idx').on(t.areaId, t.shiftStart)],
);

/**
 * Every disclosure of a person's record, and every use of the audit viewer (R-IG-AUDIT). Append-only and
 * hash-chained like `events`, in a chain of its own.
 */
export const accessLog = sqliteTable(
  'access_log',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    userId: text('user_id').notNull(),
    role: text('role').notNull(),
    /** The card disclosed; empty for a use of the audit viewer that named no card. */
    caseId: text('case_id').notNull(),
    action: text('action').notNull(),
    at: text('at').notNull(),
    /** The caller's area: the viewer is scoped to it. */
    areaId: text('area_id').notNull().default(''),
    /** How it was disclosed: `session:<public session id>`, or empty when no session was involved. */
    source: text('source').notNull().default(''),
    prevHash: text('prev_hash').notNull().default(''),
    hash: text('hash').notNull().default(''),
  },
  (t) => [
    index('access_log_case_idx').on(t.caseId),
    index('access_log_area_idx').on(t.areaId, t.id),
    index('access_log_user_idx').on(t.userId, t.id),
  ],
);

/**
 * The facts reports read, one row per card (R-REPORT-FACTS): written from the card, and stamped from the
 * events that record each response step, in the same transaction as those events; rebuildable from
 * `events`. Columns mirror shared/rules/report-facts.ts; instants are milliseconds since 1970 (UTC), so
 * a year of them is read and compared without parsing text (migration 0013).
 */
export const caseFacts = sqliteTable(
  'case_facts',
  {
    caseId: text('case_id').primaryKey(),
    areaId: text('area_id').notNull(),
    priority: text('priority').notNull(),
    status: text('status').notNull(),
    createdAt: integer('created_at').notNull(),
    closedAt: integer('closed_at'),
    outcome: text('outcome'),
    ethnicity: text('ethnicity').notNull(),
    sex: text('sex').notNull(),
    ageBand: text('age_band').notNull(),
    postcode: text('postcode'),
    personKey: text('person_key'),
    power: text('power'),
    detainedAt: integer('detained_at'),
    firstPlace: text('first_place'),
    transport: text('transport'),
    policeVehicleReason: text('police_vehicle_reason'),
    policeStation: integer('police_station').notNull(),
    arrested: integer('arrested'),
    under18: integer('under18'),
    durationMinutes: integer('duration_minutes'),
    extended: integer('extended').notNull(),
    breached: integer('breached').notNull(),
    handoverMinutes: integer('handover_minutes'),
    detentionOutcome: text('detention_outcome'),
    triagedAt: integer('triaged_at'),
    dispatchedAt: integer('dispatched_at'),
    acceptedAt: integer('accepted_at'),
    onSceneAt: integer('on_scene_at'),
    leftSceneAt: integer('left_scene_at'),
    handedOverAt: integer('handed_over_at'),
    clearAt: integer('clear_at'),
  },
  (t) => [
    index('case_facts_area_created_idx').on(t.areaId, t.createdAt),
    index('case_facts_area_detained_idx').on(t.areaId, t.detainedAt),
    index('case_facts_person_idx').on(t.personKey, t.createdAt),
  ],
);

/** Every hold a service declined or let lapse (R-NTA-1 turn-aways), for the reports; rebuildable from `events`. */
export const turnAways = sqliteTable(
  'turn_aways',
  {
    seq: integer('seq').primaryKey(),
    areaId: text('area_id').notNull(),
    serviceId: text('service_id').notNull(),
    serviceName: text('service_name').notNull(),
    category: text('category').notNull(),
    caseId: text('case_id').notNull(),
    how: text('how').notNull(),
    reason: text('reason').notNull(),
    at: text('at').notNull(),
  },
  (t) => [index('turn_aways_area_at_idx').on(t.areaId, t.at)],
);

/**
 * A service's capacity after each of its events (R-REPORT-CAPACITY): occupancy over time and which
 * services were full or stale when a place was sought, read as numbers rather than refolded from the
 * log's JSON. Instants in milliseconds. `sought`: the category of a hold this event placed.
 */
export const capacityFacts = sqliteTable(
  'capacity_facts',
  {
    seq: integer('seq').primaryKey(),
    areaId: text('area_id').notNull(),
    serviceId: text('service_id').notNull(),
    at: integer('at').notNull(),
    kind: text('kind').notNull(),
    status: text('status').notNull(),
    inUse: integer('in_use').notNull(),
    inService: integer('in_service').notNull(),
    placesAdult: integer('places_adult').notNull(),
    placesUnder18: integer('places_under18').notNull(),
    freeAdult: integer('free_adult').notNull(),
    freeUnder18: integer('free_under18').notNull(),
    confirmedAt: integer('confirmed_at').notNull(),
    sought: text('sought'),
  },
  (t) => [
    index('capacity_facts_area_at_idx').on(t.areaId, t.at),
    index('capacity_facts_service_idx').on(t.serviceId, t.seq),
  ],
);

/** Postcode → 2021 small area (LSOA), from the ONS Postcode Directory (R-REPORT-IMD). */
export const postcodeAreas = sqliteTable('postcode_areas', {
  postcode: text('postcode').primaryKey(),
  lsoa: text('lsoa').notNull(),
});

/** Small area (LSOA) → Index of Multiple Deprivation decile (1 most deprived), from the English Indices. */
export const areaDeprivation = sqliteTable('area_deprivation', {
  lsoa: text('lsoa').primaryKey(),
  decile: integer('decile').notNull(),
  edition: text('edition').notNull(),
});
