import { Secret, TOTP } from 'otpauth';

/** RFC 6238 with the parameters every authenticator app supports: SHA-1, 6 digits, 30 seconds. */
const PERIOD_SECONDS = 30;
const DIGITS = 6;
/** One step either side: a code typed as it changes, or a phone clock up to 30 s out, still works. */
export const TOTP_WINDOW = 1;

function totpFor(secret: string, label = '', issuer = 'Concordat'): TOTP {
  return new TOTP({
    issuer,
    label,
    algorithm: 'SHA1',
    digits: DIGITS,
    period: PERIOD_SECONDS,
    secret: Secret.fromBase32(secret),
  });
}

/** A new random secret (160 bits, as RFC 4226 recommends), in base32. */
export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

/** The otpauth:// address an authenticator app reads from the QR code. */
export function totpUri(secret: string, account: { username: string; issuer: string }): string {
  return totpFor(secret, account.username, account.issuer).toString();
}

/** The code for an instant (tests, and nothing else, need to compute one). */
export function totpCode(secret: string, at: Date): string {
  return totpFor(secret).generate({ timestamp: at.getTime() });
}

/**
 * Checks a six-digit code against the secret at `now`, within one step either side. A code is accepted
 * once: its time step must be later than the last one used (`lastStep`), so a code read over a shoulder
 * cannot be replayed. Returns the step to remember, or null.
 */
export function verifyTotp(secret: string, code: string, now: Date, lastStep: number | null): number | null {
  if (!/^\d{6}$/.test(code)) return null;
  const delta = totpFor(secret).validate({ token: code, timestamp: now.getTime(), window: TOTP_WINDOW });
  if (delta === null) return null;
  const step = Math.floor(now.getTime() / 1000 / PERIOD_SECONDS) + delta;
  if (lastStep !== null && step <= lastStep) return null;
  return step;
}
