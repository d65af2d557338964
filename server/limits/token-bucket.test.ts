import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { charge, isFull, refill, secondsUntil, takeAll, type TBucketRule } from './token-bucket';

const RULE: TBucketRule = { capacity: 3, refillPerSecond: 0.5 };

describe('token buckets (L-1)', () => {
  it('L-1: a new bucket allows its whole burst at once, then refuses with the seconds until a token is back', () => {
    let bucket = undefined;
    for (let i = 0; i < 3; i++) {
      const taken = takeAll([{ bucket, rule: RULE }], 1_000);
      expect(taken.allowed).toBe(true);
      bucket = taken.buckets[0];
    }
    const refused = takeAll([{ bucket, rule: RULE }], 1_000);
    expect(refused).toMatchObject({ allowed: false, retryAfterSeconds: 2 });
    // Waiting as told is enough: 2 s at half a token a second is one token.
    expect(takeAll([{ bucket, rule: RULE }], 3_000).allowed).toBe(true);
    expect(takeAll([{ bucket, rule: RULE }], 2_999).allowed).toBe(false);
  });

  it('L-1: a refusal spends nothing, in any bucket, so a request must fit every budget at once', () => {
    const empty = { tokens: 0, at: 0 };
    const full = { tokens: 3, at: 0 };
    const refused = takeAll(
      [
        { bucket: full, rule: RULE },
        { bucket: empty, rule: RULE },
      ],
      0,
    );
    expect(refused.allowed).toBe(false);
    expect(refused.buckets.map((b) => b.tokens)).toEqual([3, 0]);
  });

  it('L-1: a bucket refills at its rate up to its capacity and never beyond; the clock going back adds nothing', () => {
    expect(refill({ tokens: 0, at: 0 }, RULE, 4_000).tokens).toBe(2);
    expect(refill({ tokens: 0, at: 0 }, RULE, 60_000).tokens).toBe(3);
    expect(refill({ tokens: 1, at: 10_000 }, RULE, 0).tokens).toBe(1);
    expect(isFull({ tokens: 0, at: 0 }, RULE, 6_000)).toBe(true);
    expect(isFull({ tokens: 0, at: 0 }, RULE, 5_999)).toBe(false);
  });

  it('L-1: over any sequence of requests, no more are allowed than the burst plus the rate times the time', () => {
    fc.assert(
      fc.property(
        fc.record({
          capacity: fc.integer({ min: 1, max: 50 }),
          refillPerSecond: fc.double({ min: 0.1, max: 20, noNaN: true }),
        }),
        fc.array(fc.integer({ min: 0, max: 2_000 }), { minLength: 1, maxLength: 200 }),
        (rule, gaps) => {
          let bucket = undefined;
          let at = 0;
          let allowed = 0;
          for (const gap of gaps) {
            at += gap;
            const taken = takeAll([{ bucket, rule }], at);
            bucket = taken.buckets[0];
            if (taken.allowed) allowed++;
            else {
              // The wait it names is enough, and is whole seconds of at least one.
              expect(taken.retryAfterSeconds).toBeGreaterThanOrEqual(1);
              expect(takeAll([{ bucket, rule }], at + taken.retryAfterSeconds * 1000).allowed).toBe(true);
            }
          }
          expect(allowed).toBeLessThanOrEqual(rule.capacity + Math.floor((at / 1000) * rule.refillPerSecond) + 1);
        },
      ),
      { seed: 12, numRuns: 200 },
    );
  });

  it('L-1: the wait is rounded up to whole seconds and is at least one', () => {
    expect(secondsUntil(0.9, RULE)).toBe(1);
    expect(secondsUntil(0, { capacity: 1, refillPerSecond: 0.1 })).toBe(10);
    expect(secondsUntil(0, { capacity: 1, refillPerSecond: 100 })).toBe(1);
  });

  it('L-1: tokens another node let through are taken without refusal, down to one burst of debt, and refill from there', () => {
    const full = refill(undefined, RULE, 0);
    expect(charge(full, RULE, 0, 2)).toEqual({ tokens: 1, at: 0 });
    const inDebt = charge(full, RULE, 0, 10);
    expect(inDebt.tokens).toBe(-3);
    expect(takeAll([{ bucket: inDebt, rule: RULE }], 0)).toMatchObject({ allowed: false, retryAfterSeconds: 8 });
    expect(takeAll([{ bucket: inDebt, rule: RULE }], 8_000).allowed).toBe(true);
  });
});
