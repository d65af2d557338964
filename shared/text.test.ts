import { describe, expect, it } from 'vitest';
import { countOf } from './text';

describe('countOf', () => {
  it('names one thing in the singular and none or several in the plural', () => {
    expect(countOf(1, 'account')).toBe('1 account');
    expect(countOf(0, 'account')).toBe('0 accounts');
    expect(countOf(2, 'account')).toBe('2 accounts');
  });
  it('takes the plural it is given', () => {
    expect(countOf(1, 'emergency', 'emergencies')).toBe('1 emergency');
    expect(countOf(3, 'emergency', 'emergencies')).toBe('3 emergencies');
  });
});
