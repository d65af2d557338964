import { createHash, randomInt } from 'node:crypto';

/** Letters and digits that cannot be misread for one another (no 0/O, 1/l/I). */
const ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';
export const RECOVERY_CODE_COUNT = 10;

export const hashRecoveryCode = (code: string): string =>
  createHash('sha256').update(normalise(code)).digest('base64url');
const normalise = (code: string): string => code.toLowerCase().replace(/[^a-z0-9]/g, '');

/**
 * Ten single-use codes for when the phone is lost, shown once; only their hashes are kept. Each has
 * 50 bits of randomness, so a fast hash is enough.
 */
export function newRecoveryCodes(): { codes: string[]; hashes: string[] } {
  const codes = Array.from({ length: RECOVERY_CODE_COUNT }, () => {
    const chars = Array.from({ length: 10 }, () => ALPHABET[randomInt(ALPHABET.length)]).join('');
    return `${chars.slice(0, 5)}-${chars.slice(5)}`;
  });
  return { codes, hashes: codes.map(hashRecoveryCode) };
}

/** Whether something typed has the shape of a recovery code (ten letters and digits, any dashes). */
export function looksLikeRecoveryCode(code: string): boolean {
  return normalise(code).length === 10;
}

const TEMPORARY_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';

/** A temporary password an administrator can read out: four groups of four (about 79 bits). */
export function newTemporaryPassword(): string {
  const chars = Array.from({ length: 16 }, () => TEMPORARY_ALPHABET[randomInt(TEMPORARY_ALPHABET.length)]).join('');
  return chars.match(/.{4}/g)?.join('-') ?? chars;
}
