import { createHash } from 'node:crypto';
import type { TAccessEntry, TChainReport, TChainedLog } from './repositories';

/**
 * The hash chains of the append-only logs (R-IG-AUDIT), the same on every backend. Each row of `events`
 * and of `access_log` carries `prev_hash`, the hash of the row before it in the same log (64 zeros for the
 * first), and `hash`:
 *
 *     hash = hex(SHA-256(prev_hash + "\n" + JSON.stringify([log, ...the row's columns in CHAIN_COLUMNS order])))
 *
 * Integers are JSON numbers, text is a JSON string. The chain is computed inside the transaction that
 * appends the row, which holds the log's write lock, so it is linear; the backend's triggers refuse
 * UPDATE and DELETE. Altering, removing or reordering a row breaks the link to the row after it, which
 * the walker below finds.
 */
export const GENESIS_HASH = '0'.repeat(64);

/** Every column a row's hash covers, in order (everything but the two hash columns). */
export const CHAIN_COLUMNS = {
  events: [
    'seq',
    'stream_id',
    'stream_kind',
    'stream_version',
    'area_id',
    'type',
    'payload',
    'actor_id',
    'actor_name',
    'actor_role',
    'command_id',
    'occurred_at',
  ],
  access_log: ['id', 'user_id', 'role', 'case_id', 'action', 'at', 'area_id', 'source'],
} as const satisfies Record<TChainedLog, readonly string[]>;

export type TChainValue = string | number | bigint | null;

/** The hash of one row given the previous row's hash and the row's values in CHAIN_COLUMNS order. */
export function chainHash(log: TChainedLog, prevHash: string, values: readonly TChainValue[]): string {
  const canonical = JSON.stringify([log, ...values.map((v) => (typeof v === 'bigint' ? Number(v) : v))]);
  return createHash('sha256').update(prevHash).update('\n').update(canonical).digest('hex');
}

/** String.prototype.isWellFormed / toWellFormed (ES2024, in Node 20), not yet in this project's TypeScript lib. */
type TWellFormed = { isWellFormed(): boolean; toWellFormed(): string };
const wellFormed = (text: string): string => {
  const s = text as unknown as TWellFormed;
  return s.isWellFormed() ? text : s.toWellFormed();
};

/**
 * A row ready to append: text made well-formed (a lone UTF-16 surrogate becomes U+FFFD, as it would read
 * back from SQLite's UTF-8 anyway), and its link and hash.
 */
export function sealRow<TRow extends Record<string, string | number>>(
  log: TChainedLog,
  prevHash: string,
  row: TRow,
): TRow & { prev_hash: string; hash: string } {
  const clean: Record<string, string | number> = { ...row };
  const values: TChainValue[] = [];
  for (const column of CHAIN_COLUMNS[log]) {
    const value = clean[column];
    if (typeof value === 'string') clean[column] = wellFormed(value);
    values.push(clean[column] ?? null);
  }
  const hash = chainHash(log, prevHash, values);
  return { ...(clean as TRow), prev_hash: prevHash, hash };
}

/** Each log's key column. */
/** An access-log row as appended: its chained columns, its link and its hash. */
export type TSealedAccessRow = Record<
  (typeof CHAIN_COLUMNS.access_log)[number] | 'prev_hash' | 'hash',
  string | number
>;

/**
 * A batch of access entries as the log's next rows, each linked to the one before, from the chain's head
 * (`next` id and `prevHash`). An entry that names no area takes its card's (`areaOfCase`).
 */
export function sealAccessRows(
  entries: readonly TAccessEntry[],
  head: { next: number; prevHash: string },
  areaOfCase: (caseId: string) => string,
): TSealedAccessRow[] {
  let prevHash = head.prevHash;
  return entries.map((e, i) => {
    const sealed = sealRow('access_log', prevHash, {
      id: head.next + i,
      user_id: e.userId,
      role: e.role,
      case_id: e.caseId,
      action: e.action,
      at: e.at,
      area_id: e.areaId ?? (e.caseId ? areaOfCase(e.caseId) : ''),
      source: e.source ?? '',
    });
    prevHash = sealed.hash;
    return sealed;
  });
}

export const CHAIN_KEY: Record<TChainedLog, 'seq' | 'id'> = { events: 'seq', access_log: 'id' };

/**
 * Walks one log from its first row, a row at a time in key order (a backend may read it in pages): each
 * row must link to the one before and its hash must match its content. `push` returns false at the first
 * broken link; `report` says how far the chain verified, which row broke and why, and the hashes of the
 * rows keyed in `find` found in the verified part.
 */
export function createChainWalker(log: TChainedLog, find: readonly number[] = []) {
  const key = CHAIN_KEY[log];
  const columns = CHAIN_COLUMNS[log];
  const wanted = new Set(find);
  const found: TChainReport['found'] = [];
  let expectedPrev = GENESIS_HASH;
  let headKey = 0;
  let rows = 0;
  let broken: TChainReport['broken'] = null;
  return {
    push(row: Record<string, TChainValue>): boolean {
      if (broken) return false;
      const rowKey = Number(row[key]);
      if (row.prev_hash !== expectedPrev) {
        broken = {
          row: rowKey,
          reason:
            rows === 0
              ? 'the first row does not start the chain (rows before it were removed, or its link was altered)'
              : `it does not link to the row before it (expected previous hash ${expectedPrev.slice(0, 12)}…, found ${String(row.prev_hash).slice(0, 12)}…): a row was removed, inserted or altered`,
        };
        return false;
      }
      const hash = chainHash(
        log,
        expectedPrev,
        columns.map((c) => row[c] ?? null),
      );
      if (row.hash !== hash) {
        broken = {
          row: rowKey,
          reason: 'its content does not match its hash: the row was altered after it was written',
        };
        return false;
      }
      if (wanted.has(rowKey)) found.push({ key: rowKey, hash });
      expectedPrev = hash;
      headKey = rowKey;
      rows += 1;
      return true;
    },
    report(missingGuards: readonly string[]): TChainReport {
      return {
        log,
        rows,
        head: expectedPrev,
        headKey,
        found,
        broken,
        ...(broken === null && missingGuards.length > 0 ? { missingGuards: [...missingGuards] } : {}),
      };
    },
  };
}
