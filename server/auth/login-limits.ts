/**
 * Sign-in attempts per account. Each attempt that checks a secret (a password, a code) is claimed
 * *before* the check — synchronously, so requests sent at the same moment cannot all slip past — and
 * all of an account's claims are cleared when a login step succeeds.
 *
 * Two limits, over `windowMs`: attempts on one account from one address (`perAccountAndAddress`), and on
 * one account from anywhere (`perAccount`, a higher ceiling). Someone guessing from one place is stopped
 * quickly; someone trying to lock a colleague out needs many addresses to do it. The typed username is
 * counted whether it exists or not, so a refusal says nothing about which usernames exist. In memory: a
 * restart forgets the counts (the per-address rate limit and scrypt's cost still apply).
 */
export function createSignInLimiter(options: { perAccountAndAddress: number; perAccount: number; windowMs: number }) {
  const attempts = new Map<string, number[]>();
  const accountKey = (username: string) => `a:${username.trim().toLowerCase()}`;
  const pairKey = (username: string, address: string) => `p:${username.trim().toLowerCase()}|${address}`;
  const recent = (key: string, nowMs: number) => (attempts.get(key) ?? []).filter((t) => nowMs - t < options.windowMs);
  const prune = (nowMs: number) => {
    for (const [key, list] of attempts) {
      const kept = list.filter((t) => nowMs - t < options.windowMs);
      if (kept.length === 0) attempts.delete(key);
      else attempts.set(key, kept);
    }
  };
  const minutesLeft = (list: number[], nowMs: number) =>
    Math.max(1, Math.ceil(((list[0] ?? nowMs) + options.windowMs - nowMs) / 60_000));

  return {
    /**
     * Claims one attempt for `username` from `address`: null if allowed (and counted), or the minutes
     * until the account takes attempts again.
     */
    claim(username: string, address: string, now: Date): number | null {
      const nowMs = now.getTime();
      if (attempts.size > 10_000) prune(nowMs);
      const account = recent(accountKey(username), nowMs);
      const pair = recent(pairKey(username, address), nowMs);
      if (pair.length >= options.perAccountAndAddress) return minutesLeft(pair, nowMs);
      if (account.length >= options.perAccount) return minutesLeft(account, nowMs);
      attempts.set(accountKey(username), [...account, nowMs]);
      attempts.set(pairKey(username, address), [...pair, nowMs]);
      return null;
    },
    /** A login step succeeded, or an administrator set a new password: the account starts afresh. */
    clear(username: string): void {
      const name = username.trim().toLowerCase();
      attempts.delete(accountKey(name));
      for (const key of attempts.keys()) if (key.startsWith(`p:${name}|`)) attempts.delete(key);
    },
  };
}
export type TSignInLimiter = ReturnType<typeof createSignInLimiter>;
