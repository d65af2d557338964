import { describe, expect, it } from 'vitest';
import { formatAgo, formatClockOrDay, formatDayClock, formatWaiting } from './time';

describe('times on screen (Europe/London)', () => {
  const now = Date.parse('2026-11-23T20:00:00Z');

  it('relative times read as a person would say them', () => {
    expect(formatAgo('2026-11-23T19:59:30Z', now)).toBe('just now');
    expect(formatAgo('2026-11-23T19:48:00Z', now)).toBe('12 min ago');
    expect(formatAgo('2026-11-23T17:55:00Z', now)).toBe('2 h 5 min ago');
  });

  it('waiting counters are always h:mm:ss, never a bare mm:ss that reads as a time of day; days from a day on', () => {
    expect(formatWaiting('2026-11-23T19:58:55Z', now)).toBe('0:01:05');
    expect(formatWaiting('2026-11-23T18:40:00Z', now)).toBe('1:20:00');
    expect(formatWaiting('2026-11-19T18:19:23Z', now)).toBe('4 d 1 h');
  });

  it('R-S136-CLOCK-1: a deadline today shows its time; one tomorrow names its day, so it never looks passed', () => {
    // Monday 23 November 2026, 20:00 GMT.
    expect(formatClockOrDay('2026-11-23T20:45:00Z', now)).toBe('20:45');
    expect(formatClockOrDay('2026-11-24T19:30:00Z', now)).toBe('Tue 19:30');
  });

  it('R-S136-CLOCK-1: deadlines show the London day and time, GMT or BST as it is that day', () => {
    // 24 hours after 23:30 BST on Saturday 24 October 2026 is 22:30 GMT on Sunday.
    expect(formatDayClock('2026-10-25T22:30:00.000Z')).toBe('Sun 22:30');
    expect(formatDayClock('2026-07-01T17:00:00.000Z')).toBe('Wed 18:00');
  });
});
