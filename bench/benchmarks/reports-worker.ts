import Database from 'better-sqlite3';
import { createSqliteStore } from '@db/sqlite/sqlite-store';
import { REPORT_RULES } from '@shared/config/reports';
import { resolvePeriod } from '@shared/rules/report-periods';
import { capacityOverPeriod } from '@shared/rules/report-capacity';
import { buildReport } from '@shared/rules/reports';
import { percentile } from '../lib/stats';
import { tempDb } from '../lib/temp';

/**
 * A year of a large area's reports (R-REPORT-*): CARDS cards (DETENTIONS of them detained) with their
 * response stamps folded in (about two unit events each), and turn-aways, in `case_facts` as the
 * commands leave it. Each report (month, quarter, financial year; exact and disclosure-controlled) is
 * read and built as the server does, against a hand-written SQL aggregate of the same headline figures
 * (counts by priority and ethnicity, detentions by ethnicity, median call-to-seen by priority).
 */
const CARDS = Number(process.env.REPORTS_CARDS ?? 100_000);
const DETENTIONS = Number(process.env.REPORTS_DETENTIONS ?? 30_000);
const RUNS = Number(process.env.REPORTS_RUNS ?? 30);
/** Services in the area, each recounted every three hours through the year. */
const SERVICES = Number(process.env.REPORTS_SERVICES ?? 20);
const AREA = 'bench-area';
const YEAR_START = Date.parse('2025-04-01T00:00:00Z');
const NOW = new Date('2026-04-15T12:00:00Z');

function sequence(seed: number) {
  let x = seed;
  return () => {
    x = (x * 1_103_515_245 + 12_345) % 2_147_483_648;
    return x / 2_147_483_648;
  };
}

function seed(path: string): { unitEvents: number } {
  const db = new Database(path);
  const rand = sequence(17);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)] as T;
  const insert = db.prepare(`INSERT INTO case_facts (case_id, area_id, priority, status, created_at, closed_at, outcome,
    ethnicity, sex, age_band, postcode, person_key, power, detained_at, first_place, transport, police_vehicle_reason,
    police_station, arrested, under18, duration_minutes, extended, breached, handover_minutes, detention_outcome,
    triaged_at, dispatched_at, accepted_at, on_scene_at, left_scene_at, handed_over_at, clear_at)
    VALUES (?, ?, ?, 'closed', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  const turnAway =
    db.prepare(`INSERT INTO turn_aways (seq, area_id, service_id, service_name, category, case_id, how, reason, at)
    VALUES (?, ?, 'svc', '', 'adult', ?, ?, 'Full', ?)`);
  let unitEvents = 0;
  db.transaction(() => {
    for (let i = 0; i < CARDS; i++) {
      const t0 = YEAR_START + Math.floor((i / CARDS) * 365 * 86_400_000);
      const detained = i % Math.round(CARDS / DETENTIONS) === 0;
      const attended = rand() < 0.6;
      const min = (m: number) => Math.round(t0 + m * 60_000);
      if (attended) unitEvents += 4;
      insert.run(
        `case-${i}`,
        AREA,
        pick(['emergency', 'very-urgent', 'urgent', 'urgent', 'routine']),
        t0,
        min(600),
        pick(['stayed-home-with-safety-plan', 'crisis-alternative', 'admitted']),
        pick(['White', 'White', 'White', 'Black', 'Asian', 'Mixed', 'Other', 'Not stated', 'Not known']),
        pick(['female', 'male']),
        pick(REPORT_RULES.ageBands.map((b) => b.label)),
        `KV${1 + (i % 9)}${1 + (i % 3)}AA`,
        rand() < 0.3 ? `nhs:${Math.floor(rand() * 20_000)}` : null,
        detained ? 's136' : null,
        detained ? min(30) : null,
        detained ? pick(['health-based-suite', 'emergency-department', 'police-station']) : null,
        detained ? pick(['ambulance', 'police-vehicle']) : null,
        detained ? 'no-ambulance-within-30-min' : null,
        detained && rand() < 0.05 ? 1 : 0,
        null,
        detained ? (rand() < 0.05 ? 1 : 0) : null,
        detained ? Math.floor(300 + rand() * 1200) : null,
        detained && rand() < 0.1 ? 1 : 0,
        detained && rand() < 0.02 ? 1 : 0,
        detained ? Math.floor(30 + rand() * 200) : null,
        detained ? 'informal-admission' : null,
        min(5 + rand() * 20),
        attended ? min(20) : null,
        attended ? min(22) : null,
        attended ? min(60 + rand() * 900) : null,
        attended ? min(1000) : null,
        null,
        attended ? min(1000) : null,
      );
      if (i % 20 === 0)
        turnAway.run(i, AREA, `case-${i}`, rand() < 0.5 ? 'declined' : 'expired', new Date(min(40)).toISOString());
    }
  })();
  db.close();
  return { unitEvents };
}

const path = tempDb('reports');
// Opened (and migrated) before the facts are written beside it, as a running server's store would be:
// opening after would fold the facts afresh from the (empty) cards.
const store = createSqliteStore(path);
const seeded = performance.now();
const { unitEvents } = seed(path);
const serviceEventCount = seedCapacity(path);
const seedMs = performance.now() - seeded;

/**
 * A year of the services' figures in `capacity_facts`, as their commands leave them: each service
 * recounted every three hours, and a hold placed somewhere every 40 minutes, arriving or declined ten
 * minutes later (R-REPORT-CAPACITY: occupancy, and who was full or stale when a place was sought).
 */
function seedCapacity(path: string): number {
  const db = new Database(path);
  const rand = sequence(29);
  const insert = db.prepare(`INSERT INTO capacity_facts (seq, area_id, service_id, at, kind, status, in_use, in_service,
    places_adult, places_under18, free_adult, free_under18, confirmed_at, sought) VALUES (?, ?, ?, ?, ?, 'open', ?, 6, 6, 0, ?, 0, ?, ?)`);
  const services = Array.from({ length: SERVICES }, (_, i) => ({
    id: `service-${i}`,
    kind: i < 4 ? 'A20' : 'A21',
    inUse: 0,
    confirmedAt: 0,
  }));
  let seq = 0;
  const write = (s: (typeof services)[number], at: number, sought: string | null) =>
    insert.run(++seq, AREA, s.id, at, s.kind, s.inUse, 6 - s.inUse, s.confirmedAt, sought);
  const HOUR = 3_600_000;
  db.transaction(() => {
    for (const s of services) write(s, YEAR_START - HOUR, null);
    for (let t = YEAR_START, step = 0; t < YEAR_START + 365 * 24 * HOUR; t += 20 * 60_000, step++) {
      if (step % 9 === 0)
        for (const s of services) {
          s.inUse = Math.floor(rand() * 7);
          s.confirmedAt = t;
          write(s, t, null);
        }
      if (step % 2 === 0) {
        const s = services[Math.floor(rand() * services.length)] as (typeof services)[number];
        if (s.inUse >= 6) continue;
        s.inUse += 1;
        write(s, t + 60_000, 'adult');
        if (rand() < 0.2) s.inUse -= 1;
        write(s, t + 10 * 60_000, null);
      }
    }
  })();
  db.close();
  return seq;
}

const REPORTS = [
  { name: 'month', period: resolvePeriod({ kind: 'month', date: '2025-11-10' }, NOW) },
  { name: 'quarter', period: resolvePeriod({ kind: 'quarter', date: '2025-11-10' }, NOW) },
  { name: 'financial-year', period: resolvePeriod({ kind: 'financial-year', date: '2025-11-10' }, NOW) },
];

async function ours(period: (typeof REPORTS)[number]['period'], controlled: boolean): Promise<number> {
  const started = performance.now();
  const [cards, detentions, turnAways, capacity] = await Promise.all([
    store.reports.cardsCreated(AREA, period.from, period.to),
    store.reports.detentions(AREA, period.from, period.to),
    store.reports.turnAways(AREA, period.from, period.to),
    store.reports.capacity(AREA, period.from, period.to),
  ]);
  buildReport({
    period,
    areaShortCode: 'KV',
    cards,
    detentions,
    turnAways,
    serviceHours: [],
    capacity: capacityOverPeriod(period, NOW, capacity.before, capacity.during, new Map()),
    disclosure: controlled ? REPORT_RULES.disclosure : null,
    canDrill: !controlled,
    now: NOW,
  });
  return performance.now() - started;
}

// The same headline figures written by hand in SQL, on the same data and indexes.
const raw = new Database(path, { readonly: true });
const rawStatements = [
  raw.prepare(
    'SELECT priority, ethnicity, count(*) FROM case_facts WHERE area_id = ? AND created_at >= ? AND created_at < ? GROUP BY priority, ethnicity',
  ),
  raw.prepare(
    'SELECT ethnicity, count(*), sum(police_station) FROM case_facts WHERE area_id = ? AND detained_at >= ? AND detained_at < ? GROUP BY ethnicity',
  ),
  raw.prepare(`SELECT priority, minutes FROM (
      SELECT priority, (on_scene_at - created_at) / 60000.0 AS minutes,
        row_number() OVER (PARTITION BY priority ORDER BY on_scene_at IS NULL, on_scene_at - created_at) AS n,
        count(on_scene_at) OVER (PARTITION BY priority) AS total
      FROM case_facts WHERE area_id = ? AND created_at >= ? AND created_at < ?)
    WHERE n = (total + 1) / 2`),
];
function baseline(period: (typeof REPORTS)[number]['period']): number {
  const started = performance.now();
  for (const s of rawStatements) s.all(AREA, Date.parse(period.from), Date.parse(period.to));
  return performance.now() - started;
}

const results = [];
for (const r of REPORTS) {
  const exact: number[] = [];
  const controlled: number[] = [];
  const base: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    exact.push(await ours(r.period, false));
    controlled.push(await ours(r.period, true));
    base.push(baseline(r.period));
  }
  results.push({
    name: r.name,
    cards: (await store.reports.cardsCreated(AREA, r.period.from, r.period.to)).length,
    exactP95: percentile(exact, 95),
    controlledP95: percentile(controlled, 95),
    baselineP95: percentile(base, 95),
  });
}
await store.close();
raw.close();
process.send?.({
  type: 'result',
  result: { cards: CARDS, detentions: DETENTIONS, unitEvents, serviceEvents: serviceEventCount, seedMs, results },
});
process.disconnect?.();
