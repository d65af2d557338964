import { charge, takeAll, isFull, type TBucket, type TBucketRule } from './token-bucket';

export interface TRateLimits {
  /** One login (one session), whichever transport and however many consoles it has open. */
  perSession: TBucketRule;
  /** One client address (behind a trusted proxy, the real client's), whatever sessions it has. */
  perAddress: TBucketRule;
}

/** Tokens taken per session and per address: what one node tells the others it let through. */
export interface TSpent {
  sessions: Record<string, number>;
  addresses: Record<string, number>;
}

/** Full buckets are forgotten this often, so memory follows the clients active in the last minutes. */
const PRUNE_EVERY_MS = 60_000;
/** ...and at once when this many are kept (many addresses at once). */
const PRUNE_AT_SIZE = 50_000;

/**
 * Per-session and per-address token buckets for changes, in memory (a restart forgets them, as it does
 * the login limits). A request takes one token from its session's bucket and one from its address's, or
 * none from either: refused, it is told how many seconds to wait.
 *
 * With several nodes each keeps its own buckets and, about once a second, tells the others what it let
 * through (`drainSpent`, kept only when `shared`), which they take from theirs (`charge`): so the rate holds across nodes, give or
 * take what one node lets through before it hears of the others' (at most a burst and a second's worth).
 */
export function createRateLimiter(limits: TRateLimits, now: () => number, options: { shared?: boolean } = {}) {
  const sessions = new Map<string, TBucket>();
  const addresses = new Map<string, TBucket>();
  let spent: TSpent = { sessions: {}, addresses: {} };
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
      if (options.shared) {
        spent.addresses[address] = (spent.addresses[address] ?? 0) + 1;
        if (sessionKey !== null) spent.sessions[sessionKey] = (spent.sessions[sessionKey] ?? 0) + 1;
      }
      return null;
    },
    /** What this node let through since it was last asked. */
    drainSpent(): TSpent {
      const drained = spent;
      spent = { sessions: {}, addresses: {} };
      return drained;
    },
    /** What other nodes let through: taken from this node's buckets too. */
    charge(elsewhere: TSpent): void {
      const at = now();
      for (const [key, cost] of Object.entries(elsewhere.sessions))
        sessions.set(key, charge(sessions.get(key), limits.perSession, at, cost));
      for (const [key, cost] of Object.entries(elsewhere.addresses))
        addresses.set(key, charge(addresses.get(key), limits.perAddress, at, cost));
    },
    /** How many buckets are kept (for tests of the pruning). */
    size: () => sessions.size + addresses.size,
  };
}
export type TRateLimiter = ReturnType<typeof createRateLimiter>;
