import type { TSignInAttemptRepository } from '@db/repositories';
import { userHash } from '../limits/security-log';

export interface TSignInRules {
  /** Attempts on one account from one address within the window. */
  perAccountAndAddress: number;
  /** Attempts on one account from anywhere within the window (a higher ceiling). */
  perAccount: number;
  windowMs: number;
}

/**
 * Pure: whether one more attempt may be made, given the times (ms) of the attempts already made on the
 * account within the window, all of them and those from this address. null: allowed; otherwise the
 * whole minutes until the oldest attempt that holds the limit leaves the window.
 */
export function signInRefusal(
  account: readonly number[],
  fromAddress: readonly number[],
  nowMs: number,
  rules: TSignInRules,
): number | null {
  const minutesLeft = (times: readonly number[]) =>
    Math.max(1, Math.ceil((Math.min(...times) + rules.windowMs - nowMs) / 60_000));
  if (fromAddress.length >= rules.perAccountAndAddress) return minutesLeft(fromAddress);
  if (account.length >= rules.perAccount) return minutesLeft(account);
  return null;
}

/**
 * Sign-in attempts per account. Each attempt that checks a secret (a password, a code) is claimed
 * *before* the check, in one database transaction, so requests sent at the same moment cannot all slip
 * past, on one node or several; all of an account's claims are cleared when a login step succeeds.
 *
 * Two limits, over `windowMs`: attempts on one account from one address (`perAccountAndAddress`), and on
 * one account from anywhere (`perAccount`, a higher ceiling). Someone guessing from one place is stopped
 * quickly; someone trying to lock a colleague out needs many addresses to do it. The typed username is
 * counted whether it exists or not, so a refusal says nothing about which usernames exist. The database
 * keeps a hash of the typed username (never the name: people type passwords there) and of the address,
 * and only for the window.
 */
export function createSignInLimiter(attempts: TSignInAttemptRepository, rules: TSignInRules) {
  return {
    /**
     * Claims one attempt for `username` from `address`: null if allowed (and counted), or the minutes
     * until the account takes attempts again.
     */
    claim(username: string, address: string, now: Date): Promise<number | null> {
      const nowMs = now.getTime();
      return attempts.claim({
        accountKey: userHash(username),
        sourceKey: userHash(address),
        atMs: nowMs,
        sinceMs: nowMs - rules.windowMs,
        decide: (account, fromAddress) => signInRefusal(account, fromAddress, nowMs, rules),
      });
    },
    /** A login step succeeded, or an administrator set a new password: the account starts afresh. */
    clear(username: string): Promise<void> {
      return attempts.clear(userHash(username));
    },
    /** Forgets attempts that have left the window (the session sweep calls this). */
    forgetOld(now: Date): Promise<void> {
      return attempts.forget(now.getTime() - rules.windowMs);
    },
  };
}
export type TSignInLimiter = ReturnType<typeof createSignInLimiter>;
