import { takeAll, isFull, type TBucket, type TBucketRule } from './token-bucket';

export interface TRateLimits {
  /** One login (one session), whichever transport and however many consoles it has open. */
  perSession: TBucketRule;
  /** One client address (behind a trusted proxy, the real client's), whatever sessions it has. */
  perAddress: TBucketRule;
}

/** Full buckets are forgotten this often, so memory follows the clients active in the last minutes. */
const PRUNE_EVERY_MS = 60_000;
/** ...and at once when this many are kept (many addresses at once). */
const PRUNE_AT_SIZE = 50_000;

/**
 * Per-session and per-address token buckets for changes, in memory (a restart forgets them, as it does
 * the login limits). A request takes one token from its session's bucket and one from its address's, or
 * none from either: refused, it is told how many seconds to wait.
 */
export function createRateLimiter(limits: TRateLimits, now: () => number) {
  const sessions = new Map<string, TBucket>();
  const addresses = new Map<string, TBucket>();
  let prunedAt = now();

  const prune = (at: number) => {
    for (const [key, bucket] of sessions) if (isFull(bucket, limits.perSession, at)) sessions.delete(key);
    for (const [key, bucket] of addresses) if (isFull(bucket, limits.perAddress, at)) addresses.delete(key);
    prunedAt = at;
  };

  return {
    /** null: allowed (and counted); otherwise the whole seconds to wait. */
    take(sessionKey: string | null, address: string): null | { retryAfterSeconds: number } {
      const at = now();
      if (at - prunedAt > PRUNE_EVERY_MS || sessions.size + addresses.size > PRUNE_AT_SIZE) prune(at);
      const pairs = [{ bucket: addresses.get(address), rule: limits.perAddress }];
      if (sessionKey !== null) pairs.push({ bucket: sessions.get(sessionKey), rule: limits.perSession });
      const result = takeAll(pairs, at);
      if (!result.allowed) return { retryAfterSeconds: result.retryAfterSeconds };
      const [addressBucket, sessionBucket] = result.buckets;
      if (addressBucket) addresses.set(address, addressBucket);
      if (sessionKey !== null && sessionBucket) sessions.set(sessionKey, sessionBucket);
      return null;
    },
    /** How many buckets are kept (for tests of the pruning). */
    size: () => sessions.size + addresses.size,
  };
}
export type TRateLimiter = ReturnType<typeof createRateLimiter>;
