import { describe, expect, it } from 'vitest';
import { isOpenAt, londonInstant, nextOpening } from './opening-hours';
import { findPlaces, type TPlaceNeed } from './place-finder';
import { aService, counts, MONDAY_8PM, minutesBefore as minutesAgo } from './test-fixtures';

const everyDay = (opens: string, closes: string) => [1, 2, 3, 4, 5, 6, 7].map((day) => ({ day, opens, closes }));

const cafe = aService({
  id: 'harbour-lights-cafe',
  kind: 'A21',
  hours: { isAlwaysOpen: false, weekly: everyDay('18:00', '23:00'), exceptions: [] },
  eligibility: {
    ...aService({ id: 'x', kind: 'A21' }).eligibility,
    acceptsIntoxicated: false,
    excludesUrgentMedicalNeed: true,
  },
});
const crisisHouse = aService({
  id: 'elm-house',
  kind: 'A25',
  coordinates: { lat: 52.5, lng: -1.6 },
  eligibility: { ...cafe.eligibility, referralRoutes: ['professional-referral'] },
});
const suite = aService({
  id: 'willowbank-suite',
  kind: 'A20',
  eligibility: {
    ...cafe.eligibility,
    minAge: null,
    acceptsS136: true,
    acceptsIntoxicated: true,
    excludesUrgentMedicalNeed: false,
    referralRoutes: ['professional-referral'],
  },
  capacity: {
    adult: counts(2, 1),
    under18: counts(1, 0),
    confirmedAt: minutesAgo(20),
    confirmedBy: 'suite',
  },
});
const ed = aService({
  id: 'general-ed',
  kind: 'ED',
  eligibility: {
    ...suite.eligibility,
    minAge: null,
    referralRoutes: ['self-referral', 'professional-referral', 'walk-in'],
  },
  capacity: { ...suite.capacity, confirmedAt: minutesAgo(60 * 30) },
});
const custody = aService({ id: 'custody-suite', kind: 'custody', eligibility: { ...suite.eligibility } });
const ALL = [ed, custody, suite, crisisHouse, cafe];

const adult: TPlaceNeed = {
  ageYears: 30,
  isS136: false,
  isIntoxicated: false,
  needsUrgentMedicalCare: false,
  route: 'professional-referral',
  from: { lat: 52.41, lng: -1.51 },
};
const ids = (r: ReturnType<typeof findPlaces>) => r.offered.map((o) => o.service.id);
const why = (r: ReturnType<typeof findPlaces>, id: string) => r.leftOut.find((l) => l.service.id === id)?.reasons;

describe('place finder (R-LRO-1)', () => {
  it('R-LRO-1: community alternatives first, then a place of safety, then an emergency department', () => {
    expect(ids(findPlaces(ALL, adult, MONDAY_8PM))).toEqual([
      'harbour-lights-cafe',
      'elm-house',
      'willowbank-suite',
      'general-ed',
    ]);
  });

  it('R-LRO-1: police custody is never offered, even when everything else is full', () => {
    const full = ALL.map((s) => (s.kind === 'ED' || s.kind === 'custody' ? s : { ...s, status: 'full' as const }));
    const result = findPlaces(
      full.filter((s) => s.kind !== 'ED'),
      { ...adult, isS136: true },
      MONDAY_8PM,
    );
    expect(result.offered).toEqual([]);
    expect(why(result, 'custody-suite')).toEqual(['police custody is never offered']);
  });

  it('R-LRO-1: within a tier the nearest comes first', () => {
    const far = { ...cafe, id: 'far-cafe', coordinates: { lat: 52.6, lng: -1.8 } };
    expect(ids(findPlaces([far, cafe], adult, MONDAY_8PM))).toEqual(['harbour-lights-cafe', 'far-cafe']);
  });

  it('says when a closed service opens: "closed until 18:00", or the day when it is not today', () => {
    expect(why(findPlaces([cafe], adult, new Date('2026-11-23T14:00:00Z')), 'harbour-lights-cafe')).toEqual([
      'closed until 18:00',
    ]);
    expect(why(findPlaces([cafe], adult, new Date('2026-11-23T23:30:00Z')), 'harbour-lights-cafe')).toEqual([
      'closed until Tue 18:00',
    ]);
  });

  it('leaves out what the person is not eligible for, and says why', () => {
    const teen = { ...adult, ageYears: 16 };
    const result = findPlaces(
      [cafe, suite, { ...suite, id: 'adult-only-suite', capacity: { ...suite.capacity, under18: counts(0, 0) } }],
      teen,
      MONDAY_8PM,
    );
    expect(why(result, 'harbour-lights-cafe')).toEqual(['18+ only']);
    expect(why(result, 'adult-only-suite')).toEqual(['no under-18 room']);
    expect(ids(result)).toEqual(['willowbank-suite']);
    expect(
      why(
        findPlaces([cafe], { ...adult, isIntoxicated: true, needsUrgentMedicalCare: true }, MONDAY_8PM),
        'harbour-lights-cafe',
      ),
    ).toEqual(['does not accept people who are intoxicated', 'not for people needing urgent medical care']);
    expect(why(findPlaces([crisisHouse], { ...adult, route: 'walk-in' }, MONDAY_8PM), 'elm-house')).toEqual([
      'professional referral only',
    ]);
  });

  it('R-LRO-1: a 16-year-old in the evening is never offered an adult-only service, and is told why', () => {
    const adultOnlySuite = { ...suite, id: 'adult-only-suite', eligibility: { ...suite.eligibility, minAge: 18 } };
    const result = findPlaces([...ALL, adultOnlySuite], { ...adult, ageYears: 16 }, MONDAY_8PM);
    const offered = result.offered.map((o) => o.service);
    expect(offered.every((s) => s.eligibility.minAge === null || s.eligibility.minAge <= 16)).toBe(true);
    expect(offered.map((s) => s.id)).toEqual(['willowbank-suite', 'general-ed']);
    expect(why(result, 'adult-only-suite')).toEqual(['18+ only']);
    expect(why(result, 'elm-house')).toEqual(['18+ only']);
  });

  it('a place held for someone else is not free: the last place held means full', () => {
    const lastPlaceHeld = {
      ...suite,
      capacity: { ...suite.capacity, adult: counts(2, 1) },
      holds: [
        {
          id: 'h1',
          caseId: 'c1',
          caseRef: 'C-1',
          category: 'adult' as const,
          state: 'held' as const,
          placedAt: minutesAgo(5),
          expiresAt: minutesAgo(-55),
          placedBy: null,
          note: '',
        },
      ],
    };
    expect(why(findPlaces([lastPlaceHeld], { ...adult, isS136: true }, MONDAY_8PM), 'willowbank-suite')).toEqual([
      'full',
    ]);
  });

  it('R-LRO-1: under s136 only places that take detained people are offered, place of safety before A&E', () => {
    const result = findPlaces(ALL, { ...adult, isS136: true }, MONDAY_8PM);
    expect(ids(result)).toEqual(['willowbank-suite', 'general-ed']);
    expect(why(result, 'harbour-lights-cafe')).toEqual(['does not take people detained under s136']);
  });

  it('a full service, or one whose figure is stale, is left out with the reason; A&E has no places to run out of', () => {
    const result = findPlaces(
      [
        { ...suite, capacity: { ...suite.capacity, adult: counts(2, 2) } },
        { ...cafe, capacity: { ...cafe.capacity, confirmedAt: minutesAgo(9 * 60 + 5) } },
        ed,
      ],
      adult,
      MONDAY_8PM,
    );
    expect(why(result, 'willowbank-suite')).toEqual(['full']);
    expect(why(result, 'harbour-lights-cafe')).toEqual(['figure 9 h old']);
    expect(ids(result)).toEqual(['general-ed']);
  });
});

describe('opening hours in Europe/London', () => {
  it('a session past midnight is open after midnight', () => {
    const late = { isAlwaysOpen: false, weekly: everyDay('22:00', '02:00'), exceptions: [] };
    expect(isOpenAt(late, new Date('2026-11-24T01:30:00Z'))).toBe(true);
    expect(isOpenAt(late, new Date('2026-11-24T02:30:00Z'))).toBe(false);
  });

  it('weekend-only hours: open on Saturday afternoon, closed on Monday afternoon', () => {
    const weekends = {
      isAlwaysOpen: false,
      weekly: [6, 7].map((day) => ({ day, opens: '12:00', closes: '23:00' })),
      exceptions: [],
    };
    expect(isOpenAt(weekends, new Date('2026-11-21T13:00:00Z'))).toBe(true);
    expect(isOpenAt(weekends, new Date('2026-11-23T13:00:00Z'))).toBe(false);
    expect(nextOpening(weekends, new Date('2026-11-23T13:00:00Z'))?.toISOString()).toBe('2026-11-28T12:00:00.000Z');
  });

  it('a dated exception (bank holiday) replaces the day’s sessions', () => {
    const hours = {
      isAlwaysOpen: false,
      weekly: everyDay('18:00', '23:00'),
      exceptions: [{ date: '2026-12-25', sessions: [] }],
    };
    expect(isOpenAt(hours, new Date('2026-12-25T19:00:00Z'))).toBe(false);
    expect(nextOpening(hours, new Date('2026-12-25T19:00:00Z'))?.toISOString()).toBe('2026-12-26T18:00:00.000Z');
  });

  it('opening times follow the London wall clock across the clock changes (BST vs GMT)', () => {
    expect(londonInstant('2026-07-01', '18:00').toISOString()).toBe('2026-07-01T17:00:00.000Z');
    expect(londonInstant('2026-10-25', '18:00').toISOString()).toBe('2026-10-25T18:00:00.000Z');
    expect(londonInstant('2027-03-28', '18:00').toISOString()).toBe('2027-03-28T17:00:00.000Z');
    const cafeHours = { isAlwaysOpen: false, weekly: everyDay('18:00', '23:00'), exceptions: [] };
    expect(isOpenAt(cafeHours, new Date('2026-07-01T17:30:00Z'))).toBe(true);
    expect(isOpenAt(cafeHours, new Date('2026-07-01T22:30:00Z'))).toBe(false);
  });
});
