/**
 * Token buckets, as pure functions of the time: a bucket holds up to `capacity` tokens (the burst it
 * allows) and gains `refillPerSecond` tokens a second (the rate it allows for ever). Taking from an
 * empty bucket is refused with the whole seconds until a token is there again.
 */
export interface TBucketRule {
  capacity: number;
  refillPerSecond: number;
}

export interface TBucket {
  tokens: number;
  /** When `tokens` was last worked out, in milliseconds. */
  at: number;
}

/** A bucket as it is at `now`: full when new, refilled for the time since it was last used. */
export function refill(bucket: TBucket | undefined, rule: TBucketRule, now: number): TBucket {
  if (!bucket) return { tokens: rule.capacity, at: now };
  const elapsed = Math.max(0, now - bucket.at) / 1000;
  return { tokens: Math.min(rule.capacity, bucket.tokens + elapsed * rule.refillPerSecond), at: now };
}

/** Whole seconds (at least 1) until `cost` tokens are in a bucket that now holds `tokens`. */
export function secondsUntil(tokens: number, rule: TBucketRule, cost = 1): number {
  return Math.max(1, Math.ceil((cost - tokens) / rule.refillPerSecond));
}

export type TTake =
  { allowed: true; buckets: TBucket[] } | { allowed: false; buckets: TBucket[]; retryAfterSeconds: number };

/**
 * Takes `cost` tokens from every bucket at once, or from none: a request must fit the session's budget
 * and the address's budget both, and a refused request spends neither (so waiting as told always works).
 * The answer carries the buckets as they now are, for the caller to keep.
 */
export function takeAll(
  pairs: readonly { bucket: TBucket | undefined; rule: TBucketRule }[],
  now: number,
  cost = 1,
): TTake {
  const current = pairs.map(({ bucket, rule }) => refill(bucket, rule, now));
  const waits = current.map((b, i) => {
    const rule = pairs[i]?.rule;
    return rule && b.tokens < cost ? secondsUntil(b.tokens, rule, cost) : 0;
  });
  const retryAfterSeconds = Math.max(0, ...waits);
  if (retryAfterSeconds > 0) return { allowed: false, buckets: current, retryAfterSeconds };
  return { allowed: true, buckets: current.map((b) => ({ tokens: b.tokens - cost, at: b.at })) };
}

/** True once a bucket is full again: it can be forgotten, since a new one starts full. */
export function isFull(bucket: TBucket, rule: TBucketRule, now: number): boolean {
  return refill(bucket, rule, now).tokens >= rule.capacity;
}

/**
 * Spends `cost` tokens that were already spent elsewhere (another node let them through): never refused,
 * the bucket may go below empty, by at most one burst, and refills from there.
 */
export function charge(bucket: TBucket | undefined, rule: TBucketRule, now: number, cost: number): TBucket {
  const current = refill(bucket, rule, now);
  return { tokens: Math.max(-rule.capacity, current.tokens - cost), at: now };
}
