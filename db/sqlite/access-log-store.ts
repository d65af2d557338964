import type { TAccessEntry, TAccessLogRepository, TAccessQuery, TAccessRecord } from '../repositories';
import { CHAIN_COLUMNS, sealAccessRows, type TSealedAccessRow } from '../hash-chain';
import { createChainHead } from './hash-chain';
import type { TSqlite } from './sqlite-types';

/**
 * The access log on SQLite (R-IG-AUDIT): append-only and hash-chained in a chain of its own. Entries
 * are appended in one `BEGIN IMMEDIATE` transaction per batch, reading the chain's head inside it, so
 * the server and the command line never fork the chain.
 */
export function createAccessLogRepository(sqlite: TSqlite): TAccessLogRepository {
  const head = createChainHead(sqlite, 'access_log');
  const s = {
    insert: sqlite.prepare<[TSealedAccessRow]>(
      `INSERT INTO access_log (${CHAIN_COLUMNS.access_log.join(', ')}, prev_hash, hash)
       VALUES (${CHAIN_COLUMNS.access_log.map((c) => `@${c}`).join(', ')}, @prev_hash, @hash)`,
    ),
    areaOfCase: sqlite.prepare<[string], { area_id: string }>('SELECT area_id FROM cases WHERE id = ?'),
    forCase: sqlite.prepare<[string], { userId: string; role: string; action: string; at: string; source: string }>(
      'SELECT user_id AS userId, role, action, at, source FROM access_log WHERE case_id = ? ORDER BY id',
    ),
  };

  const append = sqlite.transaction((entries: readonly TAccessEntry[]) => {
    for (const row of sealAccessRows(entries, head(), (caseId) => s.areaOfCase.get(caseId)?.area_id ?? '')) {
      s.insert.run(row);
    }
  });

  /**
   * The viewer's query. Every condition is a fixed fragment with a bound value. A card's readable
   * reference is "C-" and the first six characters of its id without dashes, upper-cased
   * (`caseRefFromId` in shared/rules/case-lifecycle.ts), matched here the same way.
   */
  const search = (q: TAccessQuery): TAccessRecord[] => {
    const where: string[] = ['a.area_id = @areaId'];
    const params: Record<string, string | number> = { areaId: q.areaId, limit: q.limit };
    if (q.caseId !== undefined) {
      where.push('a.case_id = @caseId');
      params.caseId = q.caseId;
    }
    if (q.caseRef !== undefined) {
      where.push("'C-' || upper(substr(replace(a.case_id, '-', ''), 1, 6)) = @caseRef");
      params.caseRef = q.caseRef.toUpperCase();
    }
    if (q.userId !== undefined) {
      where.push('a.user_id = @userId');
      params.userId = q.userId;
    }
    if (q.from !== undefined) {
      where.push('a.at >= @from');
      params.from = q.from;
    }
    if (q.to !== undefined) {
      where.push('a.at < @to');
      params.to = q.to;
    }
    if (q.beforeId !== undefined) {
      where.push('a.id < @beforeId');
      params.beforeId = q.beforeId;
    }
    if (q.actions && q.actions.length > 0) {
      const names = q.actions.map((_, i) => `@action${i}`);
      where.push(`a.action IN (${names.join(', ')})`);
      q.actions.forEach((a, i) => (params[`action${i}`] = a));
    }
    return sqlite
      .prepare<[Record<string, string | number>], TAccessRecord>(
        `SELECT a.id, a.user_id AS userId, a.role, a.case_id AS caseId, a.action, a.at, a.source,
                u.username, u.display_name AS displayName, u.organisation_id AS organisationId
           FROM access_log a LEFT JOIN users u ON u.id = a.user_id
          WHERE ${where.join(' AND ')}
          ORDER BY a.id DESC LIMIT @limit`,
      )
      .all(params);
  };

  // async, so a failure is always a rejected promise, as a networked backend's would be.
  return {
    record: async (entry) => {
      append.immediate([entry]);
    },
    recordMany: async (entries) => {
      if (entries.length > 0) append.immediate(entries);
    },
    forCase: async (caseId) => s.forCase.all(caseId),
    search: async (query) => search(query),
  };
}
