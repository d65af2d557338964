import { describe, expect, it } from 'vitest';
import { aCard } from './test-fixtures';
import type { TCaseCard, TPersonLink } from '../schemas/case';
import {
  formatGap,
  isLinked,
  mayBeSamePerson,
  namesMatch,
  nameWords,
  normalisePhone,
  suggestionBasis,
  soundsOf,
} from './person-match';

const card = (id: string, person: Partial<TCaseCard['person']>, extra: Partial<TCaseCard> = {}): TCaseCard => {
  const base = aCard();
  return {
    ...base,
    id,
    ref: `C-${id.toUpperCase().padEnd(6, '0').slice(0, 6)}`,
    caller: null,
    person: { ...base.person, nhsNumber: null, age: { kind: 'date-of-birth', date: '1989-04-12' }, ...person },
    ...extra,
  };
};
const decided = (other: TCaseCard, decision: TPersonLink['decision']): TPersonLink => ({
  caseId: other.id,
  ref: other.ref,
  decision,
  basis: 'name-and-date-of-birth',
  by: { id: 'u', name: 'Olu', role: 'operator' },
  at: '2026-12-01T00:00:00.000Z',
});

describe('names (R-PERSON-LINK)', () => {
  it('R-PERSON-LINK: words are lower case without accents or apostrophes', () => {
    expect(nameWords("Siobhán O'Neill-Brown")).toEqual(['siobhan', 'oneill', 'brown']);
    expect(nameWords(null)).toEqual([]);
  });

  it('R-PERSON-LINK: spellings that sound alike match; different names do not', () => {
    expect(namesMatch('Jon McKenzie', 'John Mackenzie')).toBe(true);
    expect(namesMatch('Catherine Smyth', 'Kathryn Smith')).toBe(true);
    expect(namesMatch('Mohammed Khan', 'Muhammad Khan')).toBe(true);
    expect(namesMatch('John Andrew Smith', 'John Smith')).toBe(true);
    expect(namesMatch('Smith', 'John Smyth')).toBe(true);
    expect(namesMatch('John Smith', 'Jane Smith')).toBe(false);
    expect(namesMatch('John Smith', 'John Jones')).toBe(false);
    expect(namesMatch('John Smith', null)).toBe(false);
  });

  it('an initial has no sound to match on', () => {
    expect(soundsOf('j')).toEqual([]);
    expect(soundsOf('jon')).toEqual(soundsOf('john'));
  });

  it('R-PERSON-LINK: phone numbers are compared as dialled in the UK', () => {
    expect(normalisePhone('+44 7700 900123')).toBe('07700900123');
    expect(normalisePhone('0044 (0)7700-900123'.replace('(0)', ''))).toBe('07700900123');
    expect(normalisePhone('07700 900123')).toBe('07700900123');
  });
});

describe('links and suggestions (R-PERSON-LINK)', () => {
  it('R-PERSON-LINK: the same NHS number is a link without asking', () => {
    const a = card('a', { name: 'Sam Kerr', nhsNumber: '9990229651' });
    const b = card('b', { name: 'Samantha Carr', nhsNumber: '9990229651', age: { kind: 'unknown' } });
    expect(isLinked(a, b)).toBe(true);
    expect(suggestionBasis(a, b)).toBeNull();
  });

  it('R-PERSON-LINK: a name that sounds alike with the same date of birth is suggested, never linked', () => {
    const a = card('a', { name: 'Jon Smith' });
    const b = card('b', { name: 'John Smyth' });
    expect(isLinked(a, b)).toBe(false);
    expect(suggestionBasis(a, b)).toBe('name-and-date-of-birth');
    expect(
      suggestionBasis(a, card('c', { name: 'John Smyth', age: { kind: 'date-of-birth', date: '1989-04-13' } })),
    ).toBeNull();
    expect(suggestionBasis(a, card('d', { name: 'John Smyth', age: { kind: 'age', years: 37 } }))).toBeNull();
  });

  it('R-PERSON-LINK: the same callback number is suggested', () => {
    const caller = { name: 'Mum', relationship: 'mother', callbackNumber: '07700 900555' };
    const a = card('a', { name: 'Riley Stone', age: { kind: 'unknown' } }, { caller });
    const b = card(
      'b',
      { name: null, age: { kind: 'unknown' } },
      { caller: { ...caller, callbackNumber: '+447700900555' } },
    );
    expect(suggestionBasis(a, b)).toBe('phone');
  });

  it('R-PERSON-LINK: two different NHS numbers are two people; another area is never suggested', () => {
    const a = card('a', { name: 'Jon Smith', nhsNumber: '9990229651' });
    expect(suggestionBasis(a, card('b', { name: 'Jon Smith', nhsNumber: '9434765919' }))).toBeNull();
    expect(
      suggestionBasis(card('c', { name: 'Jon Smith' }), card('d', { name: 'Jon Smith' }, { areaId: 'elsewhere' })),
    ).toBeNull();
  });

  it('R-PERSON-LINK: a confirmed pair is linked; a rejected pair is never suggested again', () => {
    const a = card('a', { name: 'Jon Smith' });
    const b = card('b', { name: 'John Smith' });
    expect(isLinked({ ...a, personLinks: [decided(b, 'confirmed')] }, b)).toBe(true);
    expect(isLinked(b, { ...a, personLinks: [decided(b, 'confirmed')] })).toBe(true);
    expect(suggestionBasis({ ...a, personLinks: [decided(b, 'rejected')] }, b)).toBeNull();
    expect(suggestionBasis(b, { ...a, personLinks: [decided(b, 'rejected')] })).toBeNull();
  });

  it('R-S136-END: a safety check counts a suggested match, not a rejected one', () => {
    const a = card('a', { name: 'Jon Smith' });
    const b = card('b', { name: 'John Smith' });
    expect(mayBeSamePerson(a, b)).toBe('suggested');
    expect(mayBeSamePerson({ ...a, personLinks: [decided(b, 'confirmed')] }, b)).toBe('linked');
    expect(mayBeSamePerson({ ...a, personLinks: [decided(b, 'rejected')] }, b)).toBeNull();
  });
});

describe('gaps as people say them', () => {
  it('says the real gap, never "0 h" for ten minutes', () => {
    expect(formatGap(10 * 60_000)).toBe('10 min');
    expect(formatGap(20_000)).toBe('less than a minute');
    expect(formatGap(3 * 3_600_000 + 5 * 60_000)).toBe('3 h 5 min');
    expect(formatGap(16 * 3_600_000)).toBe('16 h');
    expect(formatGap(50 * 3_600_000)).toBe('2 days 2 h');
  });
});
