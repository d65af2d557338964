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
import { asKindEvent, normaliseCard, rowToStoredEvent, type TEventRow } from '../event-rows';
import type {
  TDrillRow,
  TLookupCounts,
  TReportFactsRow,
  TReportRepository,
  TStoredStreamEvent,
  TTurnAwayRow,
} from '../repositories';
import { COLUMN, FACT_KEYS } from '../report-columns';
import { inTransaction } from './connection';
import { LOG_LOCK, type TPgPool, type TPgQueryable, type TStatement } from './pg-types';

/**
 * The reports' projections on PostgreSQL (R-REPORT-FACTS), the twin of db/sqlite/report-store.ts:
 * `case_facts`, one row per card, written from the card and stamped by the events that record each
 * response step; `turn_aways`, one row per hold declined or lapsed; `capacity_facts`, a service's
 * figures after each of its events. All are written in the command's own transaction and can be folded
 * afresh from the event log (`rebuild`). Sets are read in the same order as on SQLite: text keys
 * compared and sorted bytewise (`COLLATE "C"`), whatever the database's collation.
 */

const FACT_COLUMNS = FACT_KEYS.map((k) => COLUMN[k]);

/** A card's facts as column values: booleans stay booleans (the columns are `boolean`), absent is null. */
type TPgValue = string | number | boolean | null;
const factValues = (card: TCaseCard): TPgValue[] => {
  const facts = caseFacts(card);
  return FACT_KEYS.map((k) => (facts[k] as TPgValue | undefined) ?? null);
};

type TReportKey = keyof TReportFactsRow;

/**
 * The SQL for one key, named as the key: a column of the facts, the decile from the lookups, or the
 * repeat-contact test. Every column is of the type the row wants (bigint read as a number, boolean as a
 * boolean), so rows come back in their final shape.
 */
const REPEAT_MS = Math.round(REPEAT_CONTACT_DAYS * 86_400_000);
function selectOf(key: TReportKey): string {
  if (key === 'imdDecile') return 'd.decile AS "imdDecile"';
  if (key === 'repeatContact')
    return `EXISTS (SELECT 1 FROM case_facts e WHERE e.person_key = f.person_key AND e.case_id <> f.case_id
       AND e.created_at < f.created_at AND e.created_at >= f.created_at - ${REPEAT_MS}::bigint) AS "repeatContact"`;
  return `f.${COLUMN[key]} AS "${key}"`;
}

/**
 * One set's facts for a WHERE clause over `f`, with the deprivation lookups joined, in the order SQLite
 * reads them through its index (by the instant; cards of the same instant by id here, where SQLite
 * keeps the order they were first written in).
 */
const selectFacts = (keys: readonly TReportKey[], where: string, order: string) =>
  `SELECT ${keys.map(selectOf).join(', ')} FROM case_facts f
   LEFT JOIN postcode_areas p ON p.postcode = f.postcode
   LEFT JOIN area_deprivation d ON d.lsoa = p.lsoa
   WHERE ${where} ORDER BY ${order}, f.case_id COLLATE "C"`;
const CARDS_CREATED = ['f.area_id = $1 AND f.created_at >= $2 AND f.created_at < $3', 'f.created_at'] as const;
const DETAINED = ['f.area_id = $1 AND f.detained_at >= $2 AND f.detained_at < $3', 'f.detained_at'] as const;

/** A capacity fact's columns, in `TCapacityFact`'s order. */
const CAPACITY_COLUMN: Record<keyof TCapacityFact, string> = {
  seq: 'seq',
  serviceId: 'service_id',
  at: 'at',
  kind: 'kind',
  status: 'status',
  inUse: 'in_use',
  inService: 'in_service',
  placesAdult: 'places_adult',
  placesUnder18: 'places_under18',
  freeAdult: 'free_adult',
  freeUnder18: 'free_under18',
  confirmedAt: 'confirmed_at',
  sought: 'sought',
};
const CAPACITY_KEYS = Object.keys(CAPACITY_COLUMN) as (keyof TCapacityFact)[];
const CAPACITY_SELECT = CAPACITY_KEYS.map((k) => `${CAPACITY_COLUMN[k]} AS "${k}"`).join(', ');
const CAPACITY_INSERT_COLUMNS = ['area_id', ...CAPACITY_KEYS.map((k) => CAPACITY_COLUMN[k])];
const capacityValues = (areaId: string, f: TCapacityFact): TPgValue[] => [areaId, ...CAPACITY_KEYS.map((k) => f[k])];

/** `$1, $2, …` for n values from `from`. */
const placeholders = (n: number, from = 1) => Array.from({ length: n }, (_, i) => `$${i + from}`).join(', ');

/** The events whose folding writes a stamp or a turn-away. */
const FOLDED_TYPES = [
  'case.ownership-taken',
  'unit.dispatched',
  'unit.accepted',
  'unit.status-changed',
  'hold.declined',
  'hold.expired',
];
const PAGE = 1000;
/** Lookup rows sent per statement: two arrays of text, well under any message limit. */
const LOOKUP_CHUNK = 20_000;

const SQL = {
  upsertFacts: `INSERT INTO case_facts (${FACT_COLUMNS.join(', ')}) VALUES (${placeholders(FACT_COLUMNS.length)})
     ON CONFLICT (case_id) DO UPDATE SET ${FACT_COLUMNS.filter((c) => c !== 'case_id')
       .map((c) => `${c} = EXCLUDED.${c}`)
       .join(', ')}
     WHERE (${FACT_COLUMNS.map((c) => `case_facts.${c}`).join(', ')})
       IS DISTINCT FROM (${FACT_COLUMNS.map((c) => `EXCLUDED.${c}`).join(', ')})`,
  stamp: Object.fromEntries(
    RESPONSE_STAMP_COLUMNS.map((k) => [
      k,
      `UPDATE case_facts SET ${COLUMN[k]} = $1 WHERE case_id = $2 AND ${COLUMN[k]} IS NULL`,
    ]),
  ) as Record<TReportStamp, string>,
  holdPlaced: `SELECT (payload::json) -> 'hold' ->> 'caseId' AS "caseId", (payload::json) -> 'hold' ->> 'category' AS category
     FROM events WHERE stream_id = $1 AND type = 'hold.placed' AND (payload::json) -> 'hold' ->> 'id' = $2
     ORDER BY seq LIMIT 1`,
  insertTurnAway: `INSERT INTO turn_aways (seq, area_id, service_id, service_name, category, case_id, how, reason, at)
     VALUES ($1, $2, $3, '', $4, $5, $6, $7, $8) ON CONFLICT (seq) DO NOTHING`,
  upsertCapacity: `INSERT INTO capacity_facts (${CAPACITY_INSERT_COLUMNS.join(', ')})
     VALUES (${placeholders(CAPACITY_INSERT_COLUMNS.length)})
     ON CONFLICT (seq) DO UPDATE SET ${CAPACITY_INSERT_COLUMNS.filter((c) => c !== 'seq')
       .map((c) => `${c} = EXCLUDED.${c}`)
       .join(', ')}`,
  cardsCreated: selectFacts(CARD_FACT_KEYS, ...CARDS_CREATED),
  detentions: selectFacts(DETENTION_FACT_KEYS, ...DETAINED),
  // The same rows with each card's id last: what a drill-down lists.
  cardsCreatedWithIds: selectFacts([...CARD_FACT_KEYS, 'caseId'], ...CARDS_CREATED),
  detentionsWithIds: selectFacts([...DETENTION_FACT_KEYS, 'caseId'], ...DETAINED),
  turnAways: `SELECT t.seq, t.service_id AS "serviceId",
       COALESCE(s.service ->> 'name', 'A service no longer listed') AS "serviceName",
       t.category, t.case_id AS "caseId", t.how, t.reason, t.at
     FROM turn_aways t LEFT JOIN services s ON s.id = t.service_id
     WHERE t.area_id = $1 AND t.at COLLATE "C" >= $2 AND t.at COLLATE "C" < $3
     ORDER BY t.at COLLATE "C", t.seq`,
  counts: `SELECT (SELECT count(*) FROM cases) AS cards, (SELECT count(*) FROM case_facts) AS facts,
     (EXISTS (SELECT 1 FROM services) AND NOT EXISTS (SELECT 1 FROM capacity_facts)) AS "capacityBehind"`,
  capacityBefore: `SELECT ${CAPACITY_SELECT} FROM capacity_facts WHERE seq IN (
       SELECT max(seq) FROM capacity_facts WHERE area_id = $1 AND at < $2 GROUP BY service_id)
     ORDER BY seq`,
  capacityDuring: `SELECT ${CAPACITY_SELECT} FROM capacity_facts WHERE area_id = $1 AND at >= $2 AND at < $3 ORDER BY seq`,
  lookupCounts: `SELECT (SELECT count(*) FROM postcode_areas) AS postcodes, (SELECT count(*) FROM area_deprivation) AS areas,
     (SELECT edition FROM area_deprivation LIMIT 1) AS edition`,
  insertPostcodes: `INSERT INTO postcode_areas (postcode, lsoa) SELECT * FROM unnest($1::text[], $2::text[])
     ON CONFLICT (postcode) DO UPDATE SET lsoa = EXCLUDED.lsoa`,
  insertAreas: `INSERT INTO area_deprivation (lsoa, decile, edition) SELECT l, d, $3 FROM unnest($1::text[], $2::int[]) AS u(l, d)
     ON CONFLICT (lsoa) DO UPDATE SET decile = EXCLUDED.decile, edition = EXCLUDED.edition`,
  // Pages for `rebuild`: by key, each page from where the last ended.
  serviceEventsPage: `SELECT * FROM events WHERE seq > $1 AND stream_kind = 'service' ORDER BY seq LIMIT ${PAGE}`,
  cardsPage: `SELECT id, card, status, priority, created_at FROM cases WHERE id > $1 ORDER BY id LIMIT ${PAGE}`,
  eventsPage: `SELECT seq, stream_id, stream_kind, area_id, type, payload, occurred_at FROM events
     WHERE seq > $1 AND type = ANY($2::text[]) ORDER BY seq LIMIT ${PAGE}`,
  // A page of rows at once, from a JSON array of objects keyed by column (absent keys are null).
  insertFactsPage: `INSERT INTO case_facts SELECT * FROM json_populate_recordset(NULL::case_facts, $1::json)`,
  insertCapacityPage: `INSERT INTO capacity_facts SELECT * FROM json_populate_recordset(NULL::capacity_facts, $1::json)`,
  stampPage: `UPDATE case_facts f SET ${RESPONSE_STAMP_COLUMNS.map((k) => `${COLUMN[k]} = COALESCE(f.${COLUMN[k]}, v.${COLUMN[k]})`).join(', ')}
     FROM json_to_recordset($1::json) AS v(case_id text, ${RESPONSE_STAMP_COLUMNS.map((k) => `${COLUMN[k]} bigint`).join(', ')})
     WHERE f.case_id = v.case_id`,
};

type TFoldedEvent = Pick<TStoredStreamEvent, 'seq' | 'kind' | 'streamId' | 'type' | 'data' | 'at'>;

export function createReportStore(pool: TPgPool) {
  /** Writes the card's facts; left alone when nothing a report reads has changed (most updates). */
  /** The card's facts row as a statement (written with the card, in one round trip). */
  const factsStatement = (card: TCaseCard): TStatement => ({ text: SQL.upsertFacts, values: factValues(card) });
  const writeFacts = async (db: TPgQueryable, card: TCaseCard): Promise<void> => {
    await db.query(SQL.upsertFacts, factValues(card));
  };

  /** A service's figures after one of its events (R-REPORT-CAPACITY). */
  const writeCapacity = async (db: TPgQueryable, service: TService, e: TFoldedEvent) => {
    await db.query(SQL.upsertCapacity, capacityValues(service.areaId, capacityFact(service, e)));
  };

  /** The turn-away a hold declined or lapsed leaves, naming the card and category of the hold placed. */
  const writeTurnAway = async (db: TPgQueryable, e: TFoldedEvent, areaId: string) => {
    if (e.kind !== 'service' || (e.type !== 'hold.declined' && e.type !== 'hold.expired')) return;
    const data = e.data as { holdId: string; reason?: string };
    const placed = (await db.query<{ caseId: string; category: string }>(SQL.holdPlaced, [e.streamId, data.holdId]))
      .rows[0];
    if (!placed) return;
    await db.query(SQL.insertTurnAway, [
      e.seq,
      areaId,
      e.streamId,
      placed.category,
      placed.caseId,
      e.type === 'hold.declined' ? 'declined' : 'expired',
      data.reason ?? 'The hold ran out before the person arrived',
      e.at,
    ]);
  };

  /**
   * Stamps and turn-aways from events just appended, and a service's figures after its event (`state`:
   * the service as the command left it).
   */
  const foldEvent = async (db: TPgQueryable, e: TFoldedEvent, areaId: string, state?: unknown): Promise<void> => {
    if (e.kind === 'service' && state) await writeCapacity(db, state as TService, e);
    for (const stamp of reportStamps(e)) await db.query(SQL.stamp[stamp.stamp], [Date.parse(stamp.at), stamp.caseId]);
    await writeTurnAway(db, e, areaId);
  };

  /**
   * Every service's figures after each of its events, folded afresh, a page at a time. A command's
   * events on one service all carry the service as the command left it, as they do when written.
   */
  const rebuildCapacity = async (db: TPgQueryable): Promise<void> => {
    const services = new Map<string, TService>();
    let pending: TServiceEvent[] = [];
    let facts: Record<string, TPgValue>[] = [];
    const write = async () => {
      if (facts.length === 0) return;
      await db.query(SQL.insertCapacityPage, [JSON.stringify(facts)]);
      facts = [];
    };
    const flush = () => {
      const last = pending[pending.length - 1];
      if (!last) return;
      let service = services.get(last.serviceId) ?? null;
      for (const e of pending) service = evolveService(service, e);
      if (service) {
        services.set(last.serviceId, service);
        for (const e of pending) {
          const values = capacityValues(service.areaId, capacityFact(service, e));
          facts.push(Object.fromEntries(CAPACITY_INSERT_COLUMNS.map((c, i) => [c, values[i] ?? null])));
        }
      }
      pending = [];
    };
    for (let after = 0; ;) {
      const rows = (await db.query<TEventRow>(SQL.serviceEventsPage, [after])).rows;
      if (rows.length === 0) break;
      for (const r of rows) {
        const e = asKindEvent<TServiceEvent>(rowToStoredEvent(r), 'serviceId');
        const previous = pending[pending.length - 1];
        if (previous && (previous.serviceId !== e.serviceId || previous.commandId !== e.commandId)) flush();
        pending.push(e);
      }
      after = rows[rows.length - 1]?.seq ?? after;
      if (facts.length >= PAGE) await write();
    }
    flush();
    await write();
  };

  /**
   * The reports' tables emptied and folded afresh from the cards and the event log, a page at a time
   * (in the caller's transaction); returns the cards folded. Stamps are gathered a page at a time, the
   * first of each kind for a card kept, as appending them event by event would.
   */
  const rebuildInTransaction = async (db: TPgQueryable): Promise<number> => {
    await db.query('DELETE FROM case_facts');
    await db.query('DELETE FROM turn_aways');
    await db.query('DELETE FROM capacity_facts');
    await rebuildCapacity(db);
    let cards = 0;
    for (let after = ''; ;) {
      const rows = (
        await db.query<{ id: string; card: unknown; status: string; priority: string; created_at: string }>(
          SQL.cardsPage,
          [after],
        )
      ).rows;
      if (rows.length === 0) break;
      // A card stored by an early version may lack fields its row's columns hold.
      const facts = rows.map((r) => {
        const values = factValues({
          ...({ status: r.status, priority: r.priority, createdAt: r.created_at } as Partial<TCaseCard>),
          ...normaliseCard(r.card),
        });
        return Object.fromEntries(FACT_COLUMNS.map((c, i) => [c, values[i] ?? null]));
      });
      await db.query(SQL.insertFactsPage, [JSON.stringify(facts)]);
      cards += rows.length;
      after = rows[rows.length - 1]?.id ?? after;
    }
    for (let after = 0; ;) {
      const rows = (
        await db.query<{
          seq: number;
          stream_id: string;
          stream_kind: string;
          area_id: string;
          type: string;
          payload: string;
          occurred_at: string;
        }>(SQL.eventsPage, [after, FOLDED_TYPES])
      ).rows;
      if (rows.length === 0) break;
      const stamps = new Map<string, Record<string, string | number>>();
      for (const r of rows) {
        const e: TFoldedEvent = {
          seq: r.seq,
          kind: r.stream_kind as TStoredStreamEvent['kind'],
          streamId: r.stream_id,
          type: r.type,
          data: JSON.parse(r.payload) as unknown,
          at: r.occurred_at,
        };
        for (const stamp of reportStamps(e)) {
          const card = stamps.get(stamp.caseId) ?? { case_id: stamp.caseId };
          stamps.set(stamp.caseId, card);
          card[COLUMN[stamp.stamp]] ??= Date.parse(stamp.at);
        }
        await writeTurnAway(db, e, r.area_id);
      }
      if (stamps.size > 0) await db.query(SQL.stampPage, [JSON.stringify([...stamps.values()])]);
      after = rows[rows.length - 1]?.seq ?? after;
    }
    return cards;
  };

  const lookupCounts = async (db: TPgQueryable): Promise<TLookupCounts> =>
    (await db.query<TLookupCounts>(SQL.lookupCounts)).rows[0] ?? { postcodes: 0, areas: 0, edition: null };

  /** Rows sent in chunks; a key given twice keeps its last value, as SQLite's INSERT OR REPLACE does. */
  async function insertChunks<R, V>(
    rows: readonly R[],
    keyOf: (r: R) => string,
    valueOf: (r: R) => V,
    insert: (keys: string[], values: V[]) => Promise<unknown>,
  ) {
    for (let i = 0; i < rows.length; i += LOOKUP_CHUNK) {
      const chunk = new Map<string, V>();
      for (let j = i; j < Math.min(i + LOOKUP_CHUNK, rows.length); j++) {
        const r = rows[j] as R;
        chunk.set(keyOf(r), valueOf(r));
      }
      await insert([...chunk.keys()], [...chunk.values()]);
    }
  }

  const range = (from: string, to: string) => [Date.parse(from), Date.parse(to)];

  const repository: TReportRepository = {
    cardsCreated: async (areaId, from, to) =>
      (await pool.query<TCardFactsRow>(SQL.cardsCreated, [areaId, ...range(from, to)])).rows,
    detentions: async (areaId, from, to) =>
      (await pool.query<TDetentionFactsRow>(SQL.detentions, [areaId, ...range(from, to)])).rows,
    drillRows: async (set, areaId, from, to) =>
      (
        await pool.query<TDrillRow>(set === 'cards' ? SQL.cardsCreatedWithIds : SQL.detentionsWithIds, [
          areaId,
          ...range(from, to),
        ])
      ).rows,
    turnAways: async (areaId, from, to) => (await pool.query<TTurnAwayRow>(SQL.turnAways, [areaId, from, to])).rows,
    capacity: async (areaId, from, to) => {
      const [before, during] = await Promise.all([
        pool.query<TCapacityFact>(SQL.capacityBefore, [areaId, Date.parse(from)]),
        pool.query<TCapacityFact>(SQL.capacityDuring, [areaId, ...range(from, to)]),
      ]);
      return { before: before.rows, during: during.rows };
    },
    replaceLookups: ({ postcodes, deprivation }) =>
      inTransaction(pool, async (db) => {
        if (postcodes) {
          await db.query('DELETE FROM postcode_areas');
          await insertChunks(
            postcodes,
            (r) => r.postcode,
            (r) => r.lsoa,
            (keys, lsoas) => db.query(SQL.insertPostcodes, [keys, lsoas]),
          );
        }
        if (deprivation) {
          await db.query('DELETE FROM area_deprivation');
          await insertChunks(
            deprivation.rows,
            (r) => r.lsoa,
            (r) => r.decile,
            (lsoas, deciles) => db.query(SQL.insertAreas, [lsoas, deciles, deprivation.edition]),
          );
        }
        return lookupCounts(db);
      }),
    lookupCounts: () => lookupCounts(pool),
    rebuild: () =>
      inTransaction(pool, async (db) => {
        // No command appends (and so folds) while the tables are refolded.
        await db.query('SELECT pg_advisory_xact_lock($1)', [LOG_LOCK.events]);
        return rebuildInTransaction(db);
      }),
  };

  return {
    writeFacts,
    factsStatement,
    foldEvent,
    /**
     * Cards stored before the reports existed (or the table was lost), or services before their
     * capacity facts did: checked once, at open.
     */
    isBehind: async (): Promise<boolean> => {
      const c = (await pool.query<{ cards: number; facts: number; capacityBehind: boolean }>(SQL.counts)).rows[0];
      return c !== undefined && (c.cards !== c.facts || c.capacityBehind);
    },
    rebuildInTransaction,
    repository,
  };
}
