import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
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
  await copyDatabase(path, target);
  return checkDatabase(target);
}

/**
 * SQLite's online backup of `path` (its main file and any write-ahead log beside it) into `target`,
 * a new file readable by this user only from its first byte: it holds password hashes and MFA secrets.
 */
async function copyDatabase(path: string, target: string): Promise<void> {
  // `wx`: refuses a file that exists; 0600 before any page is written.
  writeFileSync(target, '', { mode: 0o600, flag: 'wx' });
  const source = new Database(path, { readonly: true, fileMustExist: true });
  try {
    source.pragma('busy_timeout = 5000');
    // Every remaining page in the next step: one read transaction, one moment.
    await source.backup(target, { progress: () => ALL_PAGES });
  } finally {
    source.close();
  }
  chmodSync(target, 0o600);
  // One self-contained file, not a write-ahead log waiting beside it.
  const copy = new Database(target);
  copy.pragma('journal_mode = DELETE');
  copy.close();
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
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
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
  } catch (error) {
    // EPERM: alive, but another user's. Only "no such process" means it is gone.
    return (error as NodeJS.ErrnoException).code === 'ESRCH' ? null : pid;
  }
}

/**
 * Puts a checked backup in place of the database at `path`. Refuses a backup that fails its check and a
 * database a server is using. The backup is copied through SQLite (so a write-ahead log beside it is
 * included) into a new file beside the database, checked again, and only then renamed into place; the
 * files it replaces are kept beside it, renamed, never deleted. Every session in it is ended: sessions
 * revoked since the backup was taken must not come back, and everyone signs in afresh.
 */
export async function restoreDatabase(
  backup: string,
  path: string,
  now: Date = new Date(),
): Promise<{ check: TDatabaseCheck; setAside: string[] }> {
  if (!checkDatabase(backup).isSound) throw new Error(`${backup} failed its check; nothing was changed.`);
  const server = runningServer(path);
  if (server !== null) throw new Error(`A server (process ${server}) is using ${path}: stop it, then restore.`);
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const stamp = now.toISOString().replace(/[-:]/g, '').replace(/\..*/, '');
  const incoming = `${path}.restoring-${stamp}`;
  await copyDatabase(backup, incoming);
  const db = new Database(incoming);
  db.exec('DELETE FROM sessions');
  db.close();
  const check = checkDatabase(incoming);
  if (!check.isSound) {
    rmSync(incoming, { force: true });
    throw new Error(`The copy of ${backup} failed its check; nothing was changed.`);
  }
  const setAside: string[] = [];
  for (const suffix of ['', '-wal', '-shm']) {
    const file = `${path}${suffix}`;
    if (!existsSync(file)) continue;
    const aside = `${path}.before-restore-${stamp}${suffix}`;
    renameSync(file, aside);
    setAside.push(aside);
  }
  renameSync(incoming, path);
  return { check: { ...check, path }, setAside };
}
