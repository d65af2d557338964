import { describe, expect, it } from 'vitest';
import { openingHoursText, parseOpeningHoursText } from './opening-hours-text';

describe('opening hours written as text', () => {
  it('reads 24/7 and sessions by day ranges, lists and "daily"', () => {
    expect(parseOpeningHoursText('24/7')).toEqual({ hours: { isAlwaysOpen: true, weekly: [], exceptions: [] } });
    const parsed = parseOpeningHoursText('Mon-Fri 18:00-23:00; Sat,Sun 12:00-23:00');
    expect('hours' in parsed && parsed.hours.weekly.map((s) => `${s.day} ${s.opens}-${s.closes}`)).toEqual([
      '1 18:00-23:00',
      '2 18:00-23:00',
      '3 18:00-23:00',
      '4 18:00-23:00',
      '5 18:00-23:00',
      '6 12:00-23:00',
      '7 12:00-23:00',
    ]);
    const daily = parseOpeningHoursText('daily 9:00-17:00');
    expect('hours' in daily && daily.hours.weekly).toHaveLength(7);
  });

  it('keeps a session past midnight, and a range that wraps the week', () => {
    const late = parseOpeningHoursText('Fri-Mon 20:00-02:00');
    expect('hours' in late && late.hours.weekly.map((s) => s.day)).toEqual([1, 5, 6, 7]);
  });

  it('says what is wrong with a line it cannot read', () => {
    expect(parseOpeningHoursText('weekdays evenings')).toEqual({
      error: '"weekdays evenings" is not like "Mon-Fri 18:00-23:00"',
    });
    expect(parseOpeningHoursText('Mon 25:00-26:00')).toMatchObject({ error: expect.stringContaining('Mon 25:00') });
    expect(parseOpeningHoursText('')).toMatchObject({ error: expect.stringContaining('Give the opening hours') });
  });

  it('writes hours back as text, grouping equal days', () => {
    const parsed = parseOpeningHoursText('Mon-Fri 18:00-23:00; Sat-Sun 12:00-23:00');
    expect('hours' in parsed && openingHoursText(parsed.hours)).toBe('Mon-Fri 18:00-23:00; Sat-Sun 12:00-23:00');
    expect(openingHoursText({ isAlwaysOpen: true, weekly: [] })).toBe('24/7');
    const odd = parseOpeningHoursText('Mon,Wed,Fri 10:00-14:00');
    expect('hours' in odd && openingHoursText(odd.hours)).toBe('Mon,Wed,Fri 10:00-14:00');
  });
});
