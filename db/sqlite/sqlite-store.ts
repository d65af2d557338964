import type { TService } from '@shared/schemas/service';
import type { TUnit } from '@shared/schemas/unit';
import type { TCaseCard } from '@shared/schemas/case';
import type { THandoverNote } from '@shared/schemas/handover';
import { openDatabase } from '../connection';
import { parseCard, rowToEvent, rowToServiceEvent, rowToUnitEvent } from '../event-rows';
import { executeCase, executeService, executeUnit } from '../execute-one';
import type {
  TCaseRepository,
  TServiceRepository,
  TStreamKind,
  TStreamStore,
  TUnitRepository,
  TStore,
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
import { createCaseSearch, matchExpression, samePersonExpression } from './case-search';
import { createReportStore } from './report-store';
import type { TSqlite } from './sqlite-types';
import { createAccessLogRepository } from './access-log-store';
import { createHeadReader, verifyChain } from './hash-chain';
import { createStreamStore, rowToStoredEvent, type TEventRow, type TProjection } from './stream-store';
import { sideRowsToWrite } from '../card-side-rows';

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
function createCaseRepository(
  sqlite: TSqlite,
  streams: () => TStreamStore,
  reports: ReturnType<typeof createReportStore>,
): { projection: TProjection<TCaseCard>; repository: TCaseRepository } {
  const s = {
    getCard: sqlite.prepare<[string], { card: string }>('SELECT card FROM cases WHERE id = ?'),
    upsertCard: sqlite.prepare(
      `INSERT INTO cases (id, area_id, status, priority, version, created_at, updated_at, card)
       VALUES (@id, @areaId, @status, @priority, @version, @createdAt, @updatedAt, @card)
       ON CONFLICT(id) DO UPDATE SET status = excluded.status, priority = excluded.priority,
         version = excluded.version, updated_at = excluded.updated_at, card = excluded.card
       RETURNING rowid`,
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
    // Each branch matches one of migration 0009's partial indexes.
    linkedHistory: sqlite.prepare<[string, string, string], TEventRow>(
      `SELECT * FROM events WHERE stream_kind = 'unit' AND json_extract(payload, '$.caseId') = ?
       UNION ALL
       SELECT * FROM events WHERE stream_kind = 'service' AND json_extract(payload, '$.hold.caseId') = ?
       UNION ALL
       SELECT * FROM events WHERE stream_kind = 'service' AND json_extract(payload, '$.holdId') IN (
         SELECT json_extract(payload, '$.hold.id') FROM events
         WHERE stream_kind = 'service' AND json_extract(payload, '$.hold.caseId') = ?
       )
       ORDER BY seq`,
    ),
    since: sqlite.prepare<[string, number, number], TEventRow>(
      "SELECT * FROM events WHERE area_id = ? AND seq > ? AND stream_kind = 'case' ORDER BY seq LIMIT ?",
    ),
    head: sqlite.prepare<[], { seq: number | null }>('SELECT MAX(seq) AS seq FROM events'),
    // Each matches migration 0010's indexes.
    closed: sqlite.prepare<
      [{ areaId: string; since: string; until: string; outcome: string | null; ownerId: string | null; limit: number }],
      { card: string }
    >(
      `SELECT card FROM cases WHERE area_id = @areaId AND status = 'closed'
         AND json_extract(card, '$.closedAt') >= @since AND json_extract(card, '$.closedAt') < @until
         AND (@outcome IS NULL OR json_extract(card, '$.outcome.kind') = @outcome)
         AND (@ownerId IS NULL OR json_extract(card, '$.owner.id') = @ownerId)
       ORDER BY json_extract(card, '$.closedAt') DESC LIMIT @limit`,
    ),
    getMany: sqlite.prepare<[string], { card: string }>(
      'SELECT card FROM cases WHERE id IN (SELECT value FROM json_each(?))',
    ),
    changedSince: sqlite.prepare<[string, string, number], { card: string }>(
      'SELECT card FROM cases WHERE area_id = ? AND updated_at >= ? ORDER BY updated_at DESC LIMIT ?',
    ),
  };
  const search = createCaseSearch(sqlite);
  if (search.isBehind()) sqlite.transaction(() => search.reindexAll(parseCard)).immediate();

  /**
   * The card's row, then its search row and report facts, each left alone when the command's change did
   * not touch what they read (most updates: a note, a status, a unit); a new card, or one the command
   * did not read first, writes both.
   */
  const writeCard = (card: TCaseCard, previous: TCaseCard | null = null): void => {
    const row = s.upsertCard.get({
      id: card.id,
      areaId: card.areaId,
      status: card.status,
      priority: card.priority,
      version: card.version,
      createdAt: card.createdAt,
      updatedAt: card.updatedAt,
      card: JSON.stringify(card),
    }) as { rowid: number };
    const side = sideRowsToWrite(previous, card);
    if (side.search) search.index(card, row.rowid);
    if (side.facts) reports.writeFacts(card);
  };

  const readCard = (caseId: string): TCaseCard | null => {
    const row = s.getCard.get(caseId);
    return row ? parseCard(row.card) : null;
  };

  const projection: TProjection<TCaseCard> = { read: readCard, write: writeCard, areaOf: (c) => c.areaId };
  // async, so a failure is always a rejected promise, as a networked backend's would be.
  const repository: TCaseRepository = {
    execute: (request) => executeCase(streams(), request),
    get: async (caseId) => readCard(caseId),
    getMany: async (caseIds) =>
      caseIds.length === 0 ? [] : s.getMany.all(JSON.stringify(caseIds)).map((r) => parseCard(r.card)),
    listOpen: async (areaId) => s.listOpen.all(areaId).map((r) => parseCard(r.card)),
    listWithRunningDetention: async () => s.runningDetentions.all().map((r) => parseCard(r.card)),
    listWithDetention: async (areaId) => s.withDetention.all(areaId).map((r) => parseCard(r.card)),
    listDetentionsEndedSince: async (since) => s.endedSince.all(since).map((r) => parseCard(r.card)),
    history: async (caseId) => s.history.all(caseId).map(rowToEvent),
    linkedHistory: async (caseId) => s.linkedHistory.all(caseId, caseId, caseId).map(rowToStoredEvent),
    eventsSince: async (areaId, afterSeq, limit) => s.since.all(areaId, afterSeq, limit).map(rowToEvent),
    headSeq: async () => s.head.get()?.seq ?? 0,
    rebuildProjection: async (evolve) =>
      sqlite
        .transaction(() => {
          // The projection's rows are written afresh with new rowids: the index is too.
          search.clear();
          return rebuild(sqlite, 'case', 'cases', rowToEvent, (e) => e.caseId, evolve, writeCard);
        })
        .immediate(),
    search: async (areaId, terms, view, limit) => {
      const match = matchExpression(terms, view);
      return match ? search.find(match, areaId, limit).map(parseCard) : [];
    },
    samePersonCandidates: async (card, limit) => {
      const match = samePersonExpression(card);
      const linked = card.personLinks.map((l) => readCard(l.caseId)).filter((c): c is TCaseCard => c !== null);
      const found = match ? search.find(match, card.areaId, limit).map(parseCard) : [];
      const byId = new Map([...linked, ...found].map((c) => [c.id, c]));
      byId.delete(card.id);
      return [...byId.values()];
    },
    listClosed: async (areaId, f) => s.closed.all({ areaId, ...f }).map((r) => parseCard(r.card)),
    listChangedSince: async (areaId, since, limit) =>
      s.changedSince.all(areaId, since, limit).map((r) => parseCard(r.card)),
  };
  return { projection, repository };
}

/**
 * A projection table holding each stream's state as JSON plus a few columns to query by. The column
 * list is fixed per table in code, never from input.
 */
const JSON_COLUMN = { services: 'service', units: 'unit', handover_notes: 'note' } as const;

function createJsonProjection<TState extends { id: string }>(
  sqlite: TSqlite,
  table: keyof typeof JSON_COLUMN,
  columns: Record<string, (state: TState) => string | number | null>,
) {
  const names = ['id', ...Object.keys(columns), 'state_json'];
  const sqlNames = names.map((n) => (n === 'state_json' ? JSON_COLUMN[table] : n));
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

/** The service registry on SQLite: the same write path as cases, its own projection table. */
function createServiceRepository(
  sqlite: TSqlite,
  streams: () => TStreamStore,
): { projection: TProjection<TService>; repository: TServiceRepository } {
  const projection = createJsonProjection<TService>(sqlite, 'services', {
    area_id: (s) => s.areaId,
    kind: (s) => s.kind,
    // The column keeps its first name; it holds the organisation's id.
    organisation: (s) => s.organisationId,
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
  const repository: TServiceRepository = {
    execute: (request) => executeService(streams(), request),
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
  return { projection: { ...projection, areaOf: (service) => service.areaId }, repository };
}

/** Units (crews) on SQLite: the same write path, its own projection. */
function createUnitRepository(
  sqlite: TSqlite,
  streams: () => TStreamStore,
): { projection: TProjection<TUnit>; repository: TUnitRepository } {
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
  const repository: TUnitRepository = {
    execute: (request) => executeUnit(streams(), request),
    get: async (id) => projection.read(id),
    list: async (areaId) => projection.listInArea(areaId),
    listAwaitingAcceptance: async () => awaiting(),
    eventsForCase: async (caseId) => forCase.all(caseId).map(rowToUnitEvent),
    rebuildProjection: async (evolve) =>
      sqlite
        .transaction(() => rebuild(sqlite, 'unit', 'units', rowToUnitEvent, (e) => e.unitId, evolve, projection.write))
        .immediate(),
  };
  return { projection: { ...projection, areaOf: (unit) => unit.areaId }, repository };
}

/** Opens the SQLite store at `path` (migrating it) and returns the repositories over it. */
export function createSqliteStore(path: string): TStore {
  const { sqlite } = openDatabase(path);

  // The repositories write through the one stream store, which needs every kind's projection.
  let streams: TStreamStore | null = null;
  const getStreams = (): TStreamStore => {
    if (!streams) throw new Error('The stream store is not ready');
    return streams;
  };
  const reports = createReportStore(sqlite);
  const cases = createCaseRepository(sqlite, getStreams, reports);
  // Cards stored before the reports existed are folded into them once, as after an upgrade.
  if (reports.isBehind()) sqlite.transaction(() => reports.rebuildInTransaction(parseCard)).immediate();
  const services = createServiceRepository(sqlite, getStreams);
  const units = createUnitRepository(sqlite, getStreams);
  const handovers = createJsonProjection<THandoverNote>(sqlite, 'handover_notes', {
    area_id: (n) => n.areaId,
    shift_start: (n) => n.shiftStart,
    version: (n) => n.version,
    updated_at: (n) => n.updatedAt,
  });
  streams = createStreamStore(
    sqlite,
    {
      case: cases.projection,
      service: services.projection,
      unit: units.projection,
      handover: { read: handovers.read, write: handovers.write, areaOf: (n) => n.areaId },
      ...createAccountProjections(sqlite),
    },
    { ...createSideWriters(sqlite), foldReports: reports.foldEvent },
  );

  const readHead = createHeadReader(sqlite);

  return {
    streams,
    areas: createAreaRepository(sqlite),
    organisations: createOrganisationRepository(sqlite),
    accounts: createAccountRepository(sqlite),
    sessions: createSessionRepository(sqlite),
    signInAttempts: createSignInAttemptRepository(sqlite),
    cases: cases.repository,
    services: services.repository,
    units: units.repository,
    handovers: { get: async (id) => handovers.read(id) },
    reports: reports.repository(parseCard),
    accessLog: createAccessLogRepository(sqlite),
    integrity: {
      // One read transaction: both chains as of one moment, while the server keeps writing.
      verifyChains: async (find = {}) =>
        sqlite.transaction(() => [
          verifyChain(sqlite, 'events', find.events),
          verifyChain(sqlite, 'access_log', find.access_log),
        ])(),
      heads: async () => sqlite.transaction(() => [readHead('events'), readHead('access_log')])(),
    },
    close: () => {
      sqlite.close();
      return Promise.resolve();
    },
  };
}
