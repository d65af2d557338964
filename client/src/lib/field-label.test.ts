import { describe, expect, it } from 'vitest';
import { fieldLabel } from './field-label';

describe('field names on screen', () => {
  it('says a field as staff would, never its internal name', () => {
    expect(fieldLabel('doctorName')).toBe('Doctor’s name');
    expect(fieldLabel('person.age.years')).toBe('Years');
    expect(fieldLabel('callbackNumber')).toBe('Callback number');
    expect(fieldLabel('entries.3.payload')).toBe('Payload');
    expect(fieldLabel('nhsNumber')).toBe('NHS number');
  });
});
