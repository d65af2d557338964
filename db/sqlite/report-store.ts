import {
  CARD_FACT_KEYS,
  caseFacts,
  DETENTION_FACT_KEYS,
  REPEAT_CONTACT_DAYS,
  reportStamps,
  RESPONSE_STAMP_COLUMNS,
  type TCardFactsRow,
  type TDetentionFactsRow,
  type TReportStamp,
} from '@shared/rules/report-facts';
import { capacityFact, type TCapacityFact } from '@shared/rules/report-capacity';
import { evolveService } from '@shared/rules/service-lifecycle';
import type { TServiceEvent } from '@shared/rules/service-events';
import type { TCaseCard } from '@shared/schemas/case';
import type { TService } from '@shared/schemas/service';
import type {
  TLookupCounts,
  TReportFactsRow,
  TReportRepository,
  TStoredStreamEvent,
  TTurnAwayRow,
} from '../repositories';
import { COLUMN, FACT_KEYS } from '../report-columns';
import type { TSqlite } from './sqlite-types';
import { rowToStoredEvent, type TEventRow } from './stream-store';

/**
 * The reports' projections on SQLite (R-REPORT-FACTS, migration 0012): `case_facts`, one row per card,
 * written from the card and stamped by the events that record each response step; `turn_aways`, one
 * row per hold declined or lapsed. Both are written in the command's own transaction and can be folded
 * afresh from the event log (`rebuild`).
 */

type TSqlValue = string | number | null;
const toSql = (value: unknown): TSqlValue =>
  typeof value === 'boolean' ? (value ? 1 : 0) : ((value as string | number | null | undefined) ?? null);

type TReportKey = keyof TReportFactsRow;

/** The SQL for one key: a column of the facts, the decile from the lookups, or the repeat-contact test. */
const REPEAT_MS = REPEAT_CONTACT_DAYS * 86_400_000;
function selectOf(key: TReportKey): string {
  if (key === 'imdDecile') return 'd.decile';
  if (key === 'repeatContact')
    return `EXISTS (SELECT 1 FROM case_facts e WHERE e.person_key = f.person_key AND e.case_id != f.case_id
       AND e.created_at < f.created_at AND e.created_at >= f.created_at - ${REPEAT_MS})`;
  return `f.${COLUMN[key]}`;
}

/** Each key's position in a set's rows (rows are read as arrays: `raw`). */
const positions = <K extends TReportKey>(keys: readonly K[]) =>
  Object.fromEntries(keys.map((k, i) => [k, i])) as Record<K, number>;
const C = positions(CARD_FACT_KEYS);
const D = positions(DETENTION_FACT_KEYS);
const flag = (x: TSqlValue): boolean | null => (x === null ? null : x === 1);

/** A card's facts from its row, as one object literal so every row has the same shape. */
const readCard = (v: readonly TSqlValue[]): TCardFactsRow => ({
  priority: v[C.priority] as TCardFactsRow['priority'],
  createdAt: v[C.createdAt] as number,
  outcome: v[C.outcome] as string | null,
  ethnicity: v[C.ethnicity] as TCardFactsRow['ethnicity'],
  sex: v[C.sex] as string,
  ageBand: v[C.ageBand] as string,
  triagedAt: v[C.triagedAt] as number | null,
  dispatchedAt: v[C.dispatchedAt] as number | null,
  acceptedAt: v[C.acceptedAt] as number | null,
  onSceneAt: v[C.onSceneAt] as number | null,
  leftSceneAt: v[C.leftSceneAt] as number | null,
  handedOverAt: v[C.handedOverAt] as number | null,
  clearAt: v[C.clearAt] as number | null,
  imdDecile: v[C.imdDecile] as number | null,
  repeatContact: v[C.repeatContact] === 1,
});

/** A detention's facts from its row. */
const readDetention = (v: readonly TSqlValue[]): TDetentionFactsRow => ({
  ethnicity: v[D.ethnicity] as TDetentionFactsRow['ethnicity'],
  sex: v[D.sex] as string,
  ageBand: v[D.ageBand] as string,
  power: v[D.power] as TDetentionFactsRow['power'],
  firstPlace: v[D.firstPlace] as TDetentionFactsRow['firstPlace'],
  transport: v[D.transport] as string | null,
  policeVehicleReason: v[D.policeVehicleReason] as string | null,
  policeStation: v[D.policeStation] === 1,
  arrested: flag(v[D.arrested] ?? null),
  under18: flag(v[D.under18] ?? null),
  durationMinutes: v[D.durationMinutes] as number | null,
  extended: v[D.extended] === 1,
  breached: v[D.breached] === 1,
  handoverMinutes: v[D.handoverMinutes] as number | null,
  detentionOutcome: v[D.detentionOutcome] as string | null,
  imdDecile: v[D.imdDecile] as number | null,
});

/** Each row read as it comes, so its values are garbage at once rather than after the whole set. */
function readEach<T>(rows: Iterable<TSqlValue[]>, read: (v: readonly TSqlValue[]) => T): T[] {
  const out: T[] = [];
  for (const v of rows) out.push(read(v));
  return out;
}

/** One set's facts for a WHERE clause over `f`, with the deprivation lookups joined. */
const selectFacts = (keys: readonly TReportKey[], where: string) =>
  `SELECT ${keys.map(selectOf).join(', ')} ${factsWhere(where)}`;
const factsWhere = (where: string) => `FROM case_facts f
   LEFT JOIN postcode_areas p ON p.postcode = f.postcode
   LEFT JOIN area_deprivation d ON d.lsoa = p.lsoa
   WHERE ${where}`;

/**
 * A set read whole: its rows as one JSON array of arrays, built by SQLite and parsed in one call,
 * about a third faster than the driver handing over each value one by one (PERFORMANCE.md, reports).
 */
const selectFactsAsJson = (keys: readonly TReportKey[], where: string) =>
  `SELECT json_group_array(json_array(${keys.map(selectOf).join(', ')})) ${factsWhere(where)}`;
const rowsOf = (json: string | undefined): TSqlValue[][] => (json ? (JSON.parse(json) as TSqlValue[][]) : []);

const CAPACITY_COLUMNS =
  'seq, service_id, at, kind, status, in_use, in_service, places_adult, places_under18, free_adult, free_under18, confirmed_at, sought';
/** A capacity fact from its row, read as an array in `CAPACITY_COLUMNS` order. */
const readCapacity = (v: readonly TSqlValue[]): TCapacityFact => ({
  seq: v[0] as number,
  serviceId: v[1] as string,
  at: v[2] as number,
  kind: v[3] as TCapacityFact['kind'],
  status: v[4] as TCapacityFact['status'],
  inUse: v[5] as number,
  inService: v[6] as number,
  placesAdult: v[7] as number,
  placesUnder18: v[8] as number,
  freeAdult: v[9] as number,
  freeUnder18: v[10] as number,
  confirmedAt: v[11] as number,
  sought: v[12] as TCapacityFact['sought'],
});

const CARDS_CREATED = 'f.area_id = ? AND f.created_at >= ? AND f.created_at < ?';
const DETAINED = 'f.area_id = ? AND f.detained_at >= ? AND f.detained_at < ?';

export function createReportStore(sqlite: TSqlite) {
  const factColumns = FACT_KEYS.map((k) => COLUMN[k]);
  const s = {
    current: sqlite.prepare<[string], Record<string, TSqlValue>>(
      `SELECT ${factColumns.join(', ')} FROM case_facts WHERE case_id = ?`,
    ),
    upsert: sqlite.prepare(
      `INSERT INTO case_facts (${factColumns.join(', ')}) VALUES (${factColumns.map((c) => `@${c}`).join(', ')})
       ON CONFLICT(case_id) DO UPDATE SET ${factColumns
         .filter((c) => c !== 'case_id')
         .map((c) => `${c} = excluded.${c}`)
         .join(', ')}`,
    ),
    stamp: Object.fromEntries(
      RESPONSE_STAMP_COLUMNS.map((k) => [
        k,
        sqlite.prepare<[number, string]>(
          `UPDATE case_facts SET ${COLUMN[k]} = ? WHERE case_id = ? AND ${COLUMN[k]} IS NULL`,
        ),
      ]),
    ) as unknown as Record<TReportStamp, { run(at: number, caseId: string): unknown }>,
    holdPlaced: sqlite.prepare<[string, string], { caseId: string; category: string }>(
      `SELECT json_extract(payload, '$.hold.caseId') AS caseId, json_extract(payload, '$.hold.category') AS category
       FROM events WHERE stream_id = ? AND type = 'hold.placed' AND json_extract(payload, '$.hold.id') = ? LIMIT 1`,
    ),
    insertTurnAway: sqlite.prepare(
      `INSERT OR IGNORE INTO turn_aways (seq, area_id, service_id, service_name, category, case_id, how, reason, at)
       VALUES (@seq, @areaId, @serviceId, '', @category, @caseId, @how, @reason, @at)`,
    ),
    cardsCreated: sqlite
      .prepare<[string, number, number], string>(selectFactsAsJson(CARD_FACT_KEYS, CARDS_CREATED))
      .pluck(),
    detentions: sqlite
      .prepare<[string, number, number], string>(selectFactsAsJson(DETENTION_FACT_KEYS, DETAINED))
      .pluck(),
    // The same rows with each card's id last: what a drill-down lists.
    cardsCreatedWithIds: sqlite
      .prepare<[string, number, number], TSqlValue[]>(selectFacts([...CARD_FACT_KEYS, 'caseId'], CARDS_CREATED))
      .raw(true),
    detentionsWithIds: sqlite
      .prepare<[string, number, number], TSqlValue[]>(selectFacts([...DETENTION_FACT_KEYS, 'caseId'], DETAINED))
      .raw(true),
    turnAways: sqlite.prepare<[string, string, string], TTurnAwayRow>(
      `SELECT t.seq, t.service_id AS serviceId, COALESCE(json_extract(s.service, '$.name'), 'A service no longer listed') AS serviceName,
         t.category, t.case_id AS caseId, t.how, t.reason, t.at
       FROM turn_aways t LEFT JOIN services s ON s.id = t.service_id
       WHERE t.area_id = ? AND t.at >= ? AND t.at < ? ORDER BY t.at`,
    ),
    counts: sqlite.prepare<[], { cards: number; facts: number; capacityBehind: number }>(
      `SELECT (SELECT count(*) FROM cases) AS cards, (SELECT count(*) FROM case_facts) AS facts,
         (EXISTS (SELECT 1 FROM services) AND NOT EXISTS (SELECT 1 FROM capacity_facts)) AS capacityBehind`,
    ),
    insertCapacity: sqlite.prepare(
      `INSERT OR REPLACE INTO capacity_facts (area_id, ${CAPACITY_COLUMNS})
       VALUES (@areaId, @seq, @serviceId, @at, @kind, @status, @inUse, @inService, @placesAdult, @placesUnder18,
         @freeAdult, @freeUnder18, @confirmedAt, @sought)`,
    ),
    capacityBefore: sqlite
      .prepare<[string, number], TSqlValue[]>(
        `SELECT ${CAPACITY_COLUMNS} FROM capacity_facts WHERE seq IN (
           SELECT max(seq) FROM capacity_facts WHERE area_id = ? AND at < ? GROUP BY service_id)`,
      )
      .raw(true),
    capacityDuring: sqlite
      .prepare<[string, number, number], string>(
        `SELECT json_group_array(json_array(${CAPACITY_COLUMNS}) ORDER BY seq) FROM capacity_facts
         WHERE area_id = ? AND at >= ? AND at < ?`,
      )
      .pluck(),
    serviceEventsPage: sqlite.prepare<[number], TEventRow>(
      "SELECT * FROM events WHERE seq > ? AND stream_kind = 'service' ORDER BY seq LIMIT 1000",
    ),
    lookupCounts: sqlite.prepare<[], { postcodes: number; areas: number; edition: string | null }>(
      `SELECT (SELECT count(*) FROM postcode_areas) AS postcodes, (SELECT count(*) FROM area_deprivation) AS areas,
         (SELECT edition FROM area_deprivation LIMIT 1) AS edition`,
    ),
    cardsPage: sqlite.prepare<
      [number],
      { rowid: number; card: string; status: string; priority: string; created_at: string }
    >('SELECT rowid, card, status, priority, created_at FROM cases WHERE rowid > ? ORDER BY rowid LIMIT 1000'),
    eventsPage: sqlite.prepare<
      [number],
      {
        seq: number;
        stream_id: string;
        stream_kind: string;
        area_id: string;
        type: string;
        payload: string;
        occurred_at: string;
      }
    >(
      `SELECT seq, stream_id, stream_kind, area_id, type, payload, occurred_at FROM events
       WHERE seq > ? AND type IN ('case.ownership-taken', 'unit.dispatched', 'unit.accepted', 'unit.status-changed', 'hold.declined', 'hold.expired')
       ORDER BY seq LIMIT 1000`,
    ),
  };

  /** Writes the card's facts; left alone when nothing a report reads has changed (most updates). */
  const writeFacts = (card: TCaseCard): void => {
    const facts = caseFacts(card);
    const next = Object.fromEntries(FACT_KEYS.map((k) => [COLUMN[k], toSql(facts[k])]));
    const current = s.current.get(card.id);
    if (current && factColumns.every((c) => current[c] === next[c])) return;
    s.upsert.run(next);
  };

  /** A service's figures after one of its events (R-REPORT-CAPACITY). */
  const writeCapacity = (service: TService, e: Pick<TStoredStreamEvent, 'seq' | 'type' | 'data' | 'at'>) => {
    const f = capacityFact(service, e);
    s.insertCapacity.run({
      areaId: service.areaId,
      seq: f.seq,
      serviceId: f.serviceId,
      at: f.at,
      kind: f.kind,
      status: f.status,
      inUse: f.inUse,
      inService: f.inService,
      placesAdult: f.placesAdult,
      placesUnder18: f.placesUnder18,
      freeAdult: f.freeAdult,
      freeUnder18: f.freeUnder18,
      confirmedAt: f.confirmedAt,
      sought: f.sought,
    });
  };

  /**
   * Stamps and turn-aways from events just appended (or replayed, in order, by `rebuild`), and a
   * service's figures after its event (`state`: the service as the command left it).
   */
  const foldEvent = (
    e: Pick<TStoredStreamEvent, 'seq' | 'kind' | 'streamId' | 'type' | 'data' | 'at'>,
    areaId: string,
    state?: unknown,
  ) => {
    if (e.kind === 'service' && state) writeCapacity(state as TService, e);
    for (const stamp of reportStamps(e)) s.stamp[stamp.stamp].run(Date.parse(stamp.at), stamp.caseId);
    if (e.kind !== 'service' || (e.type !== 'hold.declined' && e.type !== 'hold.expired')) return;
    const data = e.data as { holdId: string; reason?: string };
    const placed = s.holdPlaced.get(e.streamId, data.holdId);
    if (!placed) return;
    s.insertTurnAway.run({
      seq: e.seq,
      areaId,
      serviceId: e.streamId,
      category: placed.category,
      caseId: placed.caseId,
      how: e.type === 'hold.declined' ? 'declined' : 'expired',
      reason: data.reason ?? 'The hold ran out before the person arrived',
      at: e.at,
    });
  };

  /**
   * Every service's figures after each of its events, folded afresh. A command's events on one service
   * all carry the service as the command left it, as they do when written.
   */
  const rebuildCapacity = (): void => {
    const services = new Map<string, TService>();
    let pending: TServiceEvent[] = [];
    const flush = () => {
      const last = pending[pending.length - 1];
      if (!last) return;
      let service = services.get(last.serviceId) ?? null;
      for (const e of pending) service = evolveService(service, e);
      if (service) {
        services.set(last.serviceId, service);
        for (const e of pending) writeCapacity(service, e);
      }
      pending = [];
    };
    for (let after = 0, rows = s.serviceEventsPage.all(0); rows.length > 0; rows = s.serviceEventsPage.all(after)) {
      for (const r of rows) {
        const { streamId, kind: _kind, ...event } = rowToStoredEvent(r);
        const e = { ...event, serviceId: streamId } as TServiceEvent;
        const previous = pending[pending.length - 1];
        if (previous && (previous.serviceId !== e.serviceId || previous.commandId !== e.commandId)) flush();
        pending.push(e);
      }
      after = rows[rows.length - 1]?.seq ?? after;
    }
    flush();
  };

  const rebuildInTransaction = (parse: (json: string) => TCaseCard): number => {
    sqlite.exec('DELETE FROM case_facts; DELETE FROM turn_aways; DELETE FROM capacity_facts;');
    rebuildCapacity();
    let cards = 0;
    for (let after = 0, rows = s.cardsPage.all(0); rows.length > 0; rows = s.cardsPage.all(after)) {
      // A card stored by an early version may lack fields its row's columns hold.
      for (const r of rows)
        writeFacts({
          ...({ status: r.status, priority: r.priority, createdAt: r.created_at } as Partial<TCaseCard>),
          ...parse(r.card),
        });
      cards += rows.length;
      after = rows[rows.length - 1]?.rowid ?? after;
    }
    for (let after = 0, rows = s.eventsPage.all(0); rows.length > 0; rows = s.eventsPage.all(after)) {
      for (const r of rows)
        foldEvent(
          {
            seq: r.seq,
            kind: r.stream_kind as TStoredStreamEvent['kind'],
            streamId: r.stream_id,
            type: r.type,
            data: JSON.parse(r.payload) as unknown,
            at: r.occurred_at,
          },
          r.area_id,
        );
      after = rows[rows.length - 1]?.seq ?? after;
    }
    return cards;
  };

  const insertPostcode = sqlite.prepare('INSERT OR REPLACE INTO postcode_areas (postcode, lsoa) VALUES (?, ?)');
  const insertArea = sqlite.prepare('INSERT OR REPLACE INTO area_deprivation (lsoa, decile, edition) VALUES (?, ?, ?)');

  const repository = (parse: (json: string) => TCaseCard): TReportRepository => ({
    cardsCreated: async (areaId, from, to) =>
      rowsOf(s.cardsCreated.get(areaId, Date.parse(from), Date.parse(to))).map(readCard),
    detentions: async (areaId, from, to) =>
      rowsOf(s.detentions.get(areaId, Date.parse(from), Date.parse(to))).map(readDetention),
    drillRows: async (set, areaId, from, to) => {
      const [statement, read, idAt] =
        set === 'cards'
          ? [s.cardsCreatedWithIds, readCard, CARD_FACT_KEYS.length]
          : [s.detentionsWithIds, readDetention, DETENTION_FACT_KEYS.length];
      return readEach(statement.iterate(areaId, Date.parse(from), Date.parse(to)), (v) => ({
        ...read(v),
        caseId: v[idAt] as string,
      }));
    },
    turnAways: async (areaId, from, to) => s.turnAways.all(areaId, from, to),
    capacity: async (areaId, from, to) => ({
      before: s.capacityBefore.all(areaId, Date.parse(from)).map(readCapacity),
      during: rowsOf(s.capacityDuring.get(areaId, Date.parse(from), Date.parse(to))).map(readCapacity),
    }),
    replaceLookups: async ({ postcodes, deprivation }) =>
      sqlite
        .transaction((): TLookupCounts => {
          if (postcodes) {
            sqlite.exec('DELETE FROM postcode_areas');
            for (const r of postcodes) insertPostcode.run(r.postcode, r.lsoa);
          }
          if (deprivation) {
            sqlite.exec('DELETE FROM area_deprivation');
            for (const r of deprivation.rows) insertArea.run(r.lsoa, r.decile, deprivation.edition);
          }
          return s.lookupCounts.get() ?? { postcodes: 0, areas: 0, edition: null };
        })
        .immediate(),
    lookupCounts: async () => s.lookupCounts.get() ?? { postcodes: 0, areas: 0, edition: null },
    rebuild: async () => sqlite.transaction(() => rebuildInTransaction(parse)).immediate(),
  });

  return {
    writeFacts,
    foldEvent,
    /**
     * Cards stored before the reports existed (or the table was lost), or services before their
     * capacity facts did (migration 0014): checked once, at open.
     */
    isBehind: (): boolean => {
      const c = s.counts.get();
      return c !== undefined && (c.cards !== c.facts || c.capacityBehind === 1);
    },
    rebuildInTransaction,
    repository,
  };
}
