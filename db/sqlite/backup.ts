import {
  chmodSync,
  copyFileSync,
  existsSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import Database from 'better-sqlite3';
import type { TChainReport } from '../repositories';
import { verifyChain } from './hash-chain';

/**
 * Backups of the SQLite database (R-OPS-BACKUP): a consistent copy taken while the server keeps
 * writing, checked before it is trusted, and put back in place of the live file only when no server
 * holds it. PostgreSQL's own tools do this for the PostgreSQL backend (docs/deploy).
 */

/** What a database file holds, checked: SQLite's own page check, both hash chains, and its size. */
export interface TDatabaseCheck {
  path: string;
  bytes: number;
  /** `ok`, or SQLite's first complaint. */
  integrity: string;
  chains: TChainReport[];
  /** The last event in the log (0 when empty), and the cards, services and units it holds. */
  lastSeq: number;
  counts: { events: number; cards: number; services: number; units: number };
  isSound: boolean;
}

const ALL_PAGES = 0x7fffffff;

/**
 * Copies the database at `path` to `target` through SQLite's online backup, from its own read-only
 * connection: the copy is one consistent moment however many commands commit meanwhile (every page is
 * asked for in one step, inside one read transaction; writers carry on beside it, as WAL allows).
 */
export async function backupDatabase(path: string, target: string): Promise<TDatabaseCheck> {
  if (!existsSync(path)) throw new Error(`No database at ${path}`);
  if (existsSync(target)) throw new Error(`${target} already exists: choose a new file`);
  const source = new Database(path, { readonly: true, fileMustExist: true });
  try {
    source.pragma('busy_timeout = 5000');
    // Every remaining page in the next step: one read transaction, one moment.
    await source.backup(target, { progress: () => ALL_PAGES });
  } finally {
    source.close();
  }
  // The copy holds what the live file holds: password hashes and MFA secrets.
  chmodSync(target, 0o600);
  // One self-contained file, not a write-ahead log waiting beside it.
  const copy = new Database(target);
  copy.pragma('journal_mode = DELETE');
  copy.close();
  return checkDatabase(target);
}

/** Checks a database file without changing it. */
export function checkDatabase(path: string): TDatabaseCheck {
  if (!existsSync(path)) throw new Error(`No database at ${path}`);
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    const integrity = String(db.pragma('integrity_check', { simple: true }));
    const chains = [verifyChain(db, 'events'), verifyChain(db, 'access_log')];
    const count = (table: string) =>
      Number((db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n);
    const lastSeq = Number((db.prepare('SELECT COALESCE(MAX(seq), 0) AS s FROM events').get() as { s: number }).s);
    return {
      path,
      bytes: statSync(path).size,
      integrity,
      chains,
      lastSeq,
      counts: { events: count('events'), cards: count('cases'), services: count('services'), units: count('units') },
      isSound: integrity === 'ok' && chains.every((c) => !c.broken && !c.missingGuards?.length),
    };
  } finally {
    db.close();
  }
}

/** The file a running server writes beside its database, so nothing replaces the file under it. */
export const serverPidPath = (path: string) => `${path}.server-pid`;

/** Records that this process serves the database; refuses when another live process already does. */
export function claimDatabase(path: string): () => void {
  const holder = runningServer(path);
  if (holder !== null && holder !== process.pid)
    throw new Error(`Another server (process ${holder}) is using ${path}: stop it first.`);
  writeFileSync(serverPidPath(path), String(process.pid), { mode: 0o600 });
  return () => {
    if (runningServer(path) === process.pid) rmSync(serverPidPath(path), { force: true });
  };
}

/** The process serving the database, if it is still alive (a file left by a killed server is not). */
export function runningServer(path: string): number | null {
  const file = serverPidPath(path);
  if (!existsSync(file)) return null;
  const pid = Number(readFileSync(file, 'utf8').trim());
  if (!Number.isInteger(pid) || pid <= 0) return null;
  try {
    process.kill(pid, 0);
    return pid;
  } catch {
    return null;
  }
}

/**
 * Puts a checked backup in place of the database at `path`. Refuses a backup that fails its check and a
 * database a server is using; the files it replaces are kept beside it, renamed, never deleted.
 */
export function restoreDatabase(
  backup: string,
  path: string,
  now: Date = new Date(),
): { check: TDatabaseCheck; setAside: string[] } {
  const check = checkDatabase(backup);
  if (!check.isSound) throw new Error(`${backup} failed its check; nothing was changed.`);
  const server = runningServer(path);
  if (server !== null) throw new Error(`A server (process ${server}) is using ${path}: stop it, then restore.`);
  const stamp = now.toISOString().replace(/[-:]/g, '').replace(/\..*/, '');
  const setAside: string[] = [];
  for (const suffix of ['', '-wal', '-shm']) {
    const file = `${path}${suffix}`;
    if (!existsSync(file)) continue;
    const aside = `${path}.before-restore-${stamp}${suffix}`;
    renameSync(file, aside);
    setAside.push(aside);
  }
  copyFileSync(backup, path);
  chmodSync(path, 0o600);
  return { check, setAside };
}
