import { afterEach, beforeEach, describe, expect, inject, it } from 'vitest';
import { openPostgres } from './connection';
import type { TPgPool } from './pg-types';
import { freshDatabase } from './test-postgres';

describe('PostgreSQL schema', () => {
  let pool: TPgPool;
  let drop: () => Promise<void>;
  beforeEach(async () => {
    const db = await freshDatabase(inject('postgresUrl'));
    drop = db.drop;
    pool = await openPostgres(db.url);
  });
  afterEach(async () => {
    await pool.end();
    await drop();
  });

  it('is created by the committed migrations, and opening again changes nothing', async () => {
    const tables = await pool.query<{ table_name: string }>(
      "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name",
    );
    expect(tables.rows.map((r) => r.table_name)).toEqual(
      expect.arrayContaining(['events', 'cases', 'case_search', 'users', 'sessions', 'access_log', 'capacity_facts']),
    );
    const again = await openPostgres(pool.options.connectionString ?? '');
    await again.end();
  });

  it('R-IG-AUDIT: the event log and the access log refuse update, delete and truncate', async () => {
    await pool.query(
      `INSERT INTO events (seq, stream_id, stream_kind, stream_version, area_id, type, payload, actor_id, actor_name,
         actor_role, command_id, occurred_at, prev_hash, hash)
       VALUES (1, 's', 'case', 1, 'a', 't', '{}', 'u', 'n', 'operator', 'c', '2026-01-01T00:00:00.000Z', '', '')`,
    );
    await expect(pool.query("UPDATE events SET type = 'x'")).rejects.toThrow(/append-only/);
    await expect(pool.query('DELETE FROM events')).rejects.toThrow(/append-only/);
    await expect(pool.query('TRUNCATE events')).rejects.toThrow(/append-only/);
    await expect(pool.query('TRUNCATE access_log')).rejects.toThrow(/append-only/);
    expect((await pool.query('SELECT count(*)::int AS n FROM events')).rows[0]).toEqual({ n: 1 });
  });
});
