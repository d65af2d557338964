import { describe, expect, it } from 'vitest';
import { newTotpSecret, totpCode, totpUri, verifyTotp } from './totp';

const secret = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
const at = new Date('2026-12-01T09:00:15Z');
const step = Math.floor(at.getTime() / 30_000);
const shifted = (seconds: number) => new Date(at.getTime() + seconds * 1000);

describe('TOTP (RFC 6238)', () => {
  it('matches the RFC 6238 test vector for SHA-1 (59 s → 94287082, six digits 287082)', () => {
    const rfcSecret = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ'; // "12345678901234567890" in base32
    expect(totpCode(rfcSecret, new Date(59_000))).toBe('287082');
  });

  it('accepts the current code and the codes one step either side, and returns the step used', () => {
    expect(verifyTotp(secret, totpCode(secret, at), at, null)).toBe(step);
    expect(verifyTotp(secret, totpCode(secret, shifted(-30)), at, null)).toBe(step - 1);
    expect(verifyTotp(secret, totpCode(secret, shifted(30)), at, null)).toBe(step + 1);
  });

  it('refuses codes two steps away (a phone clock a minute out must be corrected)', () => {
    expect(verifyTotp(secret, totpCode(secret, shifted(-60)), at, null)).toBeNull();
    expect(verifyTotp(secret, totpCode(secret, shifted(60)), at, null)).toBeNull();
  });

  it('accepts a code once: its step must be later than the last one used', () => {
    const code = totpCode(secret, at);
    expect(verifyTotp(secret, code, at, step)).toBeNull();
    expect(verifyTotp(secret, code, at, step - 1)).toBe(step);
    // A code from before the last used one is a replay too, even inside the window.
    expect(verifyTotp(secret, totpCode(secret, shifted(-30)), at, step)).toBeNull();
  });

  it('refuses anything but six digits', () => {
    expect(verifyTotp(secret, '12345', at, null)).toBeNull();
    expect(verifyTotp(secret, 'abcdef', at, null)).toBeNull();
  });

  it('makes new 160-bit secrets and an address authenticator apps read', () => {
    const fresh = newTotpSecret();
    expect(fresh).toMatch(/^[A-Z2-7]{32}$/);
    expect(fresh).not.toBe(newTotpSecret());
    expect(totpUri(fresh, { username: 'tess', issuer: 'Concordat KV' })).toMatch(
      /^otpauth:\/\/totp\/Concordat%20KV:tess\?issuer=Concordat%20KV&secret=[A-Z2-7]+&algorithm=SHA1&digits=6&period=30$/,
    );
  });
});
