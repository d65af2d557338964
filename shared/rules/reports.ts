import { AREA_POPULATIONS, REPORT_RULES } from '../config/reports';
import { OUTCOME_LABELS, PRIORITIES, PRIORITY_LABELS, SEX_LABELS } from '../schemas/case';
import { DETENTION_OUTCOME_LABELS, PLACE_OF_SAFETY_LABELS, POLICE_VEHICLE_REASON_LABELS } from '../schemas/detention';
import type { TBreakdownRow, TDrill, TReport } from '../schemas/report';
import type { TOpeningHours } from '../schemas/service';
import { isOpenAt, londonClock } from './opening-hours';
import {
  ETHNIC_GROUPS,
  NOT_KNOWN,
  type TCardFactsRow,
  type TDetentionFactsRow,
  type TReportFactsRow,
  type TReportStamp,
  type TTurnAwayRow,
} from './report-facts';
import {
  disclose,
  minutesFrom,
  percentile,
  percentiles,
  ratePer100k,
  ratiosToLowest,
  share,
  type TDisclosureRule,
} from './report-measures';
import type { TCapacityOverPeriod } from './report-capacity';
import type { TPeriod } from './report-periods';

/**
 * The reports (R-REPORT-*), built from the facts of one period. Pure: the server reads the rows and
 * the reader's role decides `disclosure` (null: exact figures) and `canDrill` (the cards behind a
 * figure may be listed).
 */
export interface TReportInput {
  period: TPeriod;
  areaShortCode: string;
  /** Cards whose call came in the period. */
  cards: readonly TCardFactsRow[];
  /** Cards with a detention decided in the period. */
  detentions: readonly TDetentionFactsRow[];
  turnAways: readonly TTurnAwayRow[];
  /** The area's services' opening hours, for demand against opening. */
  serviceHours: readonly TOpeningHours[];
  /** Occupancy and services unavailable when a place was sought, folded from the services' log. */
  capacity: TCapacityOverPeriod;
  disclosure: TDisclosureRule | null;
  canDrill: boolean;
  now: Date;
}

type TStampOrCall = TReportStamp | 'createdAt';

/** The response steps, each from one stamp to another (R-REPORT-RESPONSE). */
export const RESPONSE_INTERVALS: readonly { key: string; label: string; from: TStampOrCall; to: TStampOrCall }[] = [
  { key: 'call-to-triage', label: 'Call to triage', from: 'createdAt', to: 'triagedAt' },
  { key: 'call-to-dispatch', label: 'Call to dispatch', from: 'createdAt', to: 'dispatchedAt' },
  { key: 'dispatch-to-accept', label: 'Dispatch to crew accepting', from: 'dispatchedAt', to: 'acceptedAt' },
  { key: 'call-to-seen', label: 'Call to seen (on scene)', from: 'createdAt', to: 'onSceneAt' },
  { key: 'time-on-scene', label: 'Time on scene', from: 'onSceneAt', to: 'leftSceneAt' },
  { key: 'scene-to-handover', label: 'Leaving scene to handed over', from: 'leftSceneAt', to: 'handedOverAt' },
  { key: 'call-to-clear', label: 'Call to crew clear', from: 'createdAt', to: 'clearAt' },
];

/** The minutes from one instant to another of each row that has both, in order, as a typed array. */
function minutesOf(rows: readonly TCardFactsRow[], from: TStampOrCall, to: TStampOrCall): Float64Array {
  const start = INSTANT_OF[from];
  const end = INSTANT_OF[to];
  const out = new Float64Array(rows.length);
  let n = 0;
  for (const r of rows) {
    const m = minutesFrom(start(r), end(r));
    if (m !== null) out[n++] = m;
  }
  return out.subarray(0, n);
}

/** Each instant read by a fixed property, which a year of rows reads several times faster than `r[key]`. */
const INSTANT_OF: Record<TStampOrCall, (r: TCardFactsRow) => number | null> = {
  createdAt: (r) => r.createdAt,
  triagedAt: (r) => r.triagedAt,
  dispatchedAt: (r) => r.dispatchedAt,
  acceptedAt: (r) => r.acceptedAt,
  onSceneAt: (r) => r.onSceneAt,
  leftSceneAt: (r) => r.leftSceneAt,
  handedOverAt: (r) => r.handedOverAt,
  clearAt: (r) => r.clearAt,
};

const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

type TSeenFacts = Pick<TReportFactsRow, 'priority' | 'createdAt' | 'onSceneAt'>;
const toSeen = (r: TSeenFacts) => minutesFrom(r.createdAt, r.onSceneAt);

/** The inequality dimensions (R-REPORT-INEQUALITY), each with the order its groups are shown in. */
export const DIMENSIONS = [
  { key: 'ethnicity', label: 'Ethnicity (2021 census groups)', groups: [...ETHNIC_GROUPS] as string[] },
  {
    key: 'ageBand',
    label: 'Age band',
    groups: [...REPORT_RULES.ageBands.map((b) => b.label), NOT_KNOWN] as string[],
  },
  { key: 'sex', label: 'Sex', groups: Object.keys(SEX_LABELS) },
  {
    key: 'imdDecile',
    label: 'Deprivation decile (1 = most deprived)',
    groups: [...Array.from({ length: 10 }, (_, i) => String(i + 1)), NOT_KNOWN],
  },
] as const;
type TDimension = (typeof DIMENSIONS)[number]['key'];

const groupOf = (r: TCardFactsRow | TDetentionFactsRow, dimension: TDimension): string =>
  dimension === 'imdDecile' ? (r.imdDecile === null ? NOT_KNOWN : String(r.imdDecile)) : String(r[dimension]);

const groupLabel = (dimension: TDimension, group: string): string =>
  dimension === 'sex' ? (SEX_LABELS[group as keyof typeof SEX_LABELS] ?? group) : group;

type TMeasure =
  | { key: string; label: string; set: 'cards'; counts: (r: TCardFactsRow) => boolean; drill: Record<string, string> }
  | {
      key: string;
      label: string;
      set: 'detentions';
      counts: (r: TDetentionFactsRow) => boolean;
      drill: Record<string, string>;
    };

/** The measures broken down by every dimension: the key figures of each report. */
export const INEQUALITY_MEASURES: readonly TMeasure[] = [
  { key: 'contacts', label: 'Contacts (cards)', set: 'cards', counts: () => true, drill: {} },
  { key: 'detentions', label: 'Detentions (s136 and s135)', set: 'detentions', counts: () => true, drill: {} },
  {
    key: 'police-station',
    label: 'Detentions taken to a police station',
    set: 'detentions',
    counts: (r) => r.policeStation,
    drill: { policeStation: 'true' },
  },
  {
    key: 'police-vehicle',
    label: 'Detentions conveyed in a police vehicle',
    set: 'detentions',
    counts: (r) => r.transport === 'police-vehicle',
    drill: { transport: 'police-vehicle' },
  },
  {
    key: 'not-seen-in-target',
    label: 'Contacts not seen within the target',
    set: 'cards',
    counts: (r) => missedTarget(r) === true,
    drill: { missedTarget: 'true' },
  },
  {
    key: 'repeat',
    label: `Repeat contacts (within ${REPORT_RULES.repeatContactDays} days)`,
    set: 'cards',
    counts: (r) => r.repeatContact,
    drill: { repeatContact: 'true' },
  },
];

const isSet =
  <S extends TMeasure['set']>(set: S) =>
  (m: TMeasure): m is Extract<TMeasure, { set: S }> =>
    m.set === set;

/** Whether a card was seen later than its priority's target: null when it has no target or was not seen. */
export function missedTarget(r: TSeenFacts): boolean | null {
  const target = REPORT_RULES.targets.seenMinutes[r.priority];
  if (target === undefined) return null;
  const seen = toSeen(r);
  return seen === null ? null : seen > target;
}

/** Whether a row matches a drill's filter: every named fact equals the given text. */
export function matchesDrill(r: TCardFactsRow | TDetentionFactsRow, where: Record<string, string>): boolean {
  return Object.entries(where).every(([key, value]) => {
    if (key === 'missedTarget') return String('onSceneAt' in r ? missedTarget(r) : null) === value;
    if (key === 'acceptMissed') {
      const m = 'dispatchedAt' in r ? minutesFrom(r.dispatchedAt, r.acceptedAt) : null;
      return String(m !== null && m > REPORT_RULES.targets.acceptMinutes) === value;
    }
    if (key === 'hour')
      return 'createdAt' in r && String(Math.floor(londonClock(new Date(r.createdAt)).minutes / 60)) === value;
    if (key === 'imdDecile') return (r.imdDecile === null ? NOT_KNOWN : String(r.imdDecile)) === value;
    const v = (r as unknown as Record<string, string | number | boolean | null>)[key];
    return String(v ?? NOT_KNOWN) === value;
  });
}

export function buildReport(input: TReportInput): TReport {
  const { cards, detentions, disclosure } = input;
  const count = (n: number) => disclose(n, disclosure);
  const drill = (set: TDrill['set'], where: Record<string, string>): TDrill | null =>
    input.canDrill ? { set, where } : null;
  // A median or percentile of fewer people than the disclosure threshold would disclose them.
  const enough = (n: number) => !disclosure || n >= disclosure.suppressBelow;
  // R-REPORT-SDC: a share of the counts as shown (rounded), never of the exact ones behind them.
  const shownShare = (part: number, whole: number): number | null => {
    const p = count(part).value;
    const w = count(whole).value;
    return enough(whole) && p !== null && w !== null ? share(p, w) : null;
  };
  const durations = (values: readonly number[] | Float64Array) => {
    const [median = null, p90 = null] = enough(values.length) ? percentiles(values, [50, 90]) : [];
    return { median, p90, n: count(values.length) };
  };
  const breakdown = <R extends TCardFactsRow | TDetentionFactsRow>(
    set: TDrill['set'],
    rows: readonly R[],
    key: keyof R & string,
    labels: Record<string, string>,
  ): TBreakdownRow[] => {
    const counts = new Map<string, number>();
    for (const r of rows) {
      const v = String(r[key] ?? NOT_KNOWN);
      counts.set(v, (counts.get(v) ?? 0) + 1);
    }
    const keys = [
      ...Object.keys(labels).filter((k) => counts.has(k)),
      ...[...counts.keys()].filter((k) => !(k in labels)),
    ];
    return keys.map((k) => ({
      key: k,
      label: labels[k] ?? k,
      count: count(counts.get(k) ?? 0),
      drill: drill(set, { [key]: k }),
    }));
  };

  // Response times.
  const byPriority = groupBy(cards, (r) => r.priority);
  const intervals = RESPONSE_INTERVALS.map((interval) => ({
    key: interval.key,
    label: interval.label,
    byPriority: PRIORITIES.map((priority) => {
      return {
        priority,
        label: PRIORITY_LABELS[priority],
        ...durations(minutesOf(byPriority.get(priority) ?? [], interval.from, interval.to)),
      };
    }),
  }));
  const targets = PRIORITIES.flatMap((priority): TReport['responseTimes']['targets'] => {
    const targetMinutes = REPORT_RULES.targets.seenMinutes[priority];
    if (targetMinutes === undefined) return [];
    const seen = (byPriority.get(priority) ?? []).filter((r) => toSeen(r) !== null);
    const within = seen.filter((r) => (toSeen(r) ?? Infinity) <= targetMinutes).length;
    return [
      {
        key: priority,
        label: `${PRIORITY_LABELS[priority]}: seen within ${targetMinutes / 60}\u00a0h`,
        targetMinutes,
        n: count(seen.length),
        within: count(within),
        share: shownShare(within, seen.length),
        drillMissed: drill('cards', { priority, missedTarget: 'true' }),
      },
    ];
  });
  const accepted = cards.map((r) => minutesFrom(r.dispatchedAt, r.acceptedAt)).filter((m): m is number => m !== null);
  const acceptWithin = accepted.filter((m) => m <= REPORT_RULES.targets.acceptMinutes).length;
  targets.push({
    key: 'accept',
    label: `Crew accepting within ${REPORT_RULES.targets.acceptMinutes}\u00a0min`,
    targetMinutes: REPORT_RULES.targets.acceptMinutes,
    n: count(accepted.length),
    within: count(acceptWithin),
    share: shownShare(acceptWithin, accepted.length),
    drillMissed: drill('cards', { acceptMissed: 'true' }),
  });
  // The hour and weekday of each call in England, from the clock of its hour, looked up once a call.
  const clock = londonHours();
  const clocks = cards.map((r) => clock(r.createdAt));
  const byClock = (bucket: (c: TClock) => number, size: number) => {
    const calls = new Array<number>(size).fill(0);
    const seen = Array.from({ length: size }, (): number[] => []);
    cards.forEach((r, i) => {
      const b = bucket(clocks[i] as TClock);
      calls[b] = (calls[b] ?? 0) + 1;
      const m = toSeen(r);
      if (m !== null) seen[b]?.push(m);
    });
    return calls.map((rows, b) => {
      const minutes = seen[b] ?? [];
      return { rows, medianToSeen: enough(minutes.length) ? percentile(minutes, 50) : null };
    });
  };
  const opening = demandAndOpening(input, count, clock, clocks);
  const byHour = byClock((c) => Math.floor(c.minutes / 60), 24).map((b, hour) => ({
    hour,
    cards: count(b.rows),
    medianToSeen: b.medianToSeen,
    servicesOpen: opening.byHour[hour] ?? 0,
  }));
  const byWeekday = byClock((c) => c.isoDay - 1, 7).map((b, i) => ({
    day: WEEKDAYS[i] ?? '',
    cards: count(b.rows),
    medianToSeen: b.medianToSeen,
  }));

  // Turn-aways and opening against demand.
  const turnAwayCounts = new Map<string, { name: string; n: number }>();
  for (const t of input.turnAways) {
    const c = turnAwayCounts.get(t.serviceId) ?? { name: t.serviceName, n: 0 };
    c.n += 1;
    turnAwayCounts.set(t.serviceId, c);
  }
  const byHow = (['declined', 'expired'] as const).map((how) => ({
    key: how,
    label: how === 'declined' ? 'Declined by the service' : 'Held place ran out',
    count: count(input.turnAways.filter((t) => t.how === how).length),
    drill: drill('turn-aways', { how }),
  }));

  // Detentions.
  const detentionDurations = detentions.map((r) => r.durationMinutes).filter((m): m is number => m !== null);
  const handovers = detentions.map((r) => r.handoverMinutes).filter((m): m is number => m !== null);
  const firstPlaceLabels: Record<string, string> = {
    ...PLACE_OF_SAFETY_LABELS,
    'kept-where-they-were': 'Kept where they were',
    'not-reached': 'Not yet at a place of safety',
  };

  // Inequalities.
  const population = AREA_POPULATIONS[input.areaShortCode] ?? {};
  const tallies = {
    cards: tally(cards, INEQUALITY_MEASURES.filter(isSet('cards'))),
    detentions: tally(detentions, INEQUALITY_MEASURES.filter(isSet('detentions'))),
  };
  const inequalities = DIMENSIONS.map((dimension, d) => {
    return {
      dimension: dimension.key,
      label: dimension.label,
      measures: INEQUALITY_MEASURES.map((measure) => {
        const byGroup = tallies[measure.set].byDimension[d] ?? new Map<string, TTally>();
        const j = tallies[measure.set].measures.indexOf(measure);
        const groups = [...new Set([...dimension.groups, ...byGroup.keys()])];
        const counted = groups.map((group) => {
          const t = byGroup.get(group);
          const n = t?.n[j] ?? 0;
          const pop = (population as Record<string, Record<string, number> | undefined>)[dimension.key]?.[group];
          // R-REPORT-SDC: a rate from the count as shown, so it cannot give back a suppressed or rounded count.
          const shown = count(n).value;
          return {
            group,
            n,
            of: t?.of ?? 0,
            pop: pop ?? null,
            rate: shown === null ? null : ratePer100k(shown, pop),
          };
        });
        const ratios = ratiosToLowest(counted.map((c) => c.rate));
        return {
          key: measure.key,
          label: measure.label,
          rows: counted.map((c, i) => ({
            group: groupLabel(dimension.key, c.group),
            count: count(c.n),
            population: c.pop,
            // Rates and ratios of a suppressed count would give the count away.
            ratePer100k: c.rate,
            ratioToLowest: ratios[i] ?? null,
            of: count(c.of),
            drill: drill(measure.set, { ...measure.drill, [dimension.key]: c.group }),
          })),
        };
      }),
    };
  });

  return {
    period: input.period,
    generatedAt: input.now.toISOString(),
    rulesVersion: REPORT_RULES.version,
    hasPopulation: Object.keys(population).length > 0,
    disclosureControlled: disclosure !== null,
    cards: count(cards.length),
    responseTimes: { intervals, targets, byHour, byWeekday },
    turnAways: {
      total: count(input.turnAways.length),
      byService: [...turnAwayCounts.entries()].map(([serviceId, c]) => ({
        key: serviceId,
        label: c.name,
        count: count(c.n),
        drill: drill('turn-aways', { serviceId }),
      })),
      byHow,
      demandAndOpening: opening.blocks,
      occupancy: { bucket: input.capacity.bucket, points: input.capacity.occupancy },
      whenSought: {
        sought: count(input.capacity.sought),
        services: input.capacity.unavailable
          .map((u) => ({
            key: u.serviceId,
            label: u.name,
            sought: count(u.sought),
            full: count(u.full),
            stale: count(u.stale),
          }))
          // R-SDC: a row, and its place in the list, only from counts as shown: a service full "<5" times
          // is not listed at all to a reader who sees rounded figures.
          .filter((u) => !disclosure || (u.full.value ?? 0) + (u.stale.value ?? 0) > 0)
          .sort((a, b) => (b.full.value ?? 0) + (b.stale.value ?? 0) - ((a.full.value ?? 0) + (a.stale.value ?? 0))),
      },
      reasons: input.canDrill
        ? input.turnAways.map((t) => ({
            at: t.at,
            serviceName: t.serviceName,
            how: t.how,
            reason: t.reason,
            caseId: t.caseId,
          }))
        : [],
    },
    detentions: {
      total: count(detentions.length),
      byPower: breakdown('detentions', detentions, 'power', { s136: 'Section 136', s135: 'Section 135' }),
      firstPlace: breakdown('detentions', detentions, 'firstPlace', firstPlaceLabels),
      transport: breakdown('detentions', detentions, 'transport', {
        ambulance: 'Ambulance',
        'police-vehicle': 'Police vehicle',
        other: 'Other',
        'not-known': 'Not known',
      }),
      policeVehicleReasons: breakdown(
        'detentions',
        detentions.filter((r) => r.transport === 'police-vehicle'),
        'policeVehicleReason',
        POLICE_VEHICLE_REASON_LABELS,
      ),
      outcomes: breakdown('detentions', detentions, 'detentionOutcome', {
        ...DETENTION_OUTCOME_LABELS,
        [NOT_KNOWN]: 'No outcome recorded yet',
      }),
      policeStation: count(detentions.filter((r) => r.policeStation).length),
      policeStationUnder18: count(detentions.filter((r) => r.policeStation && r.under18 === true).length),
      arrested: count(detentions.filter((r) => r.arrested === true).length),
      under18: count(detentions.filter((r) => r.under18 === true).length),
      extended: count(detentions.filter((r) => r.extended).length),
      breached: count(detentions.filter((r) => r.breached).length),
      duration: durations(detentionDurations),
      handover: durations(handovers),
    },
    outcomes: {
      byOutcome: breakdown('cards', cards, 'outcome', { ...OUTCOME_LABELS, [NOT_KNOWN]: 'Still open' }),
      repeatContacts: count(cards.filter((r) => r.repeatContact).length),
      repeatDays: REPORT_RULES.repeatContactDays,
    },
    inequalities,
  };
}

/** One group's rows (`of`) and how many of them count for each measure (`n`, in the measures' order). */
interface TTally {
  of: number;
  n: number[];
}

/**
 * How many rows of each group of every dimension count for each measure, in one pass over a set:
 * whether a row counts is asked once per measure, not once per dimension.
 */
function tally<R extends TCardFactsRow | TDetentionFactsRow>(
  rows: readonly R[],
  measures: readonly { counts: (r: R) => boolean }[],
): { measures: readonly unknown[]; byDimension: Map<string, TTally>[] } {
  const byDimension = DIMENSIONS.map(() => new Map<string, TTally>());
  const hits = new Uint8Array(measures.length);
  for (const r of rows) {
    for (let j = 0; j < measures.length; j++) hits[j] = measures[j]?.counts(r) ? 1 : 0;
    for (let d = 0; d < DIMENSIONS.length; d++) {
      const groups = byDimension[d] as Map<string, TTally>;
      const key = groupOf(r, (DIMENSIONS[d] as (typeof DIMENSIONS)[number]).key);
      let t = groups.get(key);
      if (!t) groups.set(key, (t = { of: 0, n: new Array<number>(measures.length).fill(0) }));
      t.of += 1;
      for (let j = 0; j < measures.length; j++) t.n[j] = (t.n[j] ?? 0) + (hits[j] ?? 0);
    }
  }
  return { measures, byDimension };
}

/** Rows by a key, in one pass, each group in the rows' order. */
function groupBy<T>(rows: readonly T[], key: (row: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const row of rows) {
    const k = key(row);
    const group = groups.get(k);
    if (group) group.push(row);
    else groups.set(k, [row]);
  }
  return groups;
}

type TClock = ReturnType<typeof londonClock>;

/**
 * The clock in England at the start of the hour holding each instant: England's offset from UTC is
 * whole hours, so the hour and the day an instant falls in are those of its UTC hour's start. Worked out
 * once per hour (a year is 8,760), not once per card.
 */
/** England's clock at the start of each UTC hour asked for, kept between reports (a year is 8,760). */
const HOUR_CLOCKS = new Map<number, TClock>();
const HOUR_CLOCKS_KEPT = 200_000;

function londonHours(): (t: number) => TClock {
  return (t) => {
    const hour = Math.floor(t / 3_600_000);
    let start = HOUR_CLOCKS.get(hour);
    if (!start) {
      if (HOUR_CLOCKS.size >= HOUR_CLOCKS_KEPT) HOUR_CLOCKS.clear();
      start = londonClock(new Date(hour * 3_600_000));
      HOUR_CLOCKS.set(hour, start);
    }
    return start;
  };
}

/** Calls and services open in four blocks of the week (R-02: nights and weekends served like days). */
function demandAndOpening(
  input: TReportInput,
  count: (n: number) => ReturnType<typeof disclose>,
  clock: (t: number) => TClock,
  callClocks: readonly TClock[],
) {
  const blocks = ['Weekday daytime (08:00–20:00)', 'Weekday night', 'Weekend daytime (08:00–20:00)', 'Weekend night'];
  const blockOf = (c: TClock) => {
    const isDay = c.minutes >= 8 * 60 && c.minutes < 20 * 60;
    return (c.isoDay >= 6 ? 2 : 0) + (isDay ? 0 : 1);
  };
  const calls = [0, 0, 0, 0];
  for (const c of callClocks) calls[blockOf(c)]! += 1;
  const open = [0, 0, 0, 0];
  const hours = [0, 0, 0, 0];
  const openByHour = new Array<number>(24).fill(0);
  const samplesByHour = new Array<number>(24).fill(0);
  // Sampled on the half hour, through the period (at most a year: 8,784 samples).
  const end = Math.min(Date.parse(input.period.to), input.now.getTime());
  for (let t = Date.parse(input.period.from) + 30 * 60_000; t < end; t += 3_600_000) {
    const at = new Date(t);
    const c = clock(t);
    const b = blockOf(c);
    const hour = Math.floor(c.minutes / 60);
    const openNow = input.serviceHours.filter((h) => isOpenAt(h, at)).length;
    hours[b]! += 1;
    open[b]! += openNow;
    samplesByHour[hour]! += 1;
    openByHour[hour]! += openNow;
  }
  const average = (sum: number, n: number) => (n ? Math.round((sum / n) * 10) / 10 : 0);
  return {
    blocks: blocks.map((label, i) => ({
      label,
      calls: count(calls[i] ?? 0),
      servicesOpen: average(open[i] ?? 0, hours[i] ?? 0),
    })),
    /** Services open, on average, in each hour of the day (UK time). */
    byHour: openByHour.map((sum, hour) => average(sum, samplesByHour[hour] ?? 0)),
  };
}
