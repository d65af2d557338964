/**
 * Failed sign-in attempts per account: after `limit` failures within `windowMs` the account refuses
 * further attempts until the window has passed (or an administrator sets a new password). It counts
 * any username typed, existing or not, so the refusal says nothing about which usernames exist.
 * In memory: a restart forgets the counts (the per-address limit and scrypt's cost still apply).
 */
export function createAccountLimiter(options: { limit: number; windowMs: number }) {
  const failures = new Map<string, number[]>();
  const recent = (key: string, nowMs: number): number[] =>
    (failures.get(key) ?? []).filter((t) => nowMs - t < options.windowMs);
  return {
    isBlocked(key: string, now: Date): boolean {
      return recent(key, now.getTime()).length >= options.limit;
    },
    recordFailure(key: string, now: Date): void {
      const list = recent(key, now.getTime());
      list.push(now.getTime());
      failures.set(key, list);
    },
    reset(key: string): void {
      failures.delete(key);
    },
    /** Minutes until the oldest counted failure leaves the window. */
    minutesLeft(key: string, now: Date): number {
      const oldest = recent(key, now.getTime())[0] ?? now.getTime();
      return Math.max(1, Math.ceil((oldest + options.windowMs - now.getTime()) / 60_000));
    },
  };
}
export type TAccountLimiter = ReturnType<typeof createAccountLimiter>;
