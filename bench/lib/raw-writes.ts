import Database from 'better-sqlite3';
import { tempDb } from './temp';

/** Runs `step` as fast as it goes for `seconds`; returns steps per second. */
export function forSeconds(seconds: number, step: (i: number) => void): number {
  const end = performance.now() + seconds * 1000;
  let n = 0;
  while (performance.now() < end) step(n++);
  return n / seconds;
}

/**
 * Runs an asynchronous `step` one after another for `seconds`, each awaited before the next as the server
 * awaits each command; returns steps per second. (Not awaiting them leaves every step's promise and the
 * objects it holds alive until the loop ends: the heap then grows for the whole run, and the process pays
 * for fresh memory pages that a server answering one command at a time never asks for.)
 */
export async function forSecondsAwaited(seconds: number, step: (i: number) => Promise<unknown>): Promise<number> {
  const end = performance.now() + seconds * 1000;
  let n = 0;
  while (performance.now() < end) await step(n++);
  return n / seconds;
}

/** The same SQL with the same pragmas, as a bare prepared-statement loop with pre-built JSON. */
export function rawLoop(cardJson: string, payloadJson: string, seconds: number): number {
  const db = new Database(tempDb('writes-raw'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec(`CREATE TABLE events (seq INTEGER PRIMARY KEY AUTOINCREMENT, stream_id TEXT NOT NULL, stream_version INTEGER NOT NULL, area_id TEXT NOT NULL, type TEXT NOT NULL, payload TEXT NOT NULL, actor_id TEXT NOT NULL, actor_name TEXT NOT NULL, actor_role TEXT NOT NULL, command_id TEXT NOT NULL, occurred_at TEXT NOT NULL);
    CREATE UNIQUE INDEX events_stream_version_uq ON events (stream_id, stream_version);
    CREATE UNIQUE INDEX events_command_uq ON events (command_id, stream_id, stream_version);
    CREATE INDEX events_area_seq_idx ON events (area_id, seq);
    CREATE TABLE commands (command_id TEXT PRIMARY KEY, name TEXT NOT NULL, actor_id TEXT NOT NULL, stream_id TEXT NOT NULL, last_seq INTEGER NOT NULL, applied_at TEXT NOT NULL);
    CREATE TABLE cases (id TEXT PRIMARY KEY, area_id TEXT NOT NULL, status TEXT NOT NULL, priority TEXT NOT NULL, version INTEGER NOT NULL, created_at TEXT NOT NULL, updated_at TEXT NOT NULL, card TEXT NOT NULL);
    CREATE INDEX cases_area_status_idx ON cases (area_id, status);`);
  const findCommand = db.prepare('SELECT name FROM commands WHERE command_id = ?');
  const getCard = db.prepare('SELECT card FROM cases WHERE id = ?');
  const insertEvent = db.prepare(
    'INSERT INTO events (stream_id, stream_version, area_id, type, payload, actor_id, actor_name, actor_role, command_id, occurred_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const upsert = db.prepare(
    `INSERT INTO cases (id, area_id, status, priority, version, created_at, updated_at, card) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT(id) DO UPDATE SET status = excluded.status, priority = excluded.priority, version = excluded.version, updated_at = excluded.updated_at, card = excluded.card`,
  );
  const insertCommand = db.prepare(
    'INSERT INTO commands (command_id, name, actor_id, stream_id, last_seq, applied_at) VALUES (?, ?, ?, ?, ?, ?)',
  );
  const now = new Date().toISOString();
  upsert.run('case-1', 'area', 'open', 'urgent', 1, now, now, cardJson);
  const tx = db.transaction((i: number, commandId: string) => {
    findCommand.get(commandId);
    getCard.get('case-1');
    const info = insertEvent.run(
      'case-1',
      i + 2,
      'area',
      'case.updated',
      payloadJson,
      'u',
      'User',
      'operator',
      commandId,
      now,
    );
    upsert.run('case-1', 'area', 'open', 'urgent', i + 2, now, now, cardJson);
    insertCommand.run(commandId, 'case:update', 'u', 'case-1', Number(info.lastInsertRowid), now);
  });
  const rate = forSeconds(seconds, (i) => tx.immediate(i, crypto.randomUUID()));
  db.close();
  return rate;
}
