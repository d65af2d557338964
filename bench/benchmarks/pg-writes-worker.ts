import pg from 'pg';
import { openPostgres } from '@db/postgres/connection';
import { asOneStatement, LOG_LOCK } from '@db/postgres/pg-types';
import { createPostgresStore } from '@db/postgres/postgres-store';
import { HEAD_AND_COMMAND } from '@db/postgres/stream-store';
import { freshDatabase, startTestPostgres } from '@db/postgres/test-postgres';
import { decideCreate, evolve } from '@shared/rules/case-lifecycle';
import { aContext, aCreateRequest } from '@shared/rules/test-fixtures';
import type { TCaseCard } from '@shared/schemas/case';
import { caseUpdate, createOneCard } from '../lib/case-update';
import { forSecondsAwaited } from '../lib/raw-writes';

const SECONDS = Number(process.env.WRITES_SECONDS ?? 3);
const ctx = aContext('operator');

/** Durable updates through the PostgreSQL store: lock, idempotency, load, decide, append, project. */
async function storeLayer(url: string): Promise<number> {
  const store = await createPostgresStore(url);
  const caseId = await createOneCard(store, ctx);
  let version = 1;
  const rate = await forSecondsAwaited(SECONDS, async (i) => {
    await store.cases.execute(caseUpdate(caseId, version, { summary: `update ${i}` }, ctx));
    version++;
  });
  await store.close();
  return rate;
}

/**
 * The baseline: the very SQL the store sends for a case update — the transaction begun under the log's
 * lock, the command and head check, the card read, one statement writing the event, the command and the
 * card, the commit — as a bare `pg` loop whose values are built once (only the ids and numbers change).
 * A new summary changes nothing search or the reports read, so the store leaves the card's search row
 * and facts row alone (db/card-side-rows.ts) and so does this loop. What the store adds over it is its
 * own work: deciding, folding, hashing, JSON.
 */
async function sameSqlLoop(url: string): Promise<number> {
  const pool = await openPostgres(url, { max: 1 });
  const card = sampleCard();
  const cardJson = JSON.stringify(card);
  const payload = JSON.stringify({ changes: { summary: 'update 1' } });
  const now = new Date().toISOString();
  const hash = 'f'.repeat(64);
  const client = await pool.connect();
  const rate = await forSecondsAwaited(SECONDS, async (i) => {
    const commandId = crypto.randomUUID();
    await client.query(`BEGIN; SELECT pg_advisory_xact_lock(${LOG_LOCK.events})`);
    await client.query(HEAD_AND_COMMAND, [commandId]);
    await client.query('SELECT card FROM cases WHERE id = $1', [card.id]);
    const write = asOneStatement([
      {
        text: `INSERT INTO events (seq, stream_id, stream_kind, stream_version, area_id, type, payload, actor_id, actor_name,
          actor_role, command_id, occurred_at, prev_hash, hash) VALUES ($1, $2, 'case', $3, $4, 'case.updated', $5, 'u', 'User',
          'operator', $6, $7, $8, $8)`,
        values: [i + 1, card.id, i + 1, card.areaId, payload, commandId, now, hash],
      },
      {
        text: 'INSERT INTO commands (command_id, name, actor_id, stream_id, last_seq, applied_at) VALUES ($1, $2, $3, $4, $5, $6)',
        values: [commandId, 'case:update', 'u', card.id, i + 1, now],
      },
      {
        text: `INSERT INTO cases (id, area_id, status, priority, version, created_at, updated_at, card)
          VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
          ON CONFLICT (id) DO UPDATE SET status = excluded.status, priority = excluded.priority,
            version = excluded.version, updated_at = excluded.updated_at, card = excluded.card`,
        values: [card.id, card.areaId, card.status, card.priority, i + 1, now, now, cardJson],
      },
    ]);
    await client.query(write.text, write.values);
    await client.query('COMMIT');
  });
  client.release();
  await pool.end();
  return rate;
}

/** A smaller loop for comparison: five statements (no lock, search or facts), as the SQLite baseline. */
async function minimalLoop(url: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query(`CREATE TABLE raw_events (seq bigint PRIMARY KEY, stream_id text NOT NULL, stream_version integer NOT NULL,
      area_id text NOT NULL, type text NOT NULL, payload text NOT NULL, actor_id text NOT NULL, actor_name text NOT NULL,
      actor_role text NOT NULL, command_id text NOT NULL, occurred_at text NOT NULL);
    CREATE UNIQUE INDEX raw_events_stream_version_uq ON raw_events (stream_id, stream_version);
    CREATE TABLE raw_commands (command_id text PRIMARY KEY, name text NOT NULL, actor_id text NOT NULL, stream_id text NOT NULL,
      last_seq bigint NOT NULL, applied_at text NOT NULL);
    CREATE TABLE raw_cases (id text PRIMARY KEY, area_id text NOT NULL, status text NOT NULL, priority text NOT NULL,
      version integer NOT NULL, created_at text NOT NULL, updated_at text NOT NULL, card json NOT NULL);`);
  const card = JSON.stringify(sampleCard());
  const payload = JSON.stringify({ changes: { summary: 'update 1' } });
  const now = new Date().toISOString();
  await client.query(`INSERT INTO raw_cases VALUES ('case-1', 'area', 'open', 'urgent', 1, $1, $1, $2)`, [now, card]);
  const rate = await forSecondsAwaited(SECONDS, async (i) => {
    const commandId = crypto.randomUUID();
    await client.query('BEGIN');
    await client.query('SELECT name FROM raw_commands WHERE command_id = $1', [commandId]);
    await client.query('SELECT card FROM raw_cases WHERE id = $1', ['case-1']);
    await client.query('INSERT INTO raw_events VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)', [
      i + 2,
      'case-1',
      i + 2,
      'area',
      'case.updated',
      payload,
      'u',
      'User',
      'operator',
      commandId,
      now,
    ]);
    await client.query(
      `INSERT INTO raw_cases VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (id) DO UPDATE SET status = excluded.status,
         priority = excluded.priority, version = excluded.version, updated_at = excluded.updated_at, card = excluded.card`,
      ['case-1', 'area', 'open', 'urgent', i + 2, now, now, card],
    );
    await client.query('INSERT INTO raw_commands VALUES ($1, $2, $3, $4, $5, $6)', [
      commandId,
      'case:update',
      'u',
      'case-1',
      i + 2,
      now,
    ]);
    await client.query('COMMIT');
  });
  await client.end();
  return rate;
}

function sampleCard(): TCaseCard {
  const caseId = crypto.randomUUID();
  return evolve(null, {
    ...decideCreate(aCreateRequest(), caseId, ctx),
    seq: 1,
    caseId,
    version: 1,
    at: new Date().toISOString(),
    actor: ctx.actor,
    commandId: 'c',
  });
}

const postgres = await startTestPostgres();
try {
  const run = async (loop: (url: string) => Promise<number>) => {
    const db = await freshDatabase(postgres.url);
    const rate = await loop(db.url);
    await db.drop();
    return rate;
  };
  const minimal = await run(minimalLoop);
  const baseline = await run(sameSqlLoop);
  const ours = await run(storeLayer);
  process.send?.({ type: 'result', result: { ours, baseline, minimal } });
} finally {
  await postgres.stop();
}
process.disconnect?.();
