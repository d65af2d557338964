import type { THandoverNote } from '@shared/schemas/handover';
import type { TService } from '@shared/schemas/service';
import type { TUnit } from '@shared/schemas/unit';
import type { TCaseCard } from '@shared/schemas/case';
import type { TCaseEvent } from '@shared/rules/case-events';
import type { TServiceEvent } from '@shared/rules/service-events';
import type { TUnitEvent } from '@shared/rules/unit-events';
import {
  normaliseCard,
  rowToEvent,
  rowToServiceEvent,
  rowToStoredEvent,
  rowToUnitEvent,
  type TEventRow,
} from '../event-rows';
import { executeCase, executeService, executeUnit } from '../execute-one';
import { CHAIN_KEY, createChainWalker, GENESIS_HASH, type TChainValue } from '../hash-chain';
import type {
  TCaseRepository,
  TChainHead,
  TChainReport,
  TChainedLog,
  TServiceRepository,
  TStore,
  TStreamKind,
  TStreamStore,
  TUnitRepository,
} from '../repositories';
import {
  createAccountProjections,
  createAccountRepository,
  createAreaRepository,
  createOrganisationRepository,
  createSessionRepository,
  createSignInAttemptRepository,
  createSideWriters,
} from './account-store';
import { createAccessLogRepository } from './access-log-store';
import { createCaseSearch, samePersonQuery, searchQuery } from './case-search';
import { inTransaction, openPostgres } from './connection';
import {
  asOneStatement,
  LOG_LOCK,
  type TPgPool,
  type TPgProjection,
  type TPgQueryable,
  type TStatement,
} from './pg-types';
import { createReportStore } from './report-store';
import { createStreamStore } from './stream-store';
import { sideRowsToWrite } from '../card-side-rows';

/** The projection tables that hold a stream's state as json, and their json column. */
const JSON_COLUMN = { services: 'service', units: 'unit', handover_notes: 'note' } as const;

/**
 * A projection table holding each stream's state as json plus a few columns to query by. The column list
 * is fixed per table in code, never from input.
 */
function jsonProjection<TState extends { id: string }>(
  table: keyof typeof JSON_COLUMN,
  columns: Record<string, (state: TState) => string | number | null>,
  areaOf: (state: TState) => string,
) {
  const json = JSON_COLUMN[table];
  const names = ['id', ...Object.keys(columns), json];
  const upsert = `INSERT INTO ${table} (${names.join(', ')}) VALUES (${names.map((_, i) => `$${i + 1}`).join(', ')})
    ON CONFLICT (id) DO UPDATE SET ${names
      .slice(1)
      .map((n) => `${n} = excluded.${n}`)
      .join(', ')}`;
  const statement = (state: TState): TStatement => ({
    text: upsert,
    values: [state.id, ...Object.values(columns).map((f) => f(state)), JSON.stringify(state)],
  });
  const projection: TPgProjection<TState> = {
    read: async (db, id) =>
      (await db.query<{ json: TState }>(`SELECT ${json} AS json FROM ${table} WHERE id = $1`, [id])).rows[0]?.json ??
      null,
    write: async (db, state) => {
      await db.query(upsert, statement(state).values);
    },
    statements: (state) => [statement(state)],
    areaOf,
  };
  return {
    projection,
    listInArea: async (db: TPgQueryable, areaId: string): Promise<TState[]> =>
      (
        await db.query<{ json: TState }>(
          `SELECT ${json} AS json FROM ${table} WHERE area_id = $1 ORDER BY id COLLATE "C"`,
          [areaId],
        )
      ).rows.map((r) => r.json),
    /** Rows matching a fixed WHERE clause written in this file. */
    where:
      (clause: string) =>
      async (db: TPgQueryable): Promise<TState[]> =>
        (await db.query<{ json: TState }>(`SELECT ${json} AS json FROM ${table} WHERE ${clause}`)).rows.map(
          (r) => r.json,
        ),
  };
}

/** Folds every event of one kind again into fresh projection rows, in the caller's transaction. */
async function rebuild<TState, TEvent>(
  db: TPgQueryable,
  kind: TStreamKind,
  table: 'cases' | 'services' | 'units',
  toEvent: (row: TEventRow) => TEvent,
  idOf: (event: TEvent) => string,
  evolve: (state: TState | null, event: TEvent) => TState,
  /** Every row is written afresh: there is no previous state to compare with. */
  write: (db: TPgQueryable, state: TState, previous: null) => Promise<void>,
): Promise<number> {
  const states = new Map<string, TState>();
  for (let after = 0, more = true; more;) {
    const page = await db.query<TEventRow>(
      'SELECT * FROM events WHERE stream_kind = $1 AND seq > $2 ORDER BY seq LIMIT 5000',
      [kind, after],
    );
    for (const row of page.rows) {
      const event = toEvent(row);
      states.set(idOf(event), evolve(states.get(idOf(event)) ?? null, event));
    }
    more = page.rows.length > 0;
    after = page.rows[page.rows.length - 1]?.seq ?? after;
  }
  await db.query(`DELETE FROM ${table}`);
  for (const state of states.values()) await write(db, state, null);
  return states.size;
}

/** A rebuild runs like a command: under the event log's lock, so nothing is written meanwhile. */
const underLogLock = <T>(pool: TPgPool, fn: (db: TPgQueryable) => Promise<T>): Promise<T> =>
  inTransaction(pool, fn, { lock: LOG_LOCK.events });

const cards = (rows: { card: unknown }[]): TCaseCard[] => rows.map((r) => normaliseCard(r.card));

function createCaseRepository(
  pool: TPgPool,
  streams: () => TStreamStore,
  reports: ReturnType<typeof createReportStore>,
  search: ReturnType<typeof createCaseSearch>,
): { projection: TPgProjection<TCaseCard>; repository: TCaseRepository } {
  const read = async (db: TPgQueryable, caseId: string): Promise<TCaseCard | null> => {
    const row = (await db.query<{ card: unknown }>('SELECT card FROM cases WHERE id = $1', [caseId])).rows[0];
    return row ? normaliseCard(row.card) : null;
  };
  /**
   * The card, then its search row and its facts row, each left out when the command's change did not
   * touch what it reads (db/card-side-rows.ts): written together, in one round trip.
   */
  const statements = (card: TCaseCard, previous: TCaseCard | null): TStatement[] => {
    const side = sideRowsToWrite(previous, card);
    return [
      cardStatement(card),
      ...(side.search ? [search.indexStatement(card)] : []),
      ...(side.facts ? [reports.factsStatement(card)] : []),
    ];
  };
  const cardStatement = (card: TCaseCard): TStatement => ({
    text: `INSERT INTO cases (id, area_id, status, priority, version, created_at, updated_at, card)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (id) DO UPDATE SET status = excluded.status, priority = excluded.priority,
         version = excluded.version, updated_at = excluded.updated_at, card = excluded.card`,
    values: [
      card.id,
      card.areaId,
      card.status,
      card.priority,
      card.version,
      card.createdAt,
      card.updatedAt,
      JSON.stringify(card),
    ],
  });
  const write = async (db: TPgQueryable, card: TCaseCard, previous: TCaseCard | null): Promise<void> => {
    const { text, values } = asOneStatement(statements(card, previous));
    await db.query(text, values);
  };
  const query = async (text: string, values: unknown[]): Promise<TCaseCard[]> =>
    cards((await pool.query<{ card: unknown }>(text, values)).rows);
  const events = async (text: string, values: unknown[]): Promise<TEventRow[]> =>
    (await pool.query<TEventRow>(text, values)).rows;

  const repository: TCaseRepository = {
    execute: (request) => executeCase(streams(), request),
    get: (caseId) => read(pool, caseId),
    getMany: async (caseIds) =>
      caseIds.length === 0 ? [] : query('SELECT card FROM cases WHERE id = ANY($1::text[])', [caseIds]),
    listOpen: (areaId) => query("SELECT card FROM cases WHERE area_id = $1 AND status != 'closed'", [areaId]),
    listWithRunningDetention: () =>
      query(
        `SELECT card FROM cases WHERE status != 'closed'
           AND json_typeof(card -> 'detention') = 'object' AND json_typeof(card -> 'detention' -> 'outcome') IS DISTINCT FROM 'object'`,
        [],
      ),
    listWithDetention: (areaId) =>
      query("SELECT card FROM cases WHERE area_id = $1 AND json_typeof(card -> 'detention') = 'object'", [areaId]),
    listDetentionsEndedSince: (since) =>
      query("SELECT card FROM cases WHERE card -> 'detention' -> 'outcome' ->> 'at' >= $1", [since]),
    history: async (caseId) =>
      (await events('SELECT * FROM events WHERE stream_id = $1 ORDER BY stream_version', [caseId])).map(rowToEvent),
    linkedHistory: async (caseId) =>
      (
        await events(
          `SELECT * FROM events WHERE stream_kind = 'unit' AND (payload::json) ->> 'caseId' = $1
           UNION ALL
           SELECT * FROM events WHERE stream_kind = 'service' AND (payload::json) -> 'hold' ->> 'caseId' = $1
           UNION ALL
           SELECT * FROM events WHERE stream_kind = 'service' AND (payload::json) ->> 'holdId' IN (
             SELECT (payload::json) -> 'hold' ->> 'id' FROM events
             WHERE stream_kind = 'service' AND (payload::json) -> 'hold' ->> 'caseId' = $1
           )
           ORDER BY seq`,
          [caseId],
        )
      ).map(rowToStoredEvent),
    eventsSince: async (areaId, afterSeq, limit) =>
      (
        await events(
          "SELECT * FROM events WHERE area_id = $1 AND seq > $2 AND stream_kind = 'case' ORDER BY seq LIMIT $3",
          [areaId, afterSeq, limit],
        )
      ).map(rowToEvent),
    headSeq: async () =>
      (await pool.query<{ seq: number | null }>('SELECT max(seq) AS seq FROM events')).rows[0]?.seq ?? 0,
    rebuildProjection: (evolve) =>
      underLogLock(pool, async (db) => {
        await db.query('DELETE FROM case_search');
        return rebuild<TCaseCard, TCaseEvent>(db, 'case', 'cases', rowToEvent, (e) => e.caseId, evolve, write);
      }),
    search: async (areaId, terms, view, limit) => {
      const q = searchQuery(terms, view);
      return q ? search.find(q, areaId, limit) : [];
    },
    samePersonCandidates: async (card, limit) => {
      const q = samePersonQuery(card);
      const linked: TCaseCard[] = [];
      for (const link of card.personLinks) {
        const found = await read(pool, link.caseId);
        if (found) linked.push(found);
      }
      const found = q ? await search.find(q, card.areaId, limit) : [];
      const byId = new Map([...linked, ...found].map((c) => [c.id, c]));
      byId.delete(card.id);
      return [...byId.values()];
    },
    listClosed: (areaId, f) =>
      query(
        `SELECT card FROM cases WHERE area_id = $1 AND status = 'closed'
           AND card ->> 'closedAt' >= $2 AND card ->> 'closedAt' < $3
           AND ($4::text IS NULL OR card -> 'outcome' ->> 'kind' = $4)
           AND ($5::text IS NULL OR card -> 'owner' ->> 'id' = $5)
         ORDER BY card ->> 'closedAt' COLLATE "C" DESC LIMIT $6`,
        [areaId, f.since, f.until, f.outcome, f.ownerId, f.limit],
      ),
    listChangedSince: (areaId, since, limit) =>
      query(
        'SELECT card FROM cases WHERE area_id = $1 AND updated_at >= $2 ORDER BY updated_at COLLATE "C" DESC LIMIT $3',
        [areaId, since, limit],
      ),
  };
  return { projection: { read, write, statements, areaOf: (c) => c.areaId }, repository };
}

function createServiceRepository(pool: TPgPool, streams: () => TStreamStore) {
  const table = jsonProjection<TService>(
    'services',
    {
      area_id: (s) => s.areaId,
      kind: (s) => s.kind,
      // The column keeps its first name; it holds the organisation's id.
      organisation: (s) => s.organisationId,
      version: (s) => s.version,
      hold_count: (s) => s.holds.length,
      updated_at: (s) => s.updatedAt,
    },
    (s) => s.areaId,
  );
  const withHolds = table.where('hold_count > 0');
  const serviceEvents = async (text: string, values: unknown[]) =>
    (await pool.query<TEventRow>(text, values)).rows.map(rowToServiceEvent);
  const repository: TServiceRepository = {
    execute: (request) => executeService(streams(), request),
    get: (id) => table.projection.read(pool, id),
    list: (areaId) => table.listInArea(pool, areaId),
    listWithHolds: () => withHolds(pool),
    eventsSince: (areaId, sinceIso) =>
      serviceEvents(
        "SELECT * FROM events WHERE area_id = $1 AND stream_kind = 'service' AND occurred_at >= $2 ORDER BY seq",
        [areaId, sinceIso],
      ),
    eventsUntil: (areaId, untilIso) =>
      serviceEvents(
        "SELECT * FROM events WHERE area_id = $1 AND stream_kind = 'service' AND occurred_at < $2 ORDER BY seq",
        [areaId, untilIso],
      ),
    rebuildProjection: (evolve) =>
      underLogLock(pool, (db) =>
        rebuild<TService, TServiceEvent>(
          db,
          'service',
          'services',
          rowToServiceEvent,
          (e) => e.serviceId,
          evolve,
          table.projection.write,
        ),
      ),
  };
  return { projection: table.projection, repository };
}

function createUnitRepository(pool: TPgPool, streams: () => TStreamStore) {
  const table = jsonProjection<TUnit>(
    'units',
    {
      area_id: (u) => u.areaId,
      status: (u) => u.status,
      version: (u) => u.version,
      accept_by: (u) =>
        u.assignment && !u.assignment.acceptedAt && !u.assignment.escalatedAt ? u.assignment.acceptBy : null,
      updated_at: (u) => u.updatedAt,
    },
    (u) => u.areaId,
  );
  const awaiting = table.where('accept_by IS NOT NULL');
  const repository: TUnitRepository = {
    execute: (request) => executeUnit(streams(), request),
    get: (id) => table.projection.read(pool, id),
    list: (areaId) => table.listInArea(pool, areaId),
    listAwaitingAcceptance: () => awaiting(pool),
    eventsForCase: async (caseId) =>
      (
        await pool.query<TEventRow>(
          "SELECT * FROM events WHERE stream_kind = 'unit' AND (payload::json) ->> 'caseId' = $1 ORDER BY seq",
          [caseId],
        )
      ).rows.map(rowToUnitEvent),
    rebuildProjection: (evolve) =>
      underLogLock(pool, (db) =>
        rebuild<TUnit, TUnitEvent>(
          db,
          'unit',
          'units',
          rowToUnitEvent,
          (e) => e.unitId,
          evolve,
          table.projection.write,
        ),
      ),
  };
  return { projection: table.projection, repository };
}

/** The append-only triggers each log must still have (migration 0000). */
const APPEND_ONLY_TRIGGERS: Record<TChainedLog, readonly string[]> = {
  events: ['events_no_update', 'events_no_delete', 'events_no_truncate'],
  access_log: ['access_log_no_update', 'access_log_no_delete', 'access_log_no_truncate'],
};

/** Walks one log from its first row, a page at a time, in the caller's (read-only, one-snapshot) transaction. */
async function verifyChain(db: TPgQueryable, log: TChainedLog, find: readonly number[] = []): Promise<TChainReport> {
  const key = CHAIN_KEY[log];
  const walker = createChainWalker(log, find);
  for (let after = 0, more = true; more;) {
    const page = await db.query<Record<string, TChainValue>>(
      `SELECT * FROM ${log} WHERE ${key} > $1 ORDER BY ${key} LIMIT 5000`,
      [after],
    );
    more = page.rows.length > 0 && page.rows.every((row) => walker.push(row));
    after = Number(page.rows[page.rows.length - 1]?.[key] ?? after);
  }
  const present = new Set(
    (
      await db.query<{ tgname: string }>(
        'SELECT tgname FROM pg_trigger WHERE tgrelid = $1::regclass AND NOT tgisinternal AND tgenabled != $2',
        [log, 'D'],
      )
    ).rows.map((r) => r.tgname),
  );
  return walker.report(APPEND_ONLY_TRIGGERS[log].filter((t) => !present.has(t)));
}

async function readHead(db: TPgQueryable, log: TChainedLog): Promise<TChainHead> {
  const key = CHAIN_KEY[log];
  const row = (
    await db.query<{ key: number; hash: string }>(`SELECT ${key} AS key, hash FROM ${log} ORDER BY ${key} DESC LIMIT 1`)
  ).rows[0];
  return row ? { log, key: Number(row.key), hash: row.hash } : { log, key: 0, hash: GENESIS_HASH };
}

/** A read-only transaction on one snapshot: both logs as of one moment while the servers keep writing. */
const snapshot = <T>(pool: TPgPool, fn: (db: TPgQueryable) => Promise<T>): Promise<T> =>
  inTransaction(pool, async (db) => {
    await db.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY');
    return fn(db);
  });

/**
 * Opens the PostgreSQL store at `url` (migrating it) and returns the repositories over it: the same
 * contract as the SQLite store (db/store.contract.test.ts runs on both).
 */
export async function createPostgresStore(url: string, options: { maxConnections?: number } = {}): Promise<TStore> {
  const pool = await openPostgres(url, { max: options.maxConnections });
  let streams: TStreamStore | null = null;
  const getStreams = (): TStreamStore => {
    if (!streams) throw new Error('The stream store is not ready');
    return streams;
  };
  const reports = createReportStore(pool);
  const search = createCaseSearch(pool);
  const cases = createCaseRepository(pool, getStreams, reports, search);
  // Cards stored before the search index or the reports were filled are folded in once, as after an upgrade.
  if (await search.isBehind()) await underLogLock(pool, (db) => search.reindexAll(db));
  if (await reports.isBehind()) await underLogLock(pool, (db) => reports.rebuildInTransaction(db));
  const services = createServiceRepository(pool, getStreams);
  const units = createUnitRepository(pool, getStreams);
  const handovers = jsonProjection<THandoverNote>(
    'handover_notes',
    {
      area_id: (n) => n.areaId,
      shift_start: (n) => n.shiftStart,
      version: (n) => n.version,
      updated_at: (n) => n.updatedAt,
    },
    (n) => n.areaId,
  );
  streams = createStreamStore(
    pool,
    {
      case: cases.projection,
      service: services.projection,
      unit: units.projection,
      handover: handovers.projection,
      ...createAccountProjections(),
    },
    { ...createSideWriters(), foldReports: reports.foldEvent },
  );

  return {
    streams,
    areas: createAreaRepository(pool),
    organisations: createOrganisationRepository(pool),
    accounts: createAccountRepository(pool),
    sessions: createSessionRepository(pool),
    signInAttempts: createSignInAttemptRepository(pool),
    cases: cases.repository,
    services: services.repository,
    units: units.repository,
    handovers: { get: (id) => handovers.projection.read(pool, id) },
    reports: reports.repository,
    accessLog: createAccessLogRepository(pool),
    integrity: {
      verifyChains: (find = {}) =>
        snapshot(pool, async (db) => [
          await verifyChain(db, 'events', find.events),
          await verifyChain(db, 'access_log', find.access_log),
        ]),
      heads: () => snapshot(pool, async (db) => [await readHead(db, 'events'), await readHead(db, 'access_log')]),
    },
    close: () => pool.end(),
  };
}
