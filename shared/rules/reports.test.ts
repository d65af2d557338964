import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { aCardAndItsChange } from './card-changes.arbitrary';
import {
  caseFacts,
  ethnicGroup,
  postcodeInText,
  postcodeKey,
  sameFactInputs,
  type TReportFactsRow,
} from './report-facts';
import { aCard } from './test-fixtures';
import { disclose, formatMinutes, percentile, ratePer100k, ratiosToLowest, share } from './report-measures';
import { financialYearLabel, londonDateTime, resolvePeriod } from './report-periods';
import { capacityOverPeriod, type TCapacityFact } from './report-capacity';
import { buildReport, matchesDrill } from './reports';

const hours = (p: { from: string; to: string }) => (Date.parse(p.to) - Date.parse(p.from)) / 3_600_000;
const NOW = new Date('2026-12-03T10:00:00Z');

describe('report periods in UK time (R-REPORT-PERIOD)', () => {
  it('a day with the clocks going forward is 23 hours, going back 25', () => {
    expect(hours(resolvePeriod({ kind: 'day', date: '2026-03-29' }, NOW))).toBe(23);
    expect(hours(resolvePeriod({ kind: 'day', date: '2026-10-25' }, NOW))).toBe(25);
    expect(resolvePeriod({ kind: 'day', date: '2026-07-01' }, NOW)).toMatchObject({
      from: '2026-06-30T23:00:00.000Z',
      to: '2026-07-01T23:00:00.000Z',
    });
  });

  it('the financial year runs 1 April to 31 March; 31 March is the last day of the year before', () => {
    const fy = resolvePeriod({ kind: 'financial-year', date: '2027-03-31' }, NOW);
    expect(fy).toMatchObject({ from: '2026-03-31T23:00:00.000Z', to: '2027-03-31T23:00:00.000Z' });
    expect(fy.label).toBe('Financial year 2026/27');
    expect(resolvePeriod({ kind: 'financial-year', date: '2027-04-01' }, NOW).label).toBe('Financial year 2027/28');
    expect(financialYearLabel(2099)).toBe('2099/00');
  });

  it('quarters are the financial year’s: January–March is Q4', () => {
    const q = resolvePeriod({ kind: 'quarter', date: '2027-02-10' }, NOW);
    expect(q.label).toBe('Q4 2026/27');
    expect(q.from).toBe('2027-01-01T00:00:00.000Z');
    expect(q.to).toBe('2027-03-31T23:00:00.000Z');
  });

  it('weeks start on Monday; a custom period includes its last day; an end before the start is refused', () => {
    expect(resolvePeriod({ kind: 'week', date: '2026-12-03' }, NOW).from).toBe('2026-11-30T00:00:00.000Z');
    expect(hours(resolvePeriod({ kind: 'custom', date: '2026-12-01', until: '2026-12-02' }, NOW))).toBe(48);
    expect(() => resolvePeriod({ kind: 'custom', date: '2026-12-02', until: '2026-12-01' }, NOW)).toThrow(RangeError);
    expect(() => resolvePeriod({ kind: 'day', date: '2026-02-30' }, NOW)).toThrow(RangeError);
  });

  it('writes UK local date and time', () => {
    expect(londonDateTime('2026-07-01T23:30:00Z')).toBe('2026-07-02 00:30');
    expect(londonDateTime('2026-12-01T23:30:00Z')).toBe('2026-12-01 23:30');
  });
});

describe('report measures (R-REPORT-MEASURES, R-REPORT-SDC)', () => {
  it('percentiles by nearest rank', () => {
    expect(percentile([4, 1, 3, 2], 50)).toBe(2);
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 90)).toBe(9);
    expect(percentile([7], 90)).toBe(7);
    expect(percentile([], 50)).toBeNull();
  });

  it('R-REPORT-SDC: counts under 5 are suppressed, others rounded to the nearest 5, zero shown', () => {
    expect(disclose(0)).toEqual({ value: 0, shown: '0' });
    expect(disclose(1)).toEqual({ value: null, shown: '<5' });
    expect(disclose(4)).toEqual({ value: null, shown: '<5' });
    expect(disclose(5)).toEqual({ value: 5, shown: '5' });
    expect(disclose(7)).toEqual({ value: 5, shown: '5' });
    expect(disclose(8)).toEqual({ value: 10, shown: '10' });
    expect(disclose(3, null)).toEqual({ value: 3, shown: '3' });
  });

  it('rates per 100,000 and each group’s ratio to the lowest rate', () => {
    expect(ratePer100k(12, 300_000)).toBe(4);
    expect(ratePer100k(1, undefined)).toBeNull();
    expect(ratiosToLowest([10, 40, null, 0, 20])).toEqual([1, 4, null, null, 2]);
    expect(ratiosToLowest([0, null])).toEqual([null, null]);
    expect(share(1, 3)).toBe(33.3);
    expect(share(0, 0)).toBeNull();
    expect(formatMinutes(65)).toBe('1 h 05 min');
  });

  it('ethnicity: the 2021 census groups; "not stated" is kept apart from "not known" and never dropped', () => {
    expect(ethnicGroup('N')).toBe('Black');
    expect(ethnicGroup('R')).toBe('Asian');
    expect(ethnicGroup('Z')).toBe('Not stated');
    expect(ethnicGroup(null)).toBe('Not known');
    expect(ethnicGroup('99')).toBe('Not known');
  });

  it('postcodes from the person, or the last one in an address', () => {
    expect(postcodeKey('kv1 1aa')).toBe('KV11AA');
    expect(postcodeKey('not one')).toBeNull();
    expect(postcodeInText('Flat 2, 9 Tanner Street, Kestrel Vale KV1 2BA')).toBe('KV12BA');
    expect(postcodeInText('Bus stop on the A46')).toBeNull();
  });
});

function aRow(over: Partial<TReportFactsRow>): TReportFactsRow {
  return {
    caseId: crypto.randomUUID(),
    areaId: 'kestrel-vale',
    priority: 'very-urgent',
    status: 'closed',
    createdAt: Date.parse('2026-11-10T22:00:00.000Z'),
    closedAt: null,
    outcome: null,
    ethnicity: 'White',
    sex: 'female',
    ageBand: '25–34',
    postcode: null,
    personKey: null,
    power: null,
    detainedAt: null,
    firstPlace: null,
    transport: null,
    policeVehicleReason: null,
    policeStation: false,
    arrested: null,
    under18: null,
    durationMinutes: null,
    extended: false,
    breached: false,
    handoverMinutes: null,
    detentionOutcome: null,
    triagedAt: null,
    dispatchedAt: null,
    acceptedAt: null,
    onSceneAt: null,
    leftSceneAt: null,
    handedOverAt: null,
    clearAt: null,
    imdDecile: null,
    repeatContact: false,
    ...over,
  };
}

describe('the reports (R-REPORT-RESPONSE, R-REPORT-INEQUALITY)', () => {
  const period = resolvePeriod({ kind: 'month', date: '2026-11-15' }, NOW);
  const seenAfter = (minutes: number) => Date.parse('2026-11-10T22:00:00.000Z') + minutes * 60_000;
  // Very urgent: seen after 60, 120, 300 minutes (one outside 4 h). Three Black people detained, one White.
  const cards = [
    aRow({ onSceneAt: seenAfter(60), ethnicity: 'Black' }),
    aRow({ onSceneAt: seenAfter(120), ethnicity: 'Black' }),
    aRow({ onSceneAt: seenAfter(300), ethnicity: 'Black' }),
    aRow({ onSceneAt: null, priority: 'routine' }),
    aRow({ ethnicity: 'Not stated' }),
  ];
  const detentions = [
    aRow({
      power: 's136',
      ethnicity: 'Black',
      detainedAt: Date.parse('2026-11-10T23:00:00.000Z'),
      policeStation: true,
    }),
    aRow({ power: 's136', ethnicity: 'Black', detainedAt: Date.parse('2026-11-11T23:00:00.000Z') }),
    aRow({ power: 's136', ethnicity: 'Black', detainedAt: Date.parse('2026-11-12T23:00:00.000Z') }),
    aRow({ power: 's136', ethnicity: 'White', detainedAt: Date.parse('2026-11-13T23:00:00.000Z') }),
  ];
  const input = {
    period,
    areaShortCode: 'KV',
    cards,
    detentions,
    turnAways: [],
    serviceHours: [],
    capacity: capacityOverPeriod(period, NOW, [], [], new Map()),
    canDrill: true,
    now: NOW,
  };

  it('medians, 90th percentiles and the share seen within the target, by priority', () => {
    const r = buildReport({ ...input, disclosure: null });
    const seen = r.responseTimes.intervals.find((i) => i.key === 'call-to-seen');
    expect(seen?.byPriority.find((p) => p.priority === 'very-urgent')).toMatchObject({
      median: 120,
      p90: 300,
      n: { value: 3 },
    });
    expect(r.responseTimes.targets.find((t) => t.key === 'very-urgent')).toMatchObject({
      within: { value: 2 },
      share: 66.7,
    });
    expect(cards.filter((c) => matchesDrill(c, { priority: 'very-urgent', missedTarget: 'true' }))).toHaveLength(1);
  });

  it('R-REPORT-INEQUALITY: detentions by ethnicity with rates per 100,000 and the ratio to the lowest', () => {
    const r = buildReport({ ...input, disclosure: null });
    const rows = r.inequalities
      .find((d) => d.dimension === 'ethnicity')
      ?.measures.find((m) => m.key === 'detentions')?.rows;
    // Kestrel Vale's configured populations: Black 16,000, White 326,000.
    expect(rows?.find((x) => x.group === 'Black')).toMatchObject({ count: { value: 3 }, ratePer100k: 18.8 });
    expect(rows?.find((x) => x.group === 'White')).toMatchObject({
      count: { value: 1 },
      ratePer100k: 0.3,
      ratioToLowest: 1,
    });
    expect(rows?.find((x) => x.group === 'Black')?.ratioToLowest).toBe(62.67);
    expect(rows?.map((x) => x.group)).toContain('Not stated');
  });

  it('R-REPORT-SDC: a commissioner’s report suppresses small numbers, their rates and medians, and lists no cards', () => {
    const r = buildReport({ ...input, canDrill: false, disclosure: { suppressBelow: 5, roundTo: 5 } });
    expect(r.disclosureControlled).toBe(true);
    expect(r.cards).toEqual({ value: 5, shown: '5' });
    const rows = r.inequalities
      .find((d) => d.dimension === 'ethnicity')
      ?.measures.find((m) => m.key === 'detentions')?.rows;
    expect(rows?.find((x) => x.group === 'Black')).toMatchObject({
      count: { shown: '<5' },
      ratePer100k: null,
      drill: null,
    });
    const seen = r.responseTimes.intervals.find((i) => i.key === 'call-to-seen');
    expect(seen?.byPriority.find((p) => p.priority === 'very-urgent')).toMatchObject({ median: null, p90: null });
    expect(JSON.stringify(r)).not.toMatch(/"caseId"/);
  });

  it('R-REPORT-SDC: rates and shares shown to a commissioner are worked from the rounded counts, so they cannot give the exact ones back', () => {
    // Six Black people detained (16,000 people): shown as 5, so the rate is 5 / 16,000, not 6 / 16,000.
    const six = Array.from({ length: 6 }, () => aRow({ power: 's136', ethnicity: 'Black', detainedAt: NOW.getTime() }));
    // Seven very urgent cards seen, two within 4 h: shown as 5 and <5, so no share at all.
    const seven = Array.from({ length: 7 }, (_, i) => aRow({ onSceneAt: seenAfter(i < 2 ? 60 : 300) }));
    const r = buildReport({
      ...input,
      cards: seven,
      detentions: six,
      canDrill: false,
      disclosure: { suppressBelow: 5, roundTo: 5 },
    });
    const black = r.inequalities[0]?.measures
      .find((m) => m.key === 'detentions')
      ?.rows.find((x) => x.group === 'Black');
    expect(black).toMatchObject({ count: { shown: '5' }, ratePer100k: 31.3 });
    expect(r.responseTimes.targets.find((t) => t.key === 'very-urgent')).toMatchObject({
      n: { shown: '5' },
      within: { shown: '<5' },
      share: null,
    });
  });
});

describe('capacity through a period (R-REPORT-CAPACITY)', () => {
  const day = resolvePeriod({ kind: 'day', date: '2026-11-20' }, NOW);
  const start = Date.parse(day.from);
  const hour = 3_600_000;
  const fact = (f: Partial<TCapacityFact> & Pick<TCapacityFact, 'serviceId' | 'at'>): TCapacityFact => ({
    seq: 0,
    kind: 'A20',
    status: 'open',
    inUse: 0,
    inService: 2,
    placesAdult: 2,
    placesUnder18: 0,
    freeAdult: 2,
    freeUnder18: 0,
    confirmedAt: f.at,
    sought: null,
    ...f,
  });
  // Two s136 suites (one full) and a café whose figure is 10 hours old at the start of the day.
  const before = [
    fact({ serviceId: 'suite-a', at: start - hour, inUse: 1, freeAdult: 1 }),
    fact({ serviceId: 'suite-b', at: start - hour, inUse: 2, freeAdult: 0 }),
    fact({ serviceId: 'cafe', at: start - 10 * hour, kind: 'A21', inService: 4, placesAdult: 4, freeAdult: 4 }),
    fact({ serviceId: 'haven', at: start - 10 * hour, kind: 'A21', inService: 4, placesAdult: 4, freeAdult: 4 }),
    // A suite closed all day: its places are no one's (H-071).
    fact({ serviceId: 'suite-c', at: start - hour, status: 'closed', inService: 2, freeAdult: 0 }),
  ];
  // A suite place held at 02:00 (suite-a) and a café place at 03:00.
  const during = [
    fact({
      serviceId: 'suite-a',
      at: start + 2 * hour,
      inUse: 2,
      freeAdult: 0,
      sought: 'adult',
      confirmedAt: start - hour,
    }),
    fact({
      serviceId: 'cafe',
      at: start + 3 * hour,
      kind: 'A21',
      inUse: 1,
      inService: 4,
      placesAdult: 4,
      freeAdult: 3,
      sought: 'adult',
      confirmedAt: start - 10 * hour,
    }),
  ];
  const names = new Map([
    ['suite-a', 'Abbey Suite'],
    ['suite-b', 'Beacon Suite'],
    ['cafe', 'Harbour Café'],
    ['haven', 'Lantern Haven'],
    ['suite-c', 'Closed Suite'],
  ]);
  const fiveHoursIn = new Date(start + 5 * hour);
  const c = capacityOverPeriod(day, fiveHoursIn, before, during, names);

  it('occupancy of places of safety and of crisis alternatives, by hour for a day, only as far as now', () => {
    expect(c.bucket).toBe('hour');
    expect(c.occupancy).toHaveLength(5);
    expect(c.occupancy.map((p) => p.placesOfSafety.mean)).toEqual([75, 75, 100, 100, 100]);
    expect(c.occupancy.map((p) => p.alternatives.peak)).toEqual([0, 0, 0, 13, 13]);
  });

  it('each place sought counts the other services of its kind that were full, or whose figure was stale, then', () => {
    expect(c.sought).toBe(2);
    // At 02:00 (a place held at Abbey Suite) Beacon Suite was full; at 03:00 (one held at the café) the
    // Lantern Haven's figure was 13 hours old, stale after 4. The service that gave the place is not
    // counted against itself, and a closed one is not listed.
    expect(c.unavailable).toEqual([
      { serviceId: 'suite-b', name: 'Beacon Suite', sought: 1, full: 1, stale: 0 },
      { serviceId: 'haven', name: 'Lantern Haven', sought: 1, full: 0, stale: 1 },
    ]);
  });

  it('a year is shown by week; the report carries the figures, counts through the disclosure rule', () => {
    const year = resolvePeriod({ kind: 'financial-year', date: '2026-11-20' }, NOW);
    expect(capacityOverPeriod(year, NOW, [], [], names).bucket).toBe('week');
    // Days are England's: the day the clocks go back is 25 hours, and the next starts at midnight GMT.
    const october = capacityOverPeriod(resolvePeriod({ kind: 'month', date: '2026-10-10' }, NOW), NOW, [], [], names);
    expect(october.occupancy).toHaveLength(31);
    expect(october.occupancy[24]?.from).toBe('2026-10-24T23:00:00.000Z');
    expect(october.occupancy[25]?.from).toBe('2026-10-26T00:00:00.000Z');
    const r = buildReport({
      period: day,
      areaShortCode: 'KV',
      cards: [],
      detentions: [],
      turnAways: [],
      serviceHours: [{ isAlwaysOpen: true, weekly: [], exceptions: [] }],
      capacity: c,
      disclosure: { suppressBelow: 5, roundTo: 5 },
      canDrill: false,
      now: fiveHoursIn,
    });
    expect(r.turnAways.whenSought.sought).toEqual({ value: null, shown: '<5' });
    expect(r.turnAways.occupancy.points).toHaveLength(5);
    // services open in each hour of the day, beside the calls.
    expect(r.responseTimes.byHour[3]?.servicesOpen).toBe(1);
  });
});

describe('a card’s report row is left alone when no fact changed (R-REPORT-MEASURES)', () => {
  it('calls a card the same after a new situation line, and not after a new priority', () => {
    const card = aCard();
    expect(sameFactInputs(card, { ...card, summary: 'Calmer now', version: 2 })).toBe(true);
    expect(sameFactInputs(card, { ...card, priority: 'emergency' })).toBe(false);
  });

  it('never calls two cards the same when their facts differ, whatever changed', () => {
    fc.assert(
      fc.property(aCardAndItsChange, ([before, after]) => {
        if (sameFactInputs(before, after)) expect(caseFacts(after)).toEqual(caseFacts(before));
      }),
      { numRuns: 500 },
    );
  });
});
