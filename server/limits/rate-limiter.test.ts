import { describe, expect, it } from 'vitest';
import { createRateLimiter } from './rate-limiter';

const LIMITS = {
  perSession: { capacity: 5, refillPerSecond: 1 },
  perAddress: { capacity: 50, refillPerSecond: 10 },
};

/** How many of `n` requests from one session, sent one after another at one instant, get through. */
const allowed = (limiter: ReturnType<typeof createRateLimiter>, n: number, address = '10.0.0.1') =>
  Array.from({ length: n }, () => limiter.take('session-1', address)).filter((r) => r === null).length;

describe('rate limits on several nodes (L-1)', () => {
  it('L-1: what one node let through counts on the others, so a session gets one budget however its requests are spread', () => {
    const now = () => 1_000;
    const a = createRateLimiter(LIMITS, now, { shared: true });
    const b = createRateLimiter(LIMITS, now, { shared: true });
    expect(allowed(a, 3)).toBe(3);
    b.charge(a.drainSpent());
    expect(allowed(b, 5, '10.0.0.2')).toBe(2);
    a.charge(b.drainSpent());
    expect(allowed(a, 1)).toBe(0);
  });

  it('L-1: what was told once is not told again, and a node that is not shared keeps nothing to tell', () => {
    const now = () => 1_000;
    const shared = createRateLimiter(LIMITS, now, { shared: true });
    allowed(shared, 2);
    expect(shared.drainSpent()).toEqual({ sessions: { 'session-1': 2 }, addresses: { '10.0.0.1': 2 } });
    expect(shared.drainSpent()).toEqual({ sessions: {}, addresses: {} });
    const alone = createRateLimiter(LIMITS, now);
    allowed(alone, 2);
    expect(alone.drainSpent()).toEqual({ sessions: {}, addresses: {} });
  });
});
