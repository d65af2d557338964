import { and, eq, gt, lte, sql } from 'drizzle-orm';
import type { TCaseEvent, TNewCaseEvent } from '@shared/rules/case-events';
import type { TNewServiceEvent, TServiceEvent } from '@shared/rules/service-events';
import type { TNewUnitEvent, TUnitEvent } from '@shared/rules/unit-events';
import type { TService } from '@shared/schemas/service';
import type { TUnit } from '@shared/schemas/unit';
import type { TCaseCard } from '@shared/schemas/case';
import type { TRole, TUser } from '@shared/schemas/user';
import { openDatabase } from '../connection';
import type {
  TCaseRepository,
  TExecuteRequest,
  TExecuteResult,
  TServiceRepository,
  TUnitRepository,
  TStore,
  TUserRecord,
} from '../repositories';
import { accessLog, areas, sessions, users } from '../schema';

interface TEventRow {
  seq: number;
  stream_id: string;
  stream_version: number;
  type: string;
  payload: string;
  actor_id: string;
  actor_name: string;
  actor_role: string;
  command_id: string;
  occurred_at: string;
}

type TSqlite = ReturnType<typeof openDatabase>['sqlite'];
export type TStreamKind = 'case' | 'service' | 'unit';

/** The columns every stream's events share; the stream id is named per kind (caseId, serviceId). */
function rowToEventFields(row: TEventRow) {
  return {
    seq: row.seq,
    version: row.stream_version,
    type: row.type,
    data: JSON.parse(row.payload) as unknown,
    at: row.occurred_at,
    actor: { id: row.actor_id, name: row.actor_name, role: row.actor_role as TRole },
    commandId: row.command_id,
  };
}

function rowToEvent(row: TEventRow): TCaseEvent {
  return { ...rowToEventFields(row), caseId: row.stream_id } as TCaseEvent;
}

function rowToServiceEvent(row: TEventRow): TServiceEvent {
  return { ...rowToEventFields(row), serviceId: row.stream_id } as TServiceEvent;
}

function rowToUnitEvent(row: TEventRow): TUnitEvent {
  return { ...rowToEventFields(row), unitId: row.stream_id } as TUnitEvent;
}

interface TNewStreamEvent {
  version: number;
  type: string;
  data: unknown;
  actor: { id: string; name: string; role: string };
  commandId: string;
  at: string;
}

type TStreamResult<TEvent, TState> =
  | { kind: 'applied'; events: (TEvent & { seq: number })[]; state: TState }
  | { kind: 'repeat'; streamId: string; lastSeq: number; commandName: string; actorId: string };

/**
 * The one write path for every kind of stream, in one transaction: idempotency check (a known commandId
 * returns what it did), load the projection, decide, append events, write the projection, remember the
 * command. `decide` throws to abort, and then nothing is written.
 */
function createStreamWriter<TState extends { areaId: string; updatedAt: string }>(
  sqlite: TSqlite,
  kind: TStreamKind,
  projection: { read: (id: string) => TState | null; write: (state: TState) => void },
) {
  const s = {
    findCommand: sqlite.prepare<[string], { name: string; actor_id: string; stream_id: string; last_seq: number }>(
      'SELECT name, actor_id, stream_id, last_seq FROM commands WHERE command_id = ?',
    ),
    eventsAfterVersion: sqlite.prepare<[string, number], TEventRow>(
      'SELECT * FROM events WHERE stream_id = ? AND stream_version > ? ORDER BY stream_version',
    ),
    insertEvent: sqlite.prepare(
      `INSERT INTO events (stream_id, stream_kind, stream_version, area_id, type, payload, actor_id, actor_name, actor_role, command_id, occurred_at)
       VALUES (@streamId, @kind, @version, @areaId, @type, @payload, @actorId, @actorName, @actorRole, @commandId, @at)`,
    ),
    insertCommand: sqlite.prepare(
      'INSERT INTO commands (command_id, name, actor_id, stream_id, last_seq, applied_at) VALUES (?, ?, ?, ?, ?, ?)',
    ),
  };
  const write = <TEvent extends TNewStreamEvent>(request: {
    commandId: string;
    commandName: string;
    actorId: string;
    streamId: string;
    decide: (
      current: TState | null,
      eventsAfter: (version: number) => TEventRow[],
    ) => { events: TEvent[]; state: TState };
  }): TStreamResult<TEvent, TState> => {
    const seen = s.findCommand.get(request.commandId);
    if (seen) {
      return {
        kind: 'repeat',
        streamId: seen.stream_id,
        lastSeq: seen.last_seq,
        commandName: seen.name,
        actorId: seen.actor_id,
      };
    }
    const { events, state } = request.decide(projection.read(request.streamId), (version) =>
      s.eventsAfterVersion.all(request.streamId, version),
    );
    if (events.length === 0) throw new Error('A command decided on no events');
    const stored = events.map((e) => {
      const info = s.insertEvent.run({
        streamId: request.streamId,
        kind,
        version: e.version,
        areaId: state.areaId,
        type: e.type,
        payload: JSON.stringify(e.data),
        actorId: e.actor.id,
        actorName: e.actor.name,
        actorRole: e.actor.role,
        commandId: e.commandId,
        at: e.at,
      });
      return { ...e, seq: Number(info.lastInsertRowid) };
    });
    projection.write(state);
    const lastSeq = stored[stored.length - 1]?.seq ?? 0;
    s.insertCommand.run(
      request.commandId,
      request.commandName,
      request.actorId,
      request.streamId,
      lastSeq,
      state.updatedAt,
    );
    return { kind: 'applied', events: stored, state };
  };
  // BEGIN IMMEDIATE: the write lock is taken before the read, so two commands on the last place serialise.
  return <TEvent extends TNewStreamEvent>(request: Parameters<typeof write<TEvent>>[0]) =>
    sqlite.transaction(() => write(request)).immediate();
}

/** Folds every event of one kind again into fresh projection rows (recovery and audit). */
function rebuild<TState, TEvent>(
  sqlite: TSqlite,
  kind: TStreamKind,
  table: 'cases' | 'services' | 'units',
  toEvent: (row: TEventRow) => TEvent,
  idOf: (event: TEvent) => string,
  evolve: (state: TState | null, event: TEvent) => TState,
  write: (state: TState) => void,
): number {
  const states = new Map<string, TState>();
  const rows = sqlite.prepare<[string], TEventRow>('SELECT * FROM events WHERE stream_kind = ? ORDER BY seq');
  for (const row of rows.iterate(kind)) {
    const event = toEvent(row);
    states.set(idOf(event), evolve(states.get(idOf(event)) ?? null, event));
  }
  sqlite.prepare(`DELETE FROM ${table}`).run();
  for (const state of states.values()) write(state);
  return states.size;
}

/**
 * The case repository on SQLite. Hot paths use statements prepared once here: drizzle's query builder
 * re-prepares SQL on every call, which measured at 0.3× raw throughput.
 */
function createCaseRepository(sqlite: TSqlite): TCaseRepository {
  const s = {
    getCard: sqlite.prepare<[string], { card: string }>('SELECT card FROM cases WHERE id = ?'),
    upsertCard: sqlite.prepare(
      `INSERT INTO cases (id, area_id, status, priority, version, created_at, updated_at, card)
       VALUES (@id, @areaId, @status, @priority, @version, @createdAt, @updatedAt, @card)
       ON CONFLICT(id) DO UPDATE SET status = excluded.status, priority = excluded.priority,
         version = excluded.version, updated_at = excluded.updated_at, card = excluded.card`,
    ),
    listOpen: sqlite.prepare<[string], { card: string }>(
      "SELECT card FROM cases WHERE area_id = ? AND status != 'closed'",
    ),
    runningDetentions: sqlite.prepare<[], { card: string }>(
      `SELECT card FROM cases WHERE status != 'closed'
         AND json_extract(card, '$.detention') IS NOT NULL AND json_extract(card, '$.detention.outcome') IS NULL`,
    ),
    withDetention: sqlite.prepare<[string], { card: string }>(
      "SELECT card FROM cases WHERE area_id = ? AND json_extract(card, '$.detention') IS NOT NULL",
    ),
    endedSince: sqlite.prepare<[string], { card: string }>(
      "SELECT card FROM cases WHERE json_extract(card, '$.detention.outcome.at') >= ?",
    ),
    history: sqlite.prepare<[string], TEventRow>('SELECT * FROM events WHERE stream_id = ? ORDER BY stream_version'),
    since: sqlite.prepare<[string, number, number], TEventRow>(
      "SELECT * FROM events WHERE area_id = ? AND seq > ? AND stream_kind = 'case' ORDER BY seq LIMIT ?",
    ),
    head: sqlite.prepare<[], { seq: number | null }>('SELECT MAX(seq) AS seq FROM events'),
  };

  const writeCard = (card: TCaseCard): void => {
    s.upsertCard.run({
      id: card.id,
      areaId: card.areaId,
      status: card.status,
      priority: card.priority,
      version: card.version,
      createdAt: card.createdAt,
      updatedAt: card.updatedAt,
      card: JSON.stringify(card),
    });
  };

  const readCard = (caseId: string): TCaseCard | null => {
    const row = s.getCard.get(caseId);
    return row ? (JSON.parse(row.card) as TCaseCard) : null;
  };

  const writeStream = createStreamWriter<TCaseCard>(sqlite, 'case', { read: readCard, write: writeCard });
  const execute = (request: TExecuteRequest): TExecuteResult => {
    const result = writeStream<TNewCaseEvent>({
      ...request,
      streamId: request.caseId,
      decide: (current, eventsAfter) => {
        const { events, card } = request.decide(current, (version) => eventsAfter(version).map(rowToEvent));
        return { events, state: card };
      },
    });
    if (result.kind === 'repeat') {
      const { streamId, ...rest } = result;
      return { ...rest, caseId: streamId };
    }
    return { kind: 'applied', events: result.events as TCaseEvent[], card: result.state };
  };

  // async, so a failure is always a rejected promise, as a networked backend's would be.
  return {
    execute: async (request) => execute(request),
    get: async (caseId) => readCard(caseId),
    listOpen: async (areaId) => s.listOpen.all(areaId).map((r) => JSON.parse(r.card) as TCaseCard),
    listWithRunningDetention: async () => s.runningDetentions.all().map((r) => JSON.parse(r.card) as TCaseCard),
    listWithDetention: async (areaId) => s.withDetention.all(areaId).map((r) => JSON.parse(r.card) as TCaseCard),
    listDetentionsEndedSince: async (since) => s.endedSince.all(since).map((r) => JSON.parse(r.card) as TCaseCard),
    history: async (caseId) => s.history.all(caseId).map(rowToEvent),
    eventsSince: async (areaId, afterSeq, limit) => s.since.all(areaId, afterSeq, limit).map(rowToEvent),
    headSeq: async () => s.head.get()?.seq ?? 0,
    rebuildProjection: async (evolve) =>
      sqlite
        .transaction(() => rebuild(sqlite, 'case', 'cases', rowToEvent, (e) => e.caseId, evolve, writeCard))
        .immediate(),
  };
}

/**
 * A projection table holding each stream's state as JSON plus a few columns to query by. The column
 * list is fixed per table in code, never from input.
 */
function createJsonProjection<TState extends { id: string }>(
  sqlite: TSqlite,
  table: 'services' | 'units',
  columns: Record<string, (state: TState) => string | number | null>,
) {
  const names = ['id', ...Object.keys(columns), 'state_json'];
  const sqlNames = names.map((n) => (n === 'state_json' ? (table === 'services' ? 'service' : 'unit') : n));
  const json = sqlNames[sqlNames.length - 1] ?? '';
  const upsert = sqlite.prepare(
    `INSERT INTO ${table} (${sqlNames.join(', ')}) VALUES (${names.map((n) => `@${n}`).join(', ')})
     ON CONFLICT(id) DO UPDATE SET ${sqlNames
       .slice(1)
       .map((n) => `${n} = excluded.${n}`)
       .join(', ')}`,
  );
  const get = sqlite.prepare<[string], { json: string }>(`SELECT ${json} AS json FROM ${table} WHERE id = ?`);
  const inArea = sqlite.prepare<[string], { json: string }>(
    `SELECT ${json} AS json FROM ${table} WHERE area_id = ? ORDER BY id`,
  );
  const parse = (row: { json: string }) => JSON.parse(row.json) as TState;
  return {
    parse,
    read: (id: string): TState | null => {
      const row = get.get(id);
      return row ? parse(row) : null;
    },
    write: (state: TState): void => {
      upsert.run({
        id: state.id,
        ...Object.fromEntries(Object.entries(columns).map(([k, f]) => [k, f(state)])),
        state_json: JSON.stringify(state),
      });
    },
    listInArea: (areaId: string): TState[] => inArea.all(areaId).map(parse),
    /** Rows matching a fixed WHERE clause written in this file. */
    where: (clause: string) => {
      const statement = sqlite.prepare<[], { json: string }>(`SELECT ${json} AS json FROM ${table} WHERE ${clause}`);
      return (): TState[] => statement.all().map(parse);
    },
  };
}

/** The service registry on SQLite: the same stream writer as cases, its own projection table. */
function createServiceRepository(sqlite: TSqlite): TServiceRepository {
  const projection = createJsonProjection<TService>(sqlite, 'services', {
    area_id: (s) => s.areaId,
    kind: (s) => s.kind,
    organisation: (s) => s.organisation,
    version: (s) => s.version,
    hold_count: (s) => s.holds.length,
    updated_at: (s) => s.updatedAt,
  });
  const withHolds = projection.where('hold_count > 0');
  const s = {
    since: sqlite.prepare<[string, string], TEventRow>(
      "SELECT * FROM events WHERE area_id = ? AND stream_kind = 'service' AND occurred_at >= ? ORDER BY seq",
    ),
    until: sqlite.prepare<[string, string], TEventRow>(
      "SELECT * FROM events WHERE area_id = ? AND stream_kind = 'service' AND occurred_at < ? ORDER BY seq",
    ),
  };
  const writeStream = createStreamWriter<TService>(sqlite, 'service', projection);

  return {
    execute: async (request) => {
      const result = writeStream<TNewServiceEvent>({
        ...request,
        streamId: request.serviceId,
        decide: (current) => {
          const { events, service } = request.decide(current);
          return { events, state: service };
        },
      });
      if (result.kind === 'repeat') {
        const { streamId, ...rest } = result;
        return { ...rest, serviceId: streamId };
      }
      return { kind: 'applied', events: result.events as TServiceEvent[], service: result.state };
    },
    get: async (id) => projection.read(id),
    list: async (areaId) => projection.listInArea(areaId),
    listWithHolds: async () => withHolds(),
    eventsSince: async (areaId, sinceIso) => s.since.all(areaId, sinceIso).map(rowToServiceEvent),
    eventsUntil: async (areaId, untilIso) => s.until.all(areaId, untilIso).map(rowToServiceEvent),
    rebuildProjection: async (evolve) =>
      sqlite
        .transaction(() =>
          rebuild(sqlite, 'service', 'services', rowToServiceEvent, (e) => e.serviceId, evolve, projection.write),
        )
        .immediate(),
  };
}

/** Units (crews) on SQLite: the same stream writer, its own projection. */
function createUnitRepository(sqlite: TSqlite): TUnitRepository {
  const projection = createJsonProjection<TUnit>(sqlite, 'units', {
    area_id: (u) => u.areaId,
    status: (u) => u.status,
    version: (u) => u.version,
    accept_by: (u) =>
      u.assignment && !u.assignment.acceptedAt && !u.assignment.escalatedAt ? u.assignment.acceptBy : null,
    updated_at: (u) => u.updatedAt,
  });
  const awaiting = projection.where('accept_by IS NOT NULL');
  const forCase = sqlite.prepare<[string], TEventRow>(
    "SELECT * FROM events WHERE stream_kind = 'unit' AND json_extract(payload, '$.caseId') = ? ORDER BY seq",
  );
  const writeStream = createStreamWriter<TUnit>(sqlite, 'unit', projection);
  return {
    execute: async (request) => {
      const result = writeStream<TNewUnitEvent>({
        ...request,
        streamId: request.unitId,
        decide: (current) => {
          const { events, unit } = request.decide(current);
          return { events, state: unit };
        },
      });
      if (result.kind === 'repeat') {
        const { streamId, ...rest } = result;
        return { ...rest, unitId: streamId };
      }
      return { kind: 'applied', events: result.events as TUnitEvent[], unit: result.state };
    },
    get: async (id) => projection.read(id),
    list: async (areaId) => projection.listInArea(areaId),
    listAwaitingAcceptance: async () => awaiting(),
    eventsForCase: async (caseId) => forCase.all(caseId).map(rowToUnitEvent),
    rebuildProjection: async (evolve) =>
      sqlite
        .transaction(() => rebuild(sqlite, 'unit', 'units', rowToUnitEvent, (e) => e.unitId, evolve, projection.write))
        .immediate(),
  };
}

function toUser(row: typeof users.$inferSelect): TUserRecord {
  return {
    id: row.id,
    username: row.username,
    displayName: row.displayName,
    role: row.role as TRole,
    organisation: row.organisation,
    areaId: row.areaId,
    passwordHash: row.passwordHash,
  };
}

/** Opens the SQLite store at `path` (migrating it) and returns the repositories over it. */
export function createSqliteStore(path: string): TStore {
  const { sqlite, db } = openDatabase(path);

  const userByName = db
    .select()
    .from(users)
    .where(eq(users.username, sql.placeholder('username')))
    .prepare();
  const sessionUser = db
    .select({ user: users })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(and(eq(sessions.tokenHash, sql.placeholder('tokenHash')), gt(sessions.expiresAt, sql.placeholder('now'))))
    .prepare();
  const insertAccess = db
    .insert(accessLog)
    .values({
      userId: sql.placeholder('userId'),
      role: sql.placeholder('role'),
      caseId: sql.placeholder('caseId'),
      action: sql.placeholder('action'),
      at: sql.placeholder('at'),
    })
    .prepare();

  return {
    users: {
      ensureArea: async (area) => {
        db.insert(areas).values(area).onConflictDoNothing().run();
      },
      insert: async (user) => {
        db.insert(users)
          .values({ ...user, createdAt: new Date().toISOString() })
          .run();
      },
      findById: async (id) => {
        const row = db.select().from(users).where(eq(users.id, id)).get();
        return row ? toUser(row) : null;
      },
      findByUsername: async (username) => {
        const row = userByName.get({ username });
        return row ? toUser(row) : null;
      },
      count: async () => db.$count(users),
    },
    sessions: {
      create: async (session) => {
        db.insert(sessions)
          .values({ ...session, createdAt: new Date().toISOString() })
          .run();
      },
      findUser: async (tokenHash, now) => {
        const row = sessionUser.get({ tokenHash, now });
        if (!row) return null;
        const { passwordHash: _omit, ...user } = toUser(row.user);
        return user satisfies TUser;
      },
      delete: async (tokenHash) => {
        db.delete(sessions).where(eq(sessions.tokenHash, tokenHash)).run();
      },
      deleteExpired: async (now) => {
        const gone = db
          .delete(sessions)
          .where(lte(sessions.expiresAt, now))
          .returning({ tokenHash: sessions.tokenHash })
          .all();
        return gone.map((g) => g.tokenHash);
      },
    },
    cases: createCaseRepository(sqlite),
    services: createServiceRepository(sqlite),
    units: createUnitRepository(sqlite),
    accessLog: {
      record: async (entry) => {
        insertAccess.run(entry);
      },
      forCase: async (caseId) =>
        db
          .select({ userId: accessLog.userId, role: accessLog.role, action: accessLog.action, at: accessLog.at })
          .from(accessLog)
          .where(eq(accessLog.caseId, caseId))
          .all(),
    },
    close: () => sqlite.close(),
  };
}
