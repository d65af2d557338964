import { fieldsForTerm, searchDocument, type TSearchField, type TSearchTerm } from '@shared/rules/search';
import type { TSharedView } from '@shared/config/information-sharing';
import type { TCaseCard } from '@shared/schemas/case';
import type { TSqlite } from './sqlite-types';

/**
 * The card search index on SQLite (R-SEARCH): an FTS5 table (migration 0010) whose rowid is the card's
 * rowid in `cases`, written by the same statement sequence, in the same transaction, as the card.
 */

const COLUMN: Record<TSearchField | 'nameSound', string> = {
  name: 'name',
  nameSound: 'name_sound',
  nhsNumber: 'nhs_number',
  dateOfBirth: 'date_of_birth',
  phone: 'phone',
  address: 'address',
  ref: 'ref',
};
const COLUMNS = [...Object.values(COLUMN), 'area_id'];

/** An FTS5 string literal: the only thing a user's text ever becomes in a MATCH expression. */
const quote = (text: string): string => `"${text.replace(/"/g, '""')}"`;

/**
 * One term as an FTS5 expression over the columns this view may search: a word by its spelling as a
 * prefix ("mack" finds "Mackenzie") or, in names, by its sound; numbers, dates and references whole.
 * Null when the view may search none of the term's fields.
 */
function termExpression(term: TSearchTerm, view: TSharedView): string | null {
  const fields = fieldsForTerm(term, view);
  if (fields.length === 0) return null;
  const columns = `{${fields.map((f) => COLUMN[f]).join(' ')}}`;
  switch (term.kind) {
    case 'word': {
      const parts = [`${columns} : ${quote(term.text)}*`];
      if (fields.includes('name') && term.sounds.length > 0)
        parts.push(`name_sound : (${term.sounds.map(quote).join(' OR ')})`);
      return `(${parts.join(' OR ')})`;
    }
    case 'number':
      return `${columns} : ${quote(term.digits)}`;
    case 'date':
    case 'ref':
      return `${columns} : ${quote(term.token)}`;
  }
}

/** The MATCH expression for a whole query, or null when it can find nothing for this view. */
export function matchExpression(terms: readonly TSearchTerm[], view: TSharedView): string | null {
  if (terms.length === 0) return null;
  const parts: string[] = [];
  for (const term of terms) {
    const expression = termExpression(term, view);
    if (!expression) return null;
    parts.push(expression);
  }
  return parts.join(' AND ');
}

/**
 * Cards that may be about the same person as `card` (R-PERSON-LINK): the same NHS number, the same date
 * of birth with a name that sounds alike, or the same phone number. The rules in
 * shared/rules/person-match.ts decide which of them are linked and which only suggested.
 */
export function samePersonExpression(card: TCaseCard): string | null {
  const doc = searchDocument(card);
  const parts: string[] = [];
  if (doc.nhsNumber) parts.push(`nhs_number : ${quote(doc.nhsNumber)}`);
  if (doc.dateOfBirth && doc.nameSound)
    parts.push(
      `(date_of_birth : ${quote(doc.dateOfBirth)} AND name_sound : (${doc.nameSound.split(' ').map(quote).join(' OR ')}))`,
    );
  if (doc.phone.length >= 10) parts.push(`phone : ${quote(doc.phone)}`);
  return parts.length > 0 ? parts.join(' OR ') : null;
}

/**
 * bm25 weights in column order: a match in a name, an NHS number, a date of birth, a phone or a
 * reference says far more about who this is than a word in an address.
 */
const RANK = `bm25(case_search, 10.0, 4.0, 10.0, 8.0, 8.0, 2.0, 10.0, 0.0)`;

/**
 * How many matches, most recent first, a search ranks: a word that matches half the area (a town's
 * name) stays as fast as a surname, and the person searching narrows it with a second word.
 */
export const RANKED_MATCHES = 2_000;

export function createCaseSearch(sqlite: TSqlite) {
  const s = {
    current: sqlite.prepare<[number], Record<string, string>>(
      `SELECT ${COLUMNS.join(', ')} FROM case_search WHERE rowid = ?`,
    ),
    remove: sqlite.prepare<[number]>('DELETE FROM case_search WHERE rowid = ?'),
    insert: sqlite.prepare(
      `INSERT INTO case_search (rowid, ${COLUMNS.join(', ')}) VALUES (@rowid, ${COLUMNS.map((c) => `@${c}`).join(', ')})`,
    ),
    counts: sqlite.prepare<[], { cards: number; indexed: number }>(
      'SELECT (SELECT count(*) FROM cases) AS cards, (SELECT count(*) FROM case_search) AS indexed',
    ),
    page: sqlite.prepare<[number], { rowid: number; card: string }>(
      'SELECT rowid, card FROM cases WHERE rowid > ? ORDER BY rowid LIMIT 1000',
    ),
    clear: sqlite.prepare('DELETE FROM case_search'),
  };

  const row = (card: TCaseCard): Record<string, string> => {
    const doc = searchDocument(card);
    return {
      ...Object.fromEntries(Object.entries(COLUMN).map(([field, column]) => [column, doc[field as TSearchField]])),
      area_id: card.areaId,
    };
  };

  /** Writes the card's index row after its projection row; skipped when no searchable field changed. */
  const index = (card: TCaseCard, rowid: number): void => {
    const next = row(card);
    const current = s.current.get(rowid);
    if (current && COLUMNS.every((c) => current[c] === next[c])) return;
    if (current) s.remove.run(rowid);
    s.insert.run({ rowid, ...next });
  };

  /** Indexes every card again (after a projection rebuild, or cards stored before search existed). */
  const reindexAll = (parse: (json: string) => TCaseCard): void => {
    s.clear.run();
    // A page at a time: a connection cannot write while a statement is still reading.
    for (let after = 0, rows = s.page.all(0); rows.length > 0; rows = s.page.all(after)) {
      for (const r of rows) index(parse(r.card), r.rowid);
      after = rows[rows.length - 1]?.rowid ?? after;
    }
  };

  // FTS5 reads matches in rowid order, so the newest RANKED_MATCHES of the area are found without reading
  // the rest; only they are scored, joined to their cards and ranked.
  const find = sqlite.prepare<[string, string, number, number], { card: string }>(
    `SELECT c.card FROM (
       SELECT rowid, ${RANK} AS score FROM case_search
       WHERE case_search MATCH ? AND area_id = ? ORDER BY rowid DESC LIMIT ?
     ) m JOIN cases c ON c.rowid = m.rowid
     ORDER BY c.status = 'closed', m.score, c.updated_at DESC LIMIT ?`,
  );

  return {
    index,
    reindexAll,
    clear: (): void => void s.clear.run(),
    /** Whether cards were stored before the index existed (or it was lost): checked once, at open. */
    isBehind: (): boolean => {
      const c = s.counts.get();
      return c !== undefined && c.cards !== c.indexed;
    },
    /**
     * Cards of the area matching an FTS5 expression built in this file: open cards first (tonight's caller
     * is the likeliest one wanted), then by how well they match, then the most recently active.
     */
    find: (match: string, areaId: string, limit: number): string[] =>
      find.all(match, areaId, RANKED_MATCHES, limit).map((r) => r.card),
  };
}
