/** Strips the spaces and dashes people type (the number is shown 3-3-4). */
export function normaliseNhsNumber(input: string): string {
  return input.replace(/[\s-]/g, '');
}

/**
 * NHS number Modulus 11 check: weights 10..2 on digits 1–9; check = 11 − (sum mod 11);
 * 11 → 0; 10 → the number is invalid.
 */
export function isValidNhsNumber(input: string): boolean {
  const digits = normaliseNhsNumber(input);
  if (!/^\d{10}$/.test(digits)) return false;
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += Number(digits[i]) * (10 - i);
  const check = 11 - (sum % 11);
  if (check === 10) return false;
  return (check === 11 ? 0 : check) === Number(digits[9]);
}

/** Formats as 3-3-4 ("943 476 5919") for display. */
export function formatNhsNumber(input: string): string {
  const d = normaliseNhsNumber(input);
  return d.length === 10 ? `${d.slice(0, 3)} ${d.slice(3, 6)} ${d.slice(6)}` : input;
}
