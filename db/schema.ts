import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

export const areas = sqliteTable('areas', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
});

export const users = sqliteTable('users', {
  id: text('id').primaryKey(),
  username: text('username').notNull().unique(),
  displayName: text('display_name').notNull(),
  role: text('role').notNull(),
  organisation: text('organisation').notNull(),
  areaId: text('area_id')
    .notNull()
    .references(() => areas.id),
  passwordHash: text('password_hash').notNull(),
  createdAt: text('created_at').notNull(),
});

/** Server-side sessions. The cookie holds a random token; only its SHA-256 is stored. */
export const sessions = sqliteTable(
  'sessions',
  {
    tokenHash: text('token_hash').primaryKey(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id),
    createdAt: text('created_at').notNull(),
    expiresAt: text('expires_at').notNull(),
  },
  (t) => [index('sessions_expires_idx').on(t.expiresAt)],
);

/** The append-only event log: the source of truth for sync and audit. */
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

/** Every view of a person's record (R-IG-AUDIT). */
export const accessLog = sqliteTable(
  'access_log',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    userId: text('user_id').notNull(),
    role: text('role').notNull(),
    caseId: text('case_id').notNull(),
    action: text('action').notNull(),
    at: text('at').notNull(),
  },
  (t) => [index('access_log_case_idx').on(t.caseId)],
);
