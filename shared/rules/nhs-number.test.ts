import { describe, expect, it } from 'vitest';
import { ZNhsNumber } from '../schemas/case';
import { formatNhsNumber, isValidNhsNumber } from './nhs-number';

describe('NHS number (Modulus 11)', () => {
  it('accepts a number whose check digit matches', () => {
    expect(isValidNhsNumber('9434765919')).toBe(true);
    expect(isValidNhsNumber('9990126704')).toBe(true);
  });

  it('accepts the spaced 3-3-4 form people type', () => {
    expect(isValidNhsNumber('943 476 5919')).toBe(true);
    expect(isValidNhsNumber('943-476-5919')).toBe(true);
  });

  it('rejects a wrong check digit', () => {
    expect(isValidNhsNumber('9434765918')).toBe(false);
  });

  it('rejects a number whose check computes to 10', () => {
    // Digits 1–9 of 000000006 weigh 6 × 2 = 12; 11 − (12 mod 11) = 10, so no check digit can be valid.
    const digits = '000000006';
    let sum = 0;
    for (let i = 0; i < 9; i++) sum += Number(digits[i]) * (10 - i);
    expect(11 - (sum % 11)).toBe(10);
    for (let d = 0; d <= 9; d++) expect(isValidNhsNumber(`${digits}${d}`)).toBe(false);
  });

  it('treats a check of 11 as 0', () => {
    expect(isValidNhsNumber('0000000000')).toBe(true);
  });

  it('rejects wrong lengths and letters', () => {
    expect(isValidNhsNumber('943476591')).toBe(false);
    expect(isValidNhsNumber('94347659190')).toBe(false);
    expect(isValidNhsNumber('94347659A9')).toBe(false);
  });

  it('is stored without spaces and shown 3-3-4', () => {
    expect(ZNhsNumber.parse('943 476 5919')).toBe('9434765919');
    expect(formatNhsNumber('9434765919')).toBe('943 476 5919');
  });
});
