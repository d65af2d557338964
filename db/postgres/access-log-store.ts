import { CHAIN_COLUMNS, GENESIS_HASH, sealAccessRows } from '../hash-chain';
import type { TAccessEntry, TAccessLogRepository, TAccessQuery, TAccessRecord } from '../repositories';
import { inTransaction } from './connection';
import { LOG_LOCK, type TPgPool, type TPgQueryable } from './pg-types';

/** Every column written, in order: the chained ones, then the link and the hash. */
const COLUMNS = [...CHAIN_COLUMNS.access_log, 'prev_hash', 'hash'] as const;

/**
 * One INSERT for a whole batch: each column is one array parameter, unnested into rows in order, so a
 * batch of any size is one statement with ten bound values.
 */
const INSERT = `INSERT INTO access_log (${COLUMNS.join(', ')})
  SELECT * FROM unnest(${COLUMNS.map((c, i) => `$${i + 1}::${c === 'id' ? 'bigint' : 'text'}[]`).join(', ')})`;

/**
 * The access log on PostgreSQL (R-IG-AUDIT): append-only and hash-chained in a chain of its own. Entries
 * are appended in one transaction per batch that first takes the log's advisory lock and then reads the
 * chain's head, so every server and the command line append one after another and never fork the chain.
 */
export function createAccessLogRepository(pool: TPgPool): TAccessLogRepository {
  /** The area of each card named by an entry that gives none. */
  const areasOf = async (db: TPgQueryable, entries: readonly TAccessEntry[]): Promise<Map<string, string>> => {
    const caseIds = [...new Set(entries.filter((e) => e.areaId === undefined && e.caseId).map((e) => e.caseId))];
    if (caseIds.length === 0) return new Map();
    const { rows } = await db.query<{ id: string; area_id: string }>(
      'SELECT id, area_id FROM cases WHERE id = ANY($1::text[])',
      [caseIds],
    );
    return new Map(rows.map((r) => [r.id, r.area_id]));
  };

  const append = (entries: readonly TAccessEntry[]) =>
    inTransaction(
      pool,
      async (db) => {
        const areas = await areasOf(db, entries);
        const { rows } = await db.query<{ id: number; hash: string }>(
          'SELECT id, hash FROM access_log ORDER BY id DESC LIMIT 1',
        );
        const head = { next: (rows[0]?.id ?? 0) + 1, prevHash: rows[0]?.hash ?? GENESIS_HASH };
        const sealed = sealAccessRows(entries, head, (caseId) => areas.get(caseId) ?? '');
        await db.query(
          INSERT,
          COLUMNS.map((c) => sealed.map((r) => r[c])),
        );
      },
      { lock: LOG_LOCK.access_log },
    );

  /**
   * The viewer's query. Every condition is a fixed fragment with a bound value. A card's readable
   * reference is "C-" and the first six characters of its id without dashes, upper-cased
   * (`caseRefFromId` in shared/rules/case-lifecycle.ts), matched here the same way: only ASCII letters
   * are upper-cased, as SQLite's upper() does. Instants compare as text by their bytes, as on SQLite.
   */
  const search = async (q: TAccessQuery): Promise<TAccessRecord[]> => {
    const values: unknown[] = [];
    const bind = (value: unknown) => {
      values.push(value);
      return `$${values.length}`;
    };
    const where: string[] = [`a.area_id = ${bind(q.areaId)}`];
    if (q.caseId !== undefined) where.push(`a.case_id = ${bind(q.caseId)}`);
    if (q.caseRef !== undefined) {
      where.push(
        `'C-' || translate(substr(replace(a.case_id, '-', ''), 1, 6), 'abcdefghijklmnopqrstuvwxyz', 'ABCDEFGHIJKLMNOPQRSTUVWXYZ') = ${bind(q.caseRef.toUpperCase())}`,
      );
    }
    if (q.userId !== undefined) where.push(`a.user_id = ${bind(q.userId)}`);
    if (q.from !== undefined) where.push(`a.at COLLATE "C" >= ${bind(q.from)}`);
    if (q.to !== undefined) where.push(`a.at COLLATE "C" < ${bind(q.to)}`);
    if (q.beforeId !== undefined) where.push(`a.id < ${bind(q.beforeId)}`);
    if (q.actions && q.actions.length > 0) where.push(`a.action = ANY(${bind([...q.actions])}::text[])`);
    const { rows } = await pool.query<TAccessRecord>(
      `SELECT a.id, a.user_id AS "userId", a.role, a.case_id AS "caseId", a.action, a.at, a.source,
              u.username, u.display_name AS "displayName", u.organisation_id AS "organisationId"
         FROM access_log a LEFT JOIN users u ON u.id = a.user_id
        WHERE ${where.join(' AND ')}
        ORDER BY a.id DESC LIMIT ${bind(q.limit)}`,
      values,
    );
    return rows;
  };

  return {
    record: async (entry) => {
      await append([entry]);
    },
    recordMany: async (entries) => {
      if (entries.length > 0) await append(entries);
    },
    forCase: async (caseId) =>
      (
        await pool.query<{ userId: string; role: string; action: string; at: string; source: string }>(
          'SELECT user_id AS "userId", role, action, at, source FROM access_log WHERE case_id = $1 ORDER BY id',
          [caseId],
        )
      ).rows,
    search,
  };
}
