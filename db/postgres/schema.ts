import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  boolean,
  customType,
  foreignKey,
  index,
  integer,
  json,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';

/**
 * Concordat on PostgreSQL: the same tables as db/schema.ts (SQLite) in PostgreSQL's own types, from which
 * drizzle-kit generates db/postgres/migrations (`npm run db:generate:postgres`). Instants the projections
 * sort by stay ISO-8601 text (as on SQLite, so both backends order them alike); the reports' instants are
 * epoch milliseconds (`bigint`, read as numbers); state is `json`, which keeps the text as written (`jsonb`
 * would refuse a \u0000 that a card's free text may hold). The append-only triggers are a hand-written
 * migration beside the generated ones (drizzle's schema has no triggers).
 */

/** A card's searchable words as lexemes tagged with their field (db/postgres/case-search.ts). */
const tsvector = customType<{ data: string }>({ dataType: () => 'tsvector' });
/** socket.io's PostgreSQL adapter stores large messages as bytes. */
const bytea = customType<{ data: Buffer }>({ dataType: () => 'bytea' });
/** Epoch milliseconds and sequence numbers: 64-bit in the database, numbers in JavaScript. */
const int64 = (name: string) => bigint(name, { mode: 'number' });

export const events = pgTable(
  'events',
  {
    seq: int64('seq').primaryKey(),
    streamId: text('stream_id').notNull(),
    streamKind: text('stream_kind').notNull(),
    streamVersion: integer('stream_version').notNull(),
    areaId: text('area_id').notNull(),
    type: text('type').notNull(),
    payload: text('payload').notNull(),
    actorId: text('actor_id').notNull(),
    actorName: text('actor_name').notNull(),
    actorRole: text('actor_role').notNull(),
    commandId: text('command_id').notNull(),
    occurredAt: text('occurred_at').notNull(),
    prevHash: text('prev_hash').notNull(),
    hash: text('hash').notNull(),
  },
  (t) => [
    uniqueIndex('events_stream_version_uq').on(t.streamId, t.streamVersion),
    index('events_area_seq_idx').on(t.areaId, t.seq),
    index('events_kind_seq_idx').on(t.streamKind, t.seq),
    // A unit's events by the case it was sent to, and a service's by hold and by the hold's case.
    index('events_unit_case_idx')
      .on(sql`((${t.payload}::json) ->> 'caseId')`)
      .where(sql`${t.streamKind} = 'unit'`),
    index('events_hold_case_idx')
      .on(sql`((${t.payload}::json) -> 'hold' ->> 'caseId')`)
      .where(sql`${t.streamKind} = 'service'`),
    index('events_hold_idx')
      .on(sql`((${t.payload}::json) ->> 'holdId')`)
      .where(sql`${t.streamKind} = 'service'`),
  ],
);

export const commands = pgTable('commands', {
  commandId: text('command_id').primaryKey(),
  name: text('name').notNull(),
  actorId: text('actor_id').notNull(),
  streamId: text('stream_id').notNull(),
  lastSeq: int64('last_seq').notNull(),
  appliedAt: text('applied_at').notNull(),
});

export const cases = pgTable(
  'cases',
  {
    id: text('id').primaryKey(),
    areaId: text('area_id').notNull(),
    status: text('status').notNull(),
    priority: text('priority').notNull(),
    version: integer('version').notNull(),
    createdAt: text('created_at').notNull(),
    updatedAt: text('updated_at').notNull(),
    card: json('card').notNull(),
  },
  (t) => [
    index('cases_area_status_idx').on(t.areaId, t.status),
    index('cases_area_updated_idx').on(t.areaId, t.updatedAt),
    index('cases_closed_idx')
      .on(t.areaId, sql`(${t.card} ->> 'closedAt')`)
      .where(sql`${t.status} = 'closed'`),
  ],
);

/** The card search index (R-SEARCH): one row per card, written in the card's transaction. */
export const caseSearch = pgTable(
  'case_search',
  {
    caseId: text('case_id').primaryKey(),
    areaId: text('area_id').notNull(),
    createdAt: text('created_at').notNull(),
    words: tsvector('words').notNull(),
    source: text('source').notNull(),
  },
  (t) => [
    index('case_search_words_idx').using('gin', t.words),
    index('case_search_area_created_idx').on(t.areaId, t.createdAt),
  ],
);

export const services = pgTable(
  'services',
  {
    id: text('id').primaryKey(),
    areaId: text('area_id').notNull(),
    kind: text('kind').notNull(),
    organisation: text('organisation').notNull(),
    version: integer('version').notNull(),
    holdCount: integer('hold_count').notNull(),
    updatedAt: text('updated_at').notNull(),
    service: json('service').notNull(),
  },
  (t) => [index('services_area_idx').on(t.areaId), index('services_holds_idx').on(t.holdCount)],
);

export const units = pgTable(
  'units',
  {
    id: text('id').primaryKey(),
    areaId: text('area_id').notNull(),
    status: text('status').notNull(),
    version: integer('version').notNull(),
    acceptBy: text('accept_by'),
    updatedAt: text('updated_at').notNull(),
    unit: json('unit').notNull(),
  },
  (t) => [index('units_area_idx').on(t.areaId), index('units_accept_by_idx').on(t.acceptBy)],
);

export const handoverNotes = pgTable(
  'handover_notes',
  {
    id: text('id').primaryKey(),
    areaId: text('area_id').notNull(),
    shiftStart: text('shift_start').notNull(),
    version: integer('version').notNull(),
    updatedAt: text('updated_at').notNull(),
    note: json('note').notNull(),
  },
  (t) => [index('handover_notes_area_shift_idx').on(t.areaId, t.shiftStart)],
);

export const areas = pgTable(
  'areas',
  {
    id: text('id').primaryKey(),
    name: text('name').notNull(),
    shortCode: text('short_code').notNull().default(''),
    isDemo: boolean('is_demo').notNull().default(false),
    version: integer('version').notNull().default(0),
    updatedAt: text('updated_at').notNull().default(''),
  },
  (t) => [uniqueIndex('areas_short_code_unique').on(t.shortCode)],
);

export const organisations = pgTable(
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

export const users = pgTable(
  'users',
  {
    id: text('id').primaryKey(),
    username: text('username').notNull(),
    displayName: text('display_name').notNull(),
    role: text('role').notNull(),
    organisationId: text('organisation_id').notNull().default(''),
    areaId: text('area_id').notNull(),
    contact: text('contact').notNull().default('{"phone":"","email":""}'),
    isEnabled: boolean('is_enabled').notNull().default(true),
    isDemo: boolean('is_demo').notNull().default(false),
    mustChangePassword: boolean('must_change_password').notNull().default(false),
    hasMfa: boolean('has_mfa').notNull().default(false),
    version: integer('version').notNull().default(0),
    createdAt: text('created_at').notNull(),
    updatedAt: text('updated_at').notNull().default(''),
  },
  (t) => [
    uniqueIndex('users_username_unique').on(t.username),
    // Foreign keys keep PostgreSQL's own names (table_column_fkey), as the first hand-written schema had them.
    foreignKey({ name: 'users_area_id_fkey', columns: [t.areaId], foreignColumns: [areas.id] }),
  ],
);

export const credentials = pgTable(
  'credentials',
  {
    userId: text('user_id').primaryKey(),
    passwordHash: text('password_hash').notNull(),
    passwordChangedAt: text('password_changed_at').notNull(),
    mfaSecret: text('mfa_secret'),
    mfaLastStep: int64('mfa_last_step'),
    recoveryCodes: text('recovery_codes').notNull().default('[]'),
  },
  (t) => [foreignKey({ name: 'credentials_user_id_fkey', columns: [t.userId], foreignColumns: [users.id] })],
);

export const sessions = pgTable(
  'sessions',
  {
    tokenHash: text('token_hash').primaryKey(),
    id: text('id').notNull().default(''),
    userId: text('user_id').notNull(),
    stage: text('stage').notNull().default('active'),
    createdAt: text('created_at').notNull(),
    expiresAt: text('expires_at').notNull(),
    lastActiveAt: text('last_active_at').notNull().default(''),
    lockedAt: text('locked_at'),
    pendingMfaSecret: text('pending_mfa_secret'),
    failures: integer('failures').notNull().default(0),
    userAgent: text('user_agent').notNull().default(''),
    source: text('source').notNull().default(''),
  },
  (t) => [
    index('sessions_expires_idx').on(t.expiresAt),
    index('sessions_user_idx').on(t.userId),
    foreignKey({ name: 'sessions_user_id_fkey', columns: [t.userId], foreignColumns: [users.id] }),
  ],
);

export const signInAttempts = pgTable(
  'sign_in_attempts',
  {
    accountKey: text('account_key').notNull(),
    sourceKey: text('source_key').notNull(),
    atMs: int64('at_ms').notNull(),
  },
  (t) => [index('sign_in_attempts_account_idx').on(t.accountKey, t.atMs), index('sign_in_attempts_at_idx').on(t.atMs)],
);

export const accessLog = pgTable(
  'access_log',
  {
    id: int64('id').primaryKey(),
    userId: text('user_id').notNull(),
    role: text('role').notNull(),
    caseId: text('case_id').notNull(),
    action: text('action').notNull(),
    at: text('at').notNull(),
    areaId: text('area_id').notNull().default(''),
    source: text('source').notNull().default(''),
    prevHash: text('prev_hash').notNull(),
    hash: text('hash').notNull(),
  },
  (t) => [
    index('access_log_area_idx').on(t.areaId, t.id),
    index('access_log_case_idx').on(t.caseId),
    index('access_log_user_idx').on(t.userId, t.id),
  ],
);

export const caseFacts = pgTable(
  'case_facts',
  {
    caseId: text('case_id').primaryKey(),
    areaId: text('area_id').notNull(),
    priority: text('priority').notNull(),
    status: text('status').notNull(),
    createdAt: int64('created_at').notNull(),
    closedAt: int64('closed_at'),
    outcome: text('outcome'),
    ethnicity: text('ethnicity').notNull(),
    sex: text('sex').notNull(),
    ageBand: text('age_band').notNull(),
    postcode: text('postcode'),
    personKey: text('person_key'),
    power: text('power'),
    detainedAt: int64('detained_at'),
    firstPlace: text('first_place'),
    transport: text('transport'),
    policeVehicleReason: text('police_vehicle_reason'),
    policeStation: boolean('police_station').notNull(),
    arrested: boolean('arrested'),
    under18: boolean('under18'),
    durationMinutes: integer('duration_minutes'),
    extended: boolean('extended').notNull(),
    breached: boolean('breached').notNull(),
    handoverMinutes: integer('handover_minutes'),
    detentionOutcome: text('detention_outcome'),
    triagedAt: int64('triaged_at'),
    dispatchedAt: int64('dispatched_at'),
    acceptedAt: int64('accepted_at'),
    onSceneAt: int64('on_scene_at'),
    leftSceneAt: int64('left_scene_at'),
    handedOverAt: int64('handed_over_at'),
    clearAt: int64('clear_at'),
  },
  (t) => [
    index('case_facts_area_created_idx').on(t.areaId, t.createdAt),
    index('case_facts_area_detained_idx').on(t.areaId, t.detainedAt),
    index('case_facts_person_idx').on(t.personKey, t.createdAt),
  ],
);

export const turnAways = pgTable(
  'turn_aways',
  {
    seq: int64('seq').primaryKey(),
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

export const capacityFacts = pgTable(
  'capacity_facts',
  {
    seq: int64('seq').primaryKey(),
    areaId: text('area_id').notNull(),
    serviceId: text('service_id').notNull(),
    at: int64('at').notNull(),
    kind: text('kind').notNull(),
    status: text('status').notNull(),
    inUse: integer('in_use').notNull(),
    inService: integer('in_service').notNull(),
    placesAdult: integer('places_adult').notNull(),
    placesUnder18: integer('places_under18').notNull(),
    freeAdult: integer('free_adult').notNull(),
    freeUnder18: integer('free_under18').notNull(),
    confirmedAt: int64('confirmed_at').notNull(),
    sought: text('sought'),
  },
  (t) => [
    index('capacity_facts_area_at_idx').on(t.areaId, t.at),
    index('capacity_facts_service_idx').on(t.serviceId, t.seq),
  ],
);

export const postcodeAreas = pgTable('postcode_areas', {
  postcode: text('postcode').primaryKey(),
  lsoa: text('lsoa').notNull(),
});

export const areaDeprivation = pgTable('area_deprivation', {
  lsoa: text('lsoa').primaryKey(),
  decile: integer('decile').notNull(),
  edition: text('edition').notNull(),
});

/** socket.io's PostgreSQL adapter keeps messages over NOTIFY's 8,000 bytes here (server/cluster.ts). */
export const socketIoAttachments = pgTable('socket_io_attachments', {
  id: bigserial('id', { mode: 'number' }).unique('socket_io_attachments_id_key'),
  createdAt: timestamp('created_at', { withTimezone: true }).defaultNow(),
  payload: bytea('payload'),
});
