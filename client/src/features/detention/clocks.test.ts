import { describe, expect, it } from 'vitest';
import { clockState, formatCountdown } from './clocks';

const MIN = 60_000;

describe('legal clock display (R-S136-CLOCK-1, R-RCRP-HANDOVER)', () => {
  it('R-S136-CLOCK-1: counts down as hh:mm:ss and says when a deadline has passed', () => {
    expect(formatCountdown(23 * 60 * MIN + 59 * MIN + 10_000)).toBe('23:59:10 left');
    expect(formatCountdown(-(5 * MIN + 12_000))).toBe('00:05:12 overdue');
  });

  it('R-RCRP-HANDOVER: amber from the warning threshold, red once due', () => {
    const amberWithin = 15 * MIN;
    expect(clockState(16 * MIN, amberWithin, 0)).toBe('ok');
    expect(clockState(15 * MIN, amberWithin, 0)).toBe('amber');
    expect(clockState(0, amberWithin, 0)).toBe('red');
    expect(clockState(-MIN, amberWithin, 0)).toBe('red');
  });
});
