import { fileURLToPath } from 'node:url';
import { drizzle } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';
import type { TPgPool, TPgQueryable } from './pg-types';

const MIGRATIONS = fileURLToPath(new URL('./migrations', import.meta.url));

const INT8 = 20;
/**
 * bigint columns (sequence numbers, epoch milliseconds) read as numbers: every value the store keeps is
 * far below 2^53. Other types as the driver reads them (json parsed, text as is).
 */
const readInt8 = (value: string): number => Number(value);
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8 ? readInt8 : (pg.types.getTypeParser(oid, format) as unknown)) as typeof pg.types.getTypeParser,
};

/**
 * Connects to the PostgreSQL database at `url` and brings its schema up to date with the committed
 * migrations (db/postgres/migrations). Several servers may start at once: drizzle's migrator runs each
 * migration in a transaction, and an advisory lock keeps two nodes from migrating together.
 */
export async function openPostgres(url: string, options: { max?: number } = {}): Promise<TPgPool> {
  const pool = new pg.Pool({ connectionString: url, types, max: options.max ?? 10 });
  // An idle client that loses its connection (the server restarted) is dropped, not a crash.
  pool.on('error', () => undefined);
  const client = await pool.connect().catch(async (error: unknown) => {
    await pool.end();
    throw new Error(
      `PostgreSQL at ${redactUrl(url)} could not be reached (${error instanceof Error ? error.message : String(error)}).`,
    );
  });
  try {
    await client.query('SELECT pg_advisory_lock(7301000)');
    await migrate(drizzle(client), { migrationsFolder: MIGRATIONS });
  } catch (error) {
    client.release(true);
    await pool.end();
    const cause = error instanceof Error && error.cause instanceof Error ? error.cause.message : String(error);
    throw new Error(`PostgreSQL at ${redactUrl(url)} could not be brought up to date (${cause}). Nothing was changed.`);
  }
  await client.query('SELECT pg_advisory_unlock(7301000)');
  client.release();
  return pool;
}

/** A connection string fit for a log line: the password left out. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'the configured database';
  }
}

/**
 * Runs `fn` in one transaction on one client: committed if it resolves, rolled back if it throws (and the
 * error passed on); with `lock`, under that transaction-scoped advisory lock (pg-types.ts LOG_LOCK). A client whose connection failed is discarded, not returned to the pool.
 */
export async function inTransaction<T>(
  pool: TPgPool,
  fn: (db: TPgQueryable) => Promise<T>,
  options: { lock?: number } = {},
): Promise<T> {
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    // An advisory lock taken as the transaction begins, in the same round trip (the lock key is a number
    // from code, never input).
    await client.query(
      options.lock === undefined ? 'BEGIN' : `BEGIN; SELECT pg_advisory_xact_lock(${Math.trunc(options.lock)})`,
    );
    const result = await fn(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch((e: unknown) => {
      broken = e instanceof Error ? e : new Error(String(e));
    });
    throw error;
  } finally {
    client.release(broken);
  }
}
