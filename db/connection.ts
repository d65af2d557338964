import { chmodSync, existsSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import * as schema from './schema';
import { registerChainFunction } from './sqlite/hash-chain';

const MIGRATIONS = fileURLToPath(new URL('./migrations', import.meta.url));

/**
 * Opens (creating if needed) the SQLite file with the durability settings every acknowledged change
 * relies on — WAL and synchronous=FULL — and applies committed migrations.
 */
export function openDatabase(path: string) {
  const isNew = path !== ':memory:' && !existsSync(path);
  // The database holds password hashes and MFA secrets: a new one is readable by the server's user only.
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const sqlite = new Database(path);
  if (isNew) chmodSync(path, 0o600);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  // Migration 0006 hashes the rows written before the logs were chained with the server's own function.
  registerChainFunction(sqlite);
  const db = drizzle(sqlite, { schema });
  try {
    migrate(db, { migrationsFolder: MIGRATIONS });
  } catch (error) {
    sqlite.close();
    const cause = error instanceof Error && error.cause instanceof Error ? error.cause.message : String(error);
    throw new Error(
      `The database ${path} could not be brought up to date (${cause}). Nothing was changed. ` +
        "If an earlier version's demo made it, delete it (or set CONCORDAT_DB to a new file) and start again.",
    );
  }
  return { sqlite, db };
}

export type TDatabase = ReturnType<typeof openDatabase>;
