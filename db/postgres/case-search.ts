import { fieldsForTerm, searchDocument, type TSearchField, type TSearchTerm } from '@shared/rules/search';
import type { TSharedView } from '@shared/config/information-sharing';
import type { TCaseCard } from '@shared/schemas/case';
import { normaliseCard } from '../event-rows';
import type { TPgPool, TPgQueryable, TStatement } from './pg-types';

/**
 * The card search index on PostgreSQL (R-SEARCH), its own full-text search: one `tsvector` per card whose
 * lexemes are the card's words tagged with the field they come from ("n:mackenzie" is a name word,
 * "h:9434765919" an NHS number). A query is a `tsquery` over tagged lexemes, so a view searches only the
 * fields it may read (R-SEARCH-REDACT), exactly as the SQLite index's column filters do. Written by
 * the same transaction as the card.
 */

type TTagged = TSearchField | 'nameSound';
const TAG: Record<TTagged, string> = {
  name: 'n',
  nameSound: 's',
  nhsNumber: 'h',
  dateOfBirth: 'b',
  phone: 'p',
  address: 'a',
  ref: 'r',
};

/**
 * Weights for ranking (ts_rank's A to D): a match in a name, an NHS number, a date of birth or a
 * reference says most about who this is, a phone number a little less, a name's sound less, an address
 * least — the order of the SQLite index's bm25 weights.
 */
const WEIGHT: Record<TTagged, 'A' | 'B' | 'C' | 'D'> = {
  name: 'A',
  nhsNumber: 'A',
  dateOfBirth: 'A',
  ref: 'A',
  phone: 'B',
  nameSound: 'C',
  address: 'D',
};
const RANK_WEIGHTS = '{0.2, 0.4, 0.8, 1.0}';

/** Words as SQLite's unicode61 tokeniser reads them: lower case, accents removed, split on the rest. */
const words = (text: string): string[] =>
  text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length > 0);

/** A lexeme in tsquery syntax: quoted, so nothing a person typed is read as an operator. */
const lexeme = (tag: string, word: string): string =>
  `'${`${tag}:${word}`.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;

/** The card's tagged words, grouped by weight. */
function documentLexemes(card: TCaseCard): Record<'A' | 'B' | 'C' | 'D', string[]> {
  const doc = searchDocument(card);
  const groups: Record<'A' | 'B' | 'C' | 'D', string[]> = { A: [], B: [], C: [], D: [] };
  for (const field of Object.keys(TAG) as TTagged[])
    for (const word of words(doc[field])) groups[WEIGHT[field]].push(`${TAG[field]}:${word}`);
  return groups;
}

/**
 * One term as a tsquery over the fields this view may search: a word by its spelling as a prefix ("mack"
 * finds "Mackenzie") or, in names, by its sound; numbers, dates and references whole. Null when the view
 * may search none of the term's fields.
 */
function termQuery(term: TSearchTerm, view: TSharedView): string | null {
  const fields = fieldsForTerm(term, view);
  if (fields.length === 0) return null;
  const parts: string[] = [];
  switch (term.kind) {
    case 'word':
      for (const word of words(term.text)) for (const f of fields) parts.push(`${lexeme(TAG[f], word)}:*`);
      if (fields.includes('name'))
        for (const sound of term.sounds) parts.push(lexeme(TAG.nameSound, sound.toLowerCase()));
      break;
    case 'number':
      for (const f of fields) parts.push(lexeme(TAG[f], term.digits));
      break;
    case 'date':
    case 'ref':
      for (const f of fields) parts.push(lexeme(TAG[f], term.token.toLowerCase()));
      break;
  }
  return parts.length > 0 ? `(${parts.join(' | ')})` : null;
}

/** The tsquery for a whole query, or null when it can find nothing for this view. */
export function searchQuery(terms: readonly TSearchTerm[], view: TSharedView): string | null {
  if (terms.length === 0) return null;
  const parts: string[] = [];
  for (const term of terms) {
    const query = termQuery(term, view);
    if (!query) return null;
    parts.push(query);
  }
  return parts.join(' & ');
}

/**
 * Cards that may be about the same person as `card` (R-PERSON-LINK): the same NHS number, the same date
 * of birth with a name that sounds alike, or the same phone number (shared/rules/person-match.ts decides).
 */
export function samePersonQuery(card: TCaseCard): string | null {
  const doc = searchDocument(card);
  const parts: string[] = [];
  if (doc.nhsNumber) parts.push(lexeme(TAG.nhsNumber, doc.nhsNumber.toLowerCase()));
  if (doc.dateOfBirth && doc.nameSound)
    parts.push(
      `(${lexeme(TAG.dateOfBirth, doc.dateOfBirth)} & (${words(doc.nameSound)
        .map((s) => lexeme(TAG.nameSound, s))
        .join(' | ')}))`,
    );
  if (doc.phone.length >= 10) parts.push(lexeme(TAG.phone, doc.phone));
  return parts.length > 0 ? parts.join(' | ') : null;
}

/** How many matches, most recent first, a search ranks (as on SQLite: a town's name stays fast). */
export const RANKED_MATCHES = 2_000;

export function createCaseSearch(pool: TPgPool) {
  /** The card's index row; a card whose searchable fields did not change is left as it is. */
  const indexStatement = (card: TCaseCard): TStatement => {
    const groups = documentLexemes(card);
    return {
      text: `INSERT INTO case_search (case_id, area_id, created_at, words, source)
       VALUES ($1, $2, $3, setweight(array_to_tsvector($4::text[]), 'A') || setweight(array_to_tsvector($5::text[]), 'B')
         || setweight(array_to_tsvector($6::text[]), 'C') || setweight(array_to_tsvector($7::text[]), 'D'), $8)
       ON CONFLICT (case_id) DO UPDATE SET area_id = excluded.area_id, words = excluded.words, source = excluded.source
       WHERE case_search.source IS DISTINCT FROM excluded.source`,
      values: [card.id, card.areaId, card.createdAt, groups.A, groups.B, groups.C, groups.D, JSON.stringify(groups)],
    };
  };
  const index = async (db: TPgQueryable, card: TCaseCard): Promise<void> => {
    const { text, values } = indexStatement(card);
    await db.query(text, values);
  };

  return {
    index,
    indexStatement,
    /** Indexes every card again (after a projection rebuild, or cards stored before search existed). */
    reindexAll: async (db: TPgQueryable): Promise<void> => {
      await db.query('DELETE FROM case_search');
      for (let after = '', more = true; more;) {
        const page = await db.query<{ id: string; card: unknown }>(
          'SELECT id, card FROM cases WHERE id > $1 ORDER BY id LIMIT 1000',
          [after],
        );
        for (const row of page.rows) await index(db, normaliseCard(row.card));
        more = page.rows.length > 0;
        after = page.rows[page.rows.length - 1]?.id ?? after;
      }
    },
    /** Whether cards were stored before the index existed (or it was lost): checked once, at open. */
    isBehind: async (): Promise<boolean> => {
      const row = (
        await pool.query<{ cards: number; indexed: number }>(
          'SELECT (SELECT count(*)::int FROM cases) AS cards, (SELECT count(*)::int FROM case_search) AS indexed',
        )
      ).rows[0];
      return row !== undefined && row.cards !== row.indexed;
    },
    /**
     * Cards of the area matching a tsquery built in this file: open cards first (tonight's caller is the
     * likeliest one wanted), then by how well they match, then the most recently active.
     */
    find: async (query: string, areaId: string, limit: number): Promise<TCaseCard[]> =>
      (
        await pool.query<{ card: unknown }>(
          `SELECT c.card FROM (
             SELECT case_id, ts_rank('${RANK_WEIGHTS}', words, $2::tsquery) AS score FROM case_search
             WHERE area_id = $1 AND words @@ $2::tsquery ORDER BY created_at DESC LIMIT $3
           ) m JOIN cases c ON c.id = m.case_id
           ORDER BY c.status = 'closed', m.score DESC, c.updated_at DESC LIMIT $4`,
          [areaId, query, RANKED_MATCHES, limit],
        )
      ).rows.map((r) => normaliseCard(r.card)),
  };
}
