import { describe, expect, it } from 'vitest';
import { signInRefusal } from './login-limits';

const MIN = 60_000;
const rules = { perAccountAndAddress: 3, perAccount: 5, windowMs: 15 * MIN };

describe('sign-in limits', () => {
  it('allow attempts until one address has made its limit on an account, then say how long to wait', () => {
    const now = 20 * MIN;
    expect(signInRefusal([], [], now, rules)).toBeNull();
    expect(signInRefusal([10 * MIN, 12 * MIN], [10 * MIN, 12 * MIN], now, rules)).toBeNull();
    // The oldest of the three leaves the window at 25 min: five minutes from now.
    expect(signInRefusal([10 * MIN, 12 * MIN, 13 * MIN], [10 * MIN, 12 * MIN, 13 * MIN], now, rules)).toBe(5);
  });

  it('refuse every address once the account as a whole has had its higher ceiling', () => {
    const account = [6, 7, 8, 9, 10].map((m) => m * MIN);
    expect(signInRefusal(account, [], 20 * MIN, rules)).toBe(1);
    expect(signInRefusal(account.slice(1), [], 20 * MIN, rules)).toBeNull();
  });

  it('never ask for less than a minute', () => {
    const justLeaving = [5 * MIN + 1, 6 * MIN, 7 * MIN];
    expect(signInRefusal(justLeaving, justLeaving, 20 * MIN, rules)).toBe(1);
  });
});
