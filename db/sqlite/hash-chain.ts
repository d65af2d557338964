import { CHAIN_KEY, chainHash, createChainWalker, GENESIS_HASH, type TChainValue } from '../hash-chain';
import type { TChainHead, TChainReport, TChainedLog } from '../repositories';
import type { TSqlite } from './sqlite-types';

/**
 * The hash chains on SQLite (R-IG-AUDIT; the chain itself is in db/hash-chain.ts). UPDATE and DELETE are
 * refused by triggers (migration 0006), and so is an insert that clashes with a row already there, which
 * INSERT OR REPLACE would otherwise delete without firing them (migration 0008).
 */
export { CHAIN_COLUMNS, GENESIS_HASH, chainHash, sealRow, type TChainValue } from '../hash-chain';

/** The triggers that make each log append-only (migration 0006: no update or delete; 0008: no replace). */
export const APPEND_ONLY_TRIGGERS: Record<TChainedLog, readonly string[]> = {
  events: ['events_no_update', 'events_no_delete', 'events_no_replace', 'events_no_replace_version'],
  access_log: ['access_log_no_update', 'access_log_no_delete', 'access_log_no_replace'],
};

/** The words of `events_no_replace_version` (migration 0008): the stream already has that version. */
export const STREAM_VERSION_TAKEN = 'this stream already has an event with this version';

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
  const key = CHAIN_KEY[log];
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
      `SELECT ${CHAIN_KEY[log]} AS key, hash FROM ${log} ORDER BY ${CHAIN_KEY[log]} DESC LIMIT 1`,
    );
  const statements = { events: last('events'), access_log: last('access_log') };
  return (log) => {
    const row = statements[log].get();
    return row ? { log, key: Number(row.key), hash: row.hash } : { log, key: 0, hash: GENESIS_HASH };
  };
}

/**
 * Walks one log from its first row (db/hash-chain.ts), and checks that the append-only triggers are still
 * there. Stops at the first broken link.
 */
export function verifyChain(sqlite: TSqlite, log: TChainedLog, find: readonly number[] = []): TChainReport {
  const walker = createChainWalker(log, find);
  const rows = sqlite
    .prepare<[], Record<string, TChainValue>>(`SELECT * FROM ${log} ORDER BY ${CHAIN_KEY[log]}`)
    .iterate();
  for (const row of rows) if (!walker.push(row)) break;
  const present = new Set(
    sqlite
      .prepare<[string], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ?")
      .all(log)
      .map((t) => t.name),
  );
  return walker.report(APPEND_ONLY_TRIGGERS[log].filter((t) => !present.has(t)));
}
