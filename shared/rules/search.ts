import { INFORMATION_SHARING_POLICY, type TSharedView } from '../config/information-sharing';
import type { TCaseCard } from '../schemas/case';
import { dateOfBirth, nameWords, normalisePhone, soundsOf } from './person-match';
import { isCardPathShared } from './redaction';

/**
 * Finding a card (R-SEARCH): what is searchable on a card, how a typed query is read, and which fields
 * a view may search. Pure: each database turns a query into its own full-text search (SQLite FTS5 in
 * db/sqlite/case-search.ts) from these.
 */

export type TSearchField = keyof typeof INFORMATION_SHARING_POLICY.searchFields;
export const SEARCH_FIELDS = Object.keys(INFORMATION_SHARING_POLICY.searchFields) as TSearchField[];

/** A card as the search index holds it: one text per field, each already normalised. */
export interface TSearchDocument {
  name: string;
  /** The name's words as they sound (Double Metaphone codes), so "Jon" finds "John". */
  nameSound: string;
  nhsNumber: string;
  /** "d19890412": one token, so a date is matched whole. */
  dateOfBirth: string;
  phone: string;
  address: string;
  /** The reference without its dash ("c93bbd2"), as it is typed. */
  ref: string;
}

const refToken = (ref: string): string => ref.replace(/[^a-z0-9]/gi, '').toLowerCase();
const dateToken = (isoDate: string): string => `d${isoDate.replace(/-/g, '')}`;

export function searchDocument(card: TCaseCard): TSearchDocument {
  const words = nameWords(card.person.name);
  const dob = dateOfBirth(card);
  return {
    name: words.join(' '),
    nameSound: [...new Set(words.flatMap(soundsOf))].join(' '),
    nhsNumber: card.person.nhsNumber ?? '',
    dateOfBirth: dob ? dateToken(dob) : '',
    phone: normalisePhone(card.caller?.callbackNumber),
    address: card.location.description,
    ref: refToken(card.ref),
  };
}

/**
 * Whether two states of a card give the same index row: the same area and every field `searchDocument`
 * reads. The store leaves the index alone when they do (most updates: a note, a status, a unit), without
 * building the document again. Keep it in step with `searchDocument`: search.test.ts checks, over random
 * changes to every part of a card, that cards this calls the same always have the same document.
 */
export function sameSearchInputs(a: TCaseCard, b: TCaseCard): boolean {
  return (
    a.areaId === b.areaId &&
    a.ref === b.ref &&
    a.person.name === b.person.name &&
    a.person.nhsNumber === b.person.nhsNumber &&
    dateOfBirth(a) === dateOfBirth(b) &&
    a.caller?.callbackNumber === b.caller?.callbackNumber &&
    a.location.description === b.location.description
  );
}

/**
 * One thing the person typed, and the fields it may be found in. A word is looked for in names (by
 * spelling and by sound), addresses and situations; a number in NHS numbers and phone numbers; a date
 * in dates of birth; "C-93BBD2" in references.
 */
export type TSearchTerm =
  | { kind: 'word'; text: string; sounds: string[] }
  | { kind: 'number'; digits: string }
  | { kind: 'date'; token: string }
  | { kind: 'ref'; token: string };

/** Fields each kind of term is looked for in. */
export const TERM_FIELDS: Record<TSearchTerm['kind'], readonly TSearchField[]> = {
  word: ['name', 'address'],
  number: ['nhsNumber', 'phone'],
  date: ['dateOfBirth'],
  ref: ['ref'],
};

const DATE_PATTERNS: { re: RegExp; order: 'dmy' | 'ymd' }[] = [
  { re: /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/, order: 'dmy' },
  { re: /^(\d{4})-(\d{1,2})-(\d{1,2})$/, order: 'ymd' },
];

function readDate(token: string): string | null {
  for (const { re, order } of DATE_PATTERNS) {
    const m = re.exec(token);
    if (!m) continue;
    const [a, b, c] = [m[1], m[2], m[3]].map(Number) as [number, number, number];
    const [y, mo, d] = order === 'dmy' ? [c, b, a] : [a, b, c];
    const date = new Date(Date.UTC(y, mo - 1, d));
    if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) return null;
    return dateToken(`${String(y)}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`);
  }
  return null;
}

/** The longest query read: beyond it, a search is a paste, not a person looking for someone. */
export const MAX_SEARCH_TERMS = 8;

/**
 * Reads what was typed. Digits typed in groups ("999 022 9651", "07700 900789") are one number; a word of
 * one letter is dropped (too common to rank on). Returns no terms for a query with nothing to look for.
 */
export function parseSearchQuery(query: string): TSearchTerm[] {
  const terms: TSearchTerm[] = [];
  // Dates first (their dashes would read as a number typed in groups), then numbers typed in groups,
  // with or without +44, joined before the words are read.
  const undated = query.replace(/\b(\d{1,2}[/.-]\d{1,2}[/.-]\d{4}|\d{4}-\d{1,2}-\d{1,2})\b/g, (text) => {
    const date = readDate(text);
    if (date) terms.push({ kind: 'date', token: date });
    return date ? ' ' : text;
  });
  const rest = undated.replace(/\+?\d[\d ()-]{7,}\d/g, (run) => {
    const digits = normalisePhone(run);
    if (digits.length >= 6) terms.push({ kind: 'number', digits });
    return ' ';
  });
  for (const raw of rest.split(/\s+/)) {
    const token = raw.trim();
    if (!token) continue;
    if (/^c-?[0-9a-f]{6}$/i.test(token)) terms.push({ kind: 'ref', token: refToken(token) });
    else if (/^\d{6,}$/.test(token)) terms.push({ kind: 'number', digits: token });
    else
      for (const word of nameWords(token)) {
        if (word.length >= 2) terms.push({ kind: 'word', text: word, sounds: soundsOf(word) });
      }
  }
  return terms.slice(0, MAX_SEARCH_TERMS);
}

/** How the searched fields are named to the person searching. */
export const SEARCH_FIELD_LABELS: Record<TSearchField, string> = {
  name: 'name',
  nhsNumber: 'NHS number',
  dateOfBirth: 'date of birth',
  phone: 'caller’s phone',
  address: 'where',
  ref: 'card reference',
};

/** The fields a view may search: exactly those whose card field it reads (R-SEARCH-REDACT). */
export function searchableFields(view: TSharedView): TSearchField[] {
  return SEARCH_FIELDS.filter((f) => isCardPathShared(INFORMATION_SHARING_POLICY.searchFields[f], view));
}

/**
 * The fields a term may be found in for this view. An empty list means the term can match nothing the
 * view reads, so the whole search finds nothing: a reader never learns from a match on a withheld field.
 */
export function fieldsForTerm(term: TSearchTerm, view: TSharedView): TSearchField[] {
  const allowed = searchableFields(view);
  return TERM_FIELDS[term.kind].filter((f) => allowed.includes(f));
}
