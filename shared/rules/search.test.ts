import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { INFORMATION_SHARING_POLICY } from '../config/information-sharing';
import { aCard } from './test-fixtures';
import { aCardAndItsChange } from './card-changes.arbitrary';
import { fieldsForTerm, parseSearchQuery, sameSearchInputs, searchableFields, searchDocument } from './search';

describe('reading a search (R-SEARCH)', () => {
  it('R-SEARCH: numbers typed in groups are one number; dates and references are read as such', () => {
    expect(parseSearchQuery('943 476 5919')).toEqual([{ kind: 'number', digits: '9434765919' }]);
    expect(parseSearchQuery('+44 7700 900123')).toEqual([{ kind: 'number', digits: '07700900123' }]);
    expect(parseSearchQuery('12/04/1989')).toEqual([{ kind: 'date', token: 'd19890412' }]);
    expect(parseSearchQuery('1989-04-12')).toEqual([{ kind: 'date', token: 'd19890412' }]);
    // Not a date: read as the number it is written as.
    expect(parseSearchQuery('31/02/1989').map((t) => t.kind)).not.toContain('date');
    expect(parseSearchQuery('c-93bbd2')).toEqual([{ kind: 'ref', token: 'c93bbd2' }]);
  });

  it('R-SEARCH: words carry how they sound; single letters and punctuation are dropped', () => {
    const terms = parseSearchQuery("J. O'Brien");
    expect(terms).toEqual([{ kind: 'word', text: 'obrien', sounds: expect.any(Array) }]);
    expect(parseSearchQuery('  ')).toEqual([]);
  });

  it('R-SEARCH: a card is indexed by name and its sound, NHS number, date of birth, phone, address, reference', () => {
    const doc = searchDocument({
      ...aCard(),
      ref: 'C-93BBD2',
      person: { ...aCard().person, name: 'Jon McKenzie', age: { kind: 'date-of-birth', date: '1989-04-12' } },
    });
    expect(doc).toMatchObject({
      name: 'jon mckenzie',
      nhsNumber: '9434765919',
      dateOfBirth: 'd19890412',
      phone: '07700900000',
      ref: 'c93bbd2',
    });
    expect(doc.nameSound.split(' ')).toContain('MKNS');
  });
});

describe('search is redacted (R-SEARCH-REDACT)', () => {
  it('R-SEARCH-REDACT: each searchable field is a card field of the policy', () => {
    for (const path of Object.values(INFORMATION_SHARING_POLICY.searchFields))
      expect(Object.keys(INFORMATION_SHARING_POLICY.cardFields)).toContain(path);
  });

  it('R-SEARCH-REDACT: police search no NHS number and no caller’s phone; health views search both', () => {
    expect(searchableFields('police')).not.toContain('nhsNumber');
    expect(searchableFields('police')).not.toContain('phone');
    expect(searchableFields('clinical')).toEqual(expect.arrayContaining(['nhsNumber', 'phone', 'name']));
    const number = parseSearchQuery('9990229651')[0];
    expect(number && fieldsForTerm(number, 'police')).toEqual([]);
    expect(number && fieldsForTerm(number, 'clinical')).toEqual(['nhsNumber', 'phone']);
  });
});

describe('the index row is left alone when nothing searchable changed (R-SEARCH)', () => {
  it('calls a card the same after a new situation line, and not after a new name', () => {
    const card = aCard();
    expect(sameSearchInputs(card, { ...card, summary: 'Calmer now', version: 2 })).toBe(true);
    expect(sameSearchInputs(card, { ...card, person: { ...card.person, name: 'Jon McKenzie' } })).toBe(false);
  });

  it('never calls two cards the same when their index rows differ, whatever changed', () => {
    fc.assert(
      fc.property(aCardAndItsChange, ([before, after]) => {
        if (sameSearchInputs(before, after)) {
          expect(after.areaId).toBe(before.areaId);
          expect(searchDocument(after)).toEqual(searchDocument(before));
        }
      }),
      { numRuns: 500 },
    );
  });
});
