import { describe, expect, it } from 'vitest';
import { hasNulCharacter } from './text';

describe('R-TEXT-NUL: text with U+0000 is refused', () => {
  it('finds it in any string, however deep, and in keys', () => {
    expect(hasNulCharacter('a\u0000b')).toBe(true);
    expect(hasNulCharacter({ changes: { notes: ['ok', 'x\u0000'] } })).toBe(true);
    expect(hasNulCharacter({ ['k\u0000']: 1 })).toBe(true);
  });

  it('leaves every other character alone, control characters a note may hold included', () => {
    expect(hasNulCharacter({ text: 'line one\nline two\ttabbed \u0001 \\u0000 written out', n: 0, b: null })).toBe(
      false,
    );
  });
});
