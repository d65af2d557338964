import { describe, expect, it } from 'vitest';
import { aService, counts } from '@shared/rules/test-fixtures';
import {
  agesText,
  blankServiceForm,
  changedDetails,
  dateLabel,
  formFromService,
  formPathOf,
  parseSessionsText,
  parseWeeklyText,
  readServiceForm,
  weeklyByDay,
} from './service-form';

const evenings = aService({
  id: 'cafe',
  kind: 'A21',
  hours: {
    isAlwaysOpen: false,
    // Typed out of order on purpose: the editor must not see a change where there is none.
    weekly: [
      { day: 6, opens: '12:00', closes: '23:00' },
      { day: 1, opens: '18:00', closes: '23:00' },
      { day: 2, opens: '18:00', closes: '23:00' },
      { day: 3, opens: '18:00', closes: '23:00' },
      { day: 4, opens: '18:00', closes: '23:00' },
      { day: 5, opens: '18:00', closes: '23:00' },
      { day: 7, opens: '12:00', closes: '23:00' },
    ],
    exceptions: [{ date: '2026-12-25', sessions: [] }],
  },
});

function read(values = formFromService(evenings), minimum?: { adult: number; under18: number }) {
  const result = readServiceForm(values, minimum);
  if (!result.ok) throw new Error(result.issues.map((i) => `${i.path}: ${i.message}`).join('; '));
  return result.value;
}

describe('the service editor draft', () => {
  it('round-trips a service without inventing changes', () => {
    const values = formFromService(evenings);
    expect(values.weeklyText).toBe('Mon-Fri 18:00-23:00; Sat-Sun 12:00-23:00');
    expect(values.exceptions).toEqual([{ date: '2026-12-25', isClosed: true, sessionsText: '' }]);
    const out = read(values);
    expect(changedDetails(evenings, out.details)).toEqual({});
    expect(out.places).toEqual({ adult: 4, under18: 0 });
  });

  it('sends only the fields that changed', () => {
    const values = { ...formFromService(evenings), minAge: '16', acceptsS136: true, phone: ' 01632 960999 ' };
    const changes = changedDetails(evenings, read(values).details);
    expect(Object.keys(changes).sort()).toEqual(['eligibility', 'phone']);
    expect(changes.phone).toBe('01632 960999');
    expect(changes.eligibility).toMatchObject({ minAge: 16, acceptsS136: true });
  });

  it('reads weekend evenings past midnight and a bank holiday with its own hours', () => {
    const values = {
      ...blankServiceForm('org-1'),
      name: 'Night Light',
      weeklyText: 'Fri-Sat 18:00-02:00; Sun 14:00-20:00',
      exceptions: [{ date: '2026-08-31', isClosed: false, sessionsText: '14:00-20:00' }],
      adult: '4',
    };
    const { details, places } = read(values);
    expect(details.hours.weekly).toEqual([
      { day: 5, opens: '18:00', closes: '02:00' },
      { day: 6, opens: '18:00', closes: '02:00' },
      { day: 7, opens: '14:00', closes: '20:00' },
    ]);
    expect(details.hours.exceptions).toEqual([{ date: '2026-08-31', sessions: [{ opens: '14:00', closes: '20:00' }] }]);
    expect(places).toEqual({ adult: 4, under18: 0 });
    expect(weeklyByDay(details.hours.weekly)[4]).toEqual({
      day: 'Fri',
      text: '18:00–02:00 (next day)',
      isClosed: false,
    });
  });

  it('puts each problem in words against its field', () => {
    const result = readServiceForm({
      ...blankServiceForm(''),
      weeklyText: 'weekends evenings',
      lat: '52.4',
      minAge: '30',
      maxAge: '18',
      adult: '-1',
      exceptions: [
        { date: '2026-12-25', isClosed: false, sessionsText: '' },
        { date: '2026-12-25', isClosed: true, sessionsText: '' },
      ],
    });
    expect(result.ok).toBe(false);
    const byPath = Object.fromEntries(!result.ok ? result.issues.map((i) => [i.path, i.message]) : []);
    expect(byPath).toMatchObject({
      name: 'Enter the service’s name',
      organisationId: 'Choose the organisation that runs it',
      weeklyText: '"weekends evenings" is not like "Mon-Fri 18:00-23:00"',
      lng: 'Give both latitude and longitude, or neither',
      maxAge: 'Maximum age is below the minimum (30)',
      adult: 'Use a whole number',
      'exceptions.0.sessionsText': 'Give the hours that day, such as 12:00-18:00, or tick Closed all day',
      'exceptions.1.date': 'Fri 25 Dec 2026 is listed twice',
    });
  });

  it('refuses a total below the places in use, in the server’s words', () => {
    const busy = aService({ id: 'busy', kind: 'A25', capacity: { ...evenings.capacity, adult: counts(4, 3) } });
    const result = readServiceForm({ ...formFromService(busy), adult: '2' }, { adult: 3, under18: 0 });
    expect(!result.ok && result.issues).toEqual([
      {
        path: 'adult',
        message: 'Adult places: 3 are in use, held, cleaning or closed now; the total cannot be below that',
      },
    ]);
  });

  it('keeps no totals for kinds that do not count places', () => {
    const ed = { ...blankServiceForm('org-1'), name: 'ED', kind: 'ED' as const, isAlwaysOpen: true, adult: '' };
    expect(read(ed).places).toEqual({ adult: 0, under18: 0 });
  });

  it('knows "none" and 24/7 in the weekly box, and asks when it is empty', () => {
    expect(parseWeeklyText('none')).toEqual({ isAlwaysOpen: false, weekly: [] });
    expect(parseWeeklyText('24/7')).toEqual({ isAlwaysOpen: true, weekly: [] });
    expect(parseWeeklyText('  ')).toMatchObject({ error: expect.stringContaining('Open 24/7') });
    const closedWeekly = aService({ id: 'x', kind: 'A21', hours: { isAlwaysOpen: false, weekly: [], exceptions: [] } });
    expect(formFromService(closedWeekly).weeklyText).toBe('none');
  });

  it('reads sessions for one date', () => {
    expect(parseSessionsText('18:00-02:00, 9:00-12:00')).toEqual({
      sessions: [
        { opens: '09:00', closes: '12:00' },
        { opens: '18:00', closes: '02:00' },
      ],
    });
    expect(parseSessionsText('noon-6')).toEqual({ error: '"noon-6" is not like "10:00-16:00"' });
    expect(parseSessionsText('10:00-10:00')).toMatchObject({ error: expect.stringContaining('same time') });
  });

  it('says dates and ages the way people read them', () => {
    expect(dateLabel('2026-12-28')).toBe('Mon 28 Dec 2026');
    expect(dateLabel('2026-02-30')).toBeNull();
    expect(agesText({ ...evenings.eligibility, minAge: 18, maxAge: null })).toBe('18+');
    expect(agesText({ ...evenings.eligibility, minAge: 16, maxAge: 25 })).toBe('16–25');
    expect(agesText({ ...evenings.eligibility, minAge: null, maxAge: 17 })).toBe('Up to 17');
    expect(agesText({ ...evenings.eligibility, minAge: null, maxAge: null })).toBe('Any age');
  });

  it('points server issues at the editor field they are about', () => {
    expect(formPathOf('changes.hours.exceptions.1.sessions.0.opens')).toBe('exceptions.1.sessionsText');
    expect(formPathOf('hours.weekly.3.closes')).toBe('weeklyText');
    expect(formPathOf('coordinates.lng')).toBe('lng');
    expect(formPathOf('totals.under18')).toBe('under18');
    expect(formPathOf('eligibility.minAge')).toBe('minAge');
    expect(formPathOf('somethingElse')).toBeNull();
  });
});
