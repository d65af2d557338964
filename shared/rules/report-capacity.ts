import { CAPACITY_RULES, type TCapacityRules } from '../config/capacity';
import type { TPlaceCategory, TService, TServiceStatus } from '../schemas/service';
import { freePlaces, isStaleFigure } from './capacity';
import { ALTERNATIVES, placesInUse } from './occupancy';
import { londonDateTime, resolvePeriod, type TPeriod } from './report-periods';

/**
 * Capacity through a report's period (R-REPORT-CAPACITY): how full places of safety and crisis
 * alternatives were, and which services were full, or had a figure too old to trust, at the moments a
 * place was sought for someone (each hold placed). Read from `capacity_facts`, a service's figures after
 * each of its events, folded from the log with the event (and rebuildable from it). Pure.
 */
export interface TCapacityOverPeriod {
  /** Each point covers one bucket: an hour for a day or two, a day up to a quarter, a week beyond. */
  bucket: 'hour' | 'day' | 'week';
  /** Share of places in service that were occupied or held, in whole percent, from hourly samples. */
  occupancy: {
    from: string;
    placesOfSafety: { mean: number | null; peak: number | null };
    alternatives: { mean: number | null; peak: number | null };
  }[];
  /** Holds placed in the period: each a moment someone needed a place. */
  sought: number;
  /**
   * At those moments, each other service of the same kind (places of safety, or crisis alternatives)
   * with places in the category: how often it was listed, full, or its figure stale.
   */
  unavailable: { serviceId: string; name: string; sought: number; full: number; stale: number }[];
}

/** A service's figures after one of its events. */
export interface TCapacityFact {
  seq: number;
  serviceId: string;
  /** Milliseconds since 1970 (UTC). */
  at: number;
  kind: TService['kind'];
  status: TServiceStatus;
  /** Places occupied or held, and places in service (not closed), both categories. */
  inUse: number;
  inService: number;
  /** The places the service has (its totals) and those free, per category: flat, as a year of them is read. */
  placesAdult: number;
  placesUnder18: number;
  freeAdult: number;
  freeUnder18: number;
  confirmedAt: number;
  /** The category of a hold this event placed: someone needed a place. */
  sought: TPlaceCategory | null;
}

/** The fact an event leaves: the service as the event left it. */
export function capacityFact(
  service: TService,
  event: { seq: number; type: string; data: unknown; at: string },
): TCapacityFact {
  const use = placesInUse([service], () => true);
  const hold = event.type === 'hold.placed' ? (event.data as { hold?: { category?: TPlaceCategory } }).hold : undefined;
  return {
    seq: event.seq,
    serviceId: service.id,
    at: Date.parse(event.at),
    kind: service.kind,
    status: service.status,
    inUse: use.inUse,
    inService: use.total,
    placesAdult: service.capacity.adult.total,
    placesUnder18: service.capacity.under18.total,
    freeAdult: freePlaces(service, 'adult'),
    freeUnder18: freePlaces(service, 'under18'),
    confirmedAt: Date.parse(service.capacity.confirmedAt),
    sought: hold?.category ?? null,
  };
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

function bucketOf(spanMs: number): TCapacityOverPeriod['bucket'] {
  if (spanMs <= 2 * DAY) return 'hour';
  if (spanMs <= 93 * DAY) return 'day';
  return 'week';
}

/**
 * Where each bucket starts, up to `end`: hours, or days and weeks as England's calendar has them (a
 * clock-change day is 23 or 25 hours; weeks start on Monday, the first may be short).
 */
function bucketStarts(bucket: TCapacityOverPeriod['bucket'], start: number, end: number, now: Date): number[] {
  const starts: number[] = [];
  for (let t = start; t < end;) {
    starts.push(t);
    t =
      bucket === 'hour'
        ? t + HOUR
        : Date.parse(
            resolvePeriod({ kind: bucket, date: londonDateTime(new Date(t).toISOString()).slice(0, 10) }, now).to,
          );
  }
  return starts;
}

type TGroup = 'placesOfSafety' | 'alternatives';
const groupOf = (s: { kind: string }): TGroup | null =>
  s.kind === 'A20' ? 'placesOfSafety' : ALTERNATIVES.has(s.kind) ? 'alternatives' : null;

const percent = (inUse: number, total: number): number | null =>
  total > 0 ? Math.round((Math.min(inUse, total) / total) * 100) : null;

/**
 * `before`: each service's last fact before the period (the registry as it stood at its start);
 * `during`: the facts from its start, in log order. Only the part of the period already past is read.
 * `names`: the services' names as listed now.
 */
export function capacityOverPeriod(
  period: Pick<TPeriod, 'from' | 'to'>,
  now: Date,
  before: readonly TCapacityFact[],
  during: readonly TCapacityFact[],
  names: ReadonlyMap<string, string>,
  rules: TCapacityRules = CAPACITY_RULES,
): TCapacityOverPeriod {
  const start = Date.parse(period.from);
  const end = Math.min(Date.parse(period.to), now.getTime());
  const bucket = bucketOf(Date.parse(period.to) - start);
  const starts = bucketStarts(bucket, start, end, now);
  let current = 0;

  const state = new Map<string, TCapacityFact>();
  for (const f of before) state.set(f.serviceId, f);

  const samples = new Map<number, Record<TGroup, number[]>>();
  const sample = (t: number) => {
    while (current + 1 < starts.length && (starts[current + 1] as number) <= t) current++;
    const b = current;
    const points = samples.get(b) ?? { placesOfSafety: [], alternatives: [] };
    samples.set(b, points);
    const use = { placesOfSafety: { inUse: 0, total: 0 }, alternatives: { inUse: 0, total: 0 } };
    for (const f of state.values()) {
      const group = groupOf(f);
      // A closed service's places are not places anyone could use (H-071).
      if (!group || f.status === 'closed') continue;
      use[group].inUse += f.inUse;
      use[group].total += f.inService;
    }
    for (const group of ['placesOfSafety', 'alternatives'] as const) {
      const p = percent(use[group].inUse, use[group].total);
      if (p !== null) points[group].push(p);
    }
  };

  let sought = 0;
  const unavailable = new Map<string, TCapacityOverPeriod['unavailable'][number]>();
  const placeSought = (f: TCapacityFact, category: TPlaceCategory) => {
    const group = groupOf(f);
    if (!group) return;
    sought += 1;
    for (const s of state.values()) {
      const adult = category === 'adult';
      if (
        s.serviceId === f.serviceId ||
        groupOf(s) !== group ||
        s.status === 'closed' ||
        (adult ? s.placesAdult : s.placesUnder18) === 0
      )
        continue;
      const name = names.get(s.serviceId) ?? 'A service no longer listed';
      const row = unavailable.get(s.serviceId) ?? { serviceId: s.serviceId, name, sought: 0, full: 0, stale: 0 };
      unavailable.set(s.serviceId, row);
      row.sought += 1;
      if (s.status === 'full' || (adult ? s.freeAdult : s.freeUnder18) === 0) row.full += 1;
      else if (isStaleFigure(s.kind, s.confirmedAt, f.at, rules)) row.stale += 1;
    }
  };

  // Hourly samples on the half hour; facts applied in order between them.
  let next = 0;
  for (let t = start + HOUR / 2; ; t += HOUR) {
    for (let f = during[next]; f && f.at <= Math.min(t, end); f = during[++next]) {
      // The others as they stood when the place was sought, before this hold took one.
      if (f.sought && f.at >= start) placeSought(f, f.sought);
      state.set(f.serviceId, f);
    }
    if (t >= end) break;
    sample(t);
  }
  const occupancy: TCapacityOverPeriod['occupancy'] = [];
  for (let b = 0; b < starts.length; b++) {
    const points = samples.get(b) ?? { placesOfSafety: [], alternatives: [] };
    const summary = (xs: number[]) => ({
      mean: xs.length ? Math.round(xs.reduce((a, x) => a + x, 0) / xs.length) : null,
      peak: xs.length ? Math.max(...xs) : null,
    });
    occupancy.push({
      from: new Date(starts[b] as number).toISOString(),
      placesOfSafety: summary(points.placesOfSafety),
      alternatives: summary(points.alternatives),
    });
  }

  return {
    bucket,
    occupancy,
    sought,
    unavailable: [...unavailable.values()]
      .filter((r) => r.full + r.stale > 0)
      .sort((a, b) => b.full + b.stale - (a.full + a.stale) || a.name.localeCompare(b.name)),
  };
}
