import { createHash } from 'node:crypto';
import type { TChainHead, TChainReport, TChainedLog } from '../repositories';
import type { TSqlite } from './sqlite-types';

/**
 * The hash chains of the append-only logs (R-IG-AUDIT). Each row of `events` and of `access_log` carries
 * `prev_hash`, the hash of the row before it in the same log (64 zeros for the first), and `hash`:
 *
 *     hash = hex(SHA-256(prev_hash + "\n" + JSON.stringify([log, ...the row's columns in CHAIN_COLUMNS order])))
 *
 * Integers are JSON numbers, text is a JSON string. The chain is computed inside the transaction that
 * appends the row, so it is linear; UPDATE and DELETE are refused by triggers (migration 0006), and so is
 * an insert that clashes with a row already there, which INSERT OR REPLACE would otherwise delete without
 * firing them (migration 0008). Altering, removing or reordering a row breaks the link to the row after
 * it, which `verifyChain` finds.
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

const KEY: Record<TChainedLog, 'seq' | 'id'> = { events: 'seq', access_log: 'id' };

/** The triggers that make each log append-only (migration 0006: no update or delete; 0008: no replace). */
export const APPEND_ONLY_TRIGGERS: Record<TChainedLog, readonly string[]> = {
  events: ['events_no_update', 'events_no_delete', 'events_no_replace', 'events_no_replace_version'],
  access_log: ['access_log_no_update', 'access_log_no_delete', 'access_log_no_replace'],
};

/** The words of `events_no_replace_version` (migration 0008): the stream already has that version. */
export const STREAM_VERSION_TAKEN = 'this stream already has an event with this version';

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

/**
 * `concordat_chain_hash(log, prev_hash, ...values)` for SQL, so migration 0006 hashes the rows written
 * before the chain existed with exactly the function the server uses. Registered on every connection
 * before migrating.
 */
export function registerChainFunction(sqlite: TSqlite): void {
  sqlite.function('concordat_chain_hash', { deterministic: true, varargs: true }, (...args: unknown[]) => {
    const [log, prev, ...values] = args;
    if (log !== 'events' && log !== 'access_log') throw new Error(`No chained log called ${String(log)}`);
    return chainHash(log, String(prev), values as TChainValue[]);
  });
}

/**
 * The next key and the hash to link to, read inside the appending transaction. The key is given
 * explicitly on insert so it can be hashed; it is never below what AUTOINCREMENT would have chosen.
 */
export function createChainHead(sqlite: TSqlite, log: TChainedLog): () => { next: number; prevHash: string } {
  const key = KEY[log];
  const head = sqlite.prepare<[], { last: number; hash: string | null }>(
    `SELECT MAX(COALESCE((SELECT MAX(${key}) FROM ${log}), 0),
                COALESCE((SELECT seq FROM sqlite_sequence WHERE name = '${log}'), 0)) AS last,
            (SELECT hash FROM ${log} ORDER BY ${key} DESC LIMIT 1) AS hash`,
  );
  return () => {
    const row = head.get();
    return { next: (row?.last ?? 0) + 1, prevHash: row?.hash ?? GENESIS_HASH };
  };
}

/**
 * Each log's last row, key and hash (one lookup at the end of the primary key), for the server to write
 * to its own log so that a copy of the head lives away from the database (R-IG-AUDIT).
 */
export function createHeadReader(sqlite: TSqlite): (log: TChainedLog) => TChainHead {
  const last = (log: TChainedLog) =>
    sqlite.prepare<[], { key: number; hash: string }>(
      `SELECT ${KEY[log]} AS key, hash FROM ${log} ORDER BY ${KEY[log]} DESC LIMIT 1`,
    );
  const statements = { events: last('events'), access_log: last('access_log') };
  return (log) => {
    const row = statements[log].get();
    return row ? { log, key: Number(row.key), hash: row.hash } : { log, key: 0, hash: GENESIS_HASH };
  };
}

/**
 * Walks one log from its first row: each row must link to the one before and its hash must match its
 * content. Stops at the first broken link and says which row and why; also checks that the
 * append-only triggers are still there. The hashes of the rows keyed in `find` are reported when they
 * are in the verified part of the chain.
 */
export function verifyChain(sqlite: TSqlite, log: TChainedLog, find: readonly number[] = []): TChainReport {
  const key = KEY[log];
  const columns = CHAIN_COLUMNS[log];
  const wanted = new Set(find);
  const found: TChainReport['found'] = [];
  let expectedPrev = GENESIS_HASH;
  let headKey = 0;
  let rows = 0;
  const rowsInOrder = sqlite.prepare<[], Record<string, TChainValue>>(`SELECT * FROM ${log} ORDER BY ${key}`).iterate();
  for (const row of rowsInOrder) {
    const rowKey = Number(row[key]);
    if (row.prev_hash !== expectedPrev) {
      return {
        log,
        rows,
        head: expectedPrev,
        headKey,
        found,
        broken: {
          row: rowKey,
          reason:
            rows === 0
              ? 'the first row does not start the chain (rows before it were removed, or its link was altered)'
              : `it does not link to the row before it (expected previous hash ${expectedPrev.slice(0, 12)}…, found ${String(row.prev_hash).slice(0, 12)}…): a row was removed, inserted or altered`,
        },
      };
    }
    const hash = chainHash(
      log,
      expectedPrev,
      columns.map((c) => row[c] ?? null),
    );
    if (row.hash !== hash) {
      return {
        log,
        rows,
        head: expectedPrev,
        headKey,
        found,
        broken: {
          row: rowKey,
          reason: 'its content does not match its hash: the row was altered after it was written',
        },
      };
    }
    if (wanted.has(rowKey)) found.push({ key: rowKey, hash });
    expectedPrev = hash;
    headKey = rowKey;
    rows += 1;
  }
  const present = new Set(
    sqlite
      .prepare<[string], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ?")
      .all(log)
      .map((t) => t.name),
  );
  const missing = APPEND_ONLY_TRIGGERS[log].filter((t) => !present.has(t));
  return {
    log,
    rows,
    head: expectedPrev,
    headKey,
    found,
    broken: null,
    ...(missing.length > 0 ? { missingGuards: missing } : {}),
  };
}
