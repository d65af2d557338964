/**
 * Text the console keeps (R-TEXT-NUL). U+0000 (NUL) has no use in anything a person types, and
 * PostgreSQL's text cannot hold it, so a payload carrying it anywhere is refused whole, on every backend,
 * before it is read: the same answer whichever database an area runs on.
 */
export const NUL_REFUSAL = 'Text may not contain the NUL character (U+0000)';

/** Whether any string in a value (nested in objects and arrays, keys included) holds U+0000. */
export function hasNulCharacter(value: unknown): boolean {
  if (typeof value === 'string') return value.includes('\u0000');
  if (Array.isArray(value)) return value.some(hasNulCharacter);
  if (typeof value === 'object' && value !== null)
    return Object.entries(value).some(([key, item]) => key.includes('\u0000') || hasNulCharacter(item));
  return false;
}
