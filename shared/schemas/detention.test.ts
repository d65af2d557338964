import { describe, expect, it } from 'vitest';
import { placeOfSafetyText } from './detention';

describe('placeOfSafetyText', () => {
  it('names the place with its kind in brackets', () => {
    expect(placeOfSafetyText({ name: 'Willowbank s136 Suite', kind: 'health-based-suite' })).toBe(
      'Willowbank s136 Suite (Health-based place of safety (s136 suite))',
    );
  });
  it('does not repeat a kind the name already says', () => {
    expect(
      placeOfSafetyText({ name: 'Kestrel Vale General — emergency department', kind: 'emergency-department' }),
    ).toBe('Kestrel Vale General — emergency department');
  });
});
