import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from './connection';
import {
  APPEND_ONLY_TRIGGERS,
  CHAIN_COLUMNS,
  chainHash,
  createChainHead,
  GENESIS_HASH,
  registerChainFunction,
  sealRow,
  verifyChain,
} from './sqlite/hash-chain';
import { createSqliteStore } from './sqlite/sqlite-store';

const MIGRATIONS = fileURLToPath(new URL('./migrations', import.meta.url));
let dir = '';
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/**
 * A database as the version before accounts left it (migrations 0000–0002 only), with a demo user who
 * is logged in: what a developer's ./data/concordat.db looks like on upgrading.
 */
function databaseBeforeAccounts(path: string): void {
  const sqlite = databaseAfterMigrations(path, 3);
  sqlite.exec(`
    INSERT INTO areas (id, name) VALUES ('kestrel-vale', 'Kestrel Vale');
    INSERT INTO users (id, username, display_name, role, organisation, area_id, password_hash, created_at)
      VALUES ('demo-operator', 'operator', 'Olu', 'operator', 'Kestrel Vale Crisis Line', 'kestrel-vale', 'scrypt$x', '2026-11-01T00:00:00Z');
    INSERT INTO sessions (token_hash, user_id, created_at, expires_at)
      VALUES ('h1', 'demo-operator', '2026-11-01T00:00:00Z', '2099-01-01T00:00:00Z');
  `);
  sqlite.close();
}

/** A database with only the first `count` migrations applied, as an older version left it. */
function databaseAfterMigrations(path: string, count: number): Database.Database {
  const folder = join(dir, `old-migrations-${count}`);
  mkdirSync(join(folder, 'meta'), { recursive: true });
  const journal = JSON.parse(readFileSync(join(MIGRATIONS, 'meta', '_journal.json'), 'utf8')) as {
    entries: { tag: string }[];
  };
  const old = journal.entries.slice(0, count);
  writeFileSync(join(folder, 'meta', '_journal.json'), JSON.stringify({ ...journal, entries: old }));
  for (const entry of old) copyFileSync(join(MIGRATIONS, `${entry.tag}.sql`), join(folder, `${entry.tag}.sql`));
  const sqlite = new Database(path);
  sqlite.pragma('foreign_keys = ON');
  // As the server's connection has it: migration 0006 calls it.
  registerChainFunction(sqlite);
  migrate(drizzle(sqlite), { migrationsFolder: folder });
  return sqlite;
}

describe('migrations', () => {
  it('R-IG-AUDIT: a database from before the audit chain is hashed in order, verifies, and is append-only from then on', async () => {
    dir = mkdtempSync(join(tmpdir(), 'concordat-migrate-'));
    const path = join(dir, 'before-chain.db');
    const old = databaseAfterMigrations(path, 6);
    const insertEvent = old.prepare(
      `INSERT INTO events (stream_id, stream_kind, stream_version, area_id, type, payload, actor_id, actor_name, actor_role, command_id, occurred_at)
       VALUES (?, 'case', ?, 'kv', ?, ?, 'u1', 'Olu', 'operator', ?, ?)`,
    );
    insertEvent.run(
      'case-1',
      1,
      'case.created',
      '{"summary":"Caller on the bridge \u2014 \\"help\\""}',
      'c1',
      '2026-11-01T00:00:00Z',
    );
    insertEvent.run('case-1', 2, 'case.note-added', '{"text":"line one\nline two"}', 'c2', '2026-11-01T00:01:00Z');
    insertEvent.run('case-2', 1, 'case.created', '{}', 'c3', '2026-11-01T00:02:00Z');
    old.exec(`
      INSERT INTO cases (id, area_id, status, priority, version, created_at, updated_at, card)
        VALUES ('case-1', 'kv', 'open', 'urgent', 2, '2026-11-01T00:00:00Z', '2026-11-01T00:01:00Z',
          '{"id":"case-1","ref":"C-CA5E01","areaId":"kv","caller":null,"summary":null,"location":{"description":"Bridge"},"person":{"name":null,"age":{"kind":"unknown"},"nhsNumber":null}}');
      INSERT INTO access_log (user_id, role, case_id, action, at) VALUES ('u1', 'operator', 'case-1', 'view', '2026-11-01T00:03:00Z');
      INSERT INTO access_log (user_id, role, case_id, action, at) VALUES ('u2', 'duty-manager', 'gone', 'view', '2026-11-01T00:04:00Z');
    `);
    old.close();

    const { sqlite } = openDatabase(path);
    try {
      const first = sqlite.prepare('SELECT * FROM events ORDER BY seq LIMIT 1').get() as Record<
        string,
        string | number
      >;
      expect(first.prev_hash).toBe(GENESIS_HASH);
      expect(first.hash).toBe(
        chainHash('events', GENESIS_HASH, [
          1,
          'case-1',
          'case',
          1,
          'kv',
          'case.created',
          '{"summary":"Caller on the bridge \u2014 \\"help\\""}',
          'u1',
          'Olu',
          'operator',
          'c1',
          '2026-11-01T00:00:00Z',
        ]),
      );
      expect(verifyChain(sqlite, 'events')).toMatchObject({ rows: 3, broken: null });
      expect(verifyChain(sqlite, 'access_log')).toMatchObject({ rows: 2, broken: null });
      expect(sqlite.prepare('SELECT area_id FROM access_log ORDER BY id').all()).toEqual([
        { area_id: 'kv' },
        { area_id: '' },
      ]);
      expect(() => sqlite.prepare("UPDATE events SET payload = '{}' WHERE seq = 1").run()).toThrow(/append-only/);
      expect(() => sqlite.prepare('DELETE FROM events WHERE seq = 3').run()).toThrow(/append-only/);
      expect(() => sqlite.prepare("UPDATE access_log SET user_id = 'x'").run()).toThrow(/append-only/);
      expect(() => sqlite.prepare('DELETE FROM access_log').run()).toThrow(/append-only/);
    } finally {
      sqlite.close();
    }

    // What the server appends next links to the migrated head.
    const store = createSqliteStore(path);
    try {
      await store.accessLog.record({
        userId: 'u1',
        role: 'operator',
        caseId: 'case-1',
        action: 'view',
        at: '2026-11-02T00:00:00Z',
      });
      expect(await store.integrity.verifyChains()).toMatchObject([
        { log: 'events', rows: 3, broken: null },
        { log: 'access_log', rows: 3, broken: null },
      ]);
    } finally {
      await store.close();
    }
  });

  it('R-IG-AUDIT: a database at 0007 migrates to 0008 with its chains intact, and refuses a replacing insert from then on', async () => {
    dir = mkdtempSync(join(tmpdir(), 'concordat-migrate-'));
    const path = join(dir, 'at-0007.db');
    const old = databaseAfterMigrations(path, 8);
    // Rows appended and chained as the server at 0007 appends them: key given, sealed on the head.
    const append = (log: 'events' | 'access_log', rows: Record<string, string | number>[]) => {
      const head = createChainHead(old, log);
      const insert = old.prepare(
        `INSERT INTO ${log} (${CHAIN_COLUMNS[log].join(', ')}, prev_hash, hash)
         VALUES (${CHAIN_COLUMNS[log].map((c) => `@${c}`).join(', ')}, @prev_hash, @hash)`,
      );
      for (const row of rows) {
        const { next, prevHash } = head();
        insert.run(sealRow(log, prevHash, { [log === 'events' ? 'seq' : 'id']: next, ...row }));
      }
    };
    const event = (version: number, type: string) => ({
      stream_id: 'case-1',
      stream_kind: 'case',
      stream_version: version,
      area_id: 'kv',
      type,
      payload: '{}',
      actor_id: 'u1',
      actor_name: 'Olu',
      actor_role: 'operator',
      command_id: `c${version}`,
      occurred_at: `2026-11-01T00:0${version}:00Z`,
    });
    append('events', [event(1, 'case.created'), event(2, 'case.updated'), event(3, 'case.note-added')]);
    const entry = (n: number) => ({
      user_id: 'u1',
      role: 'operator',
      case_id: 'case-1',
      action: 'view',
      at: `2026-11-01T00:1${n}:00Z`,
      area_id: 'kv',
      source: 'session:s1',
    });
    append('access_log', [entry(1), entry(2)]);
    const before = [verifyChain(old, 'events'), verifyChain(old, 'access_log')];
    expect(before).toMatchObject([
      { rows: 3, broken: null, missingGuards: ['events_no_replace', 'events_no_replace_version'] },
      { rows: 2, broken: null, missingGuards: ['access_log_no_replace'] },
    ]);
    old.close();

    const { sqlite } = openDatabase(path);
    try {
      const after = [verifyChain(sqlite, 'events'), verifyChain(sqlite, 'access_log')];
      expect(after).toEqual(before.map(({ missingGuards: _, ...report }) => report));
      const triggers = sqlite
        .prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'trigger' ORDER BY name")
        .all()
        .map((t) => t.name);
      expect(triggers).toEqual([...APPEND_ONLY_TRIGGERS.access_log, ...APPEND_ONLY_TRIGGERS.events].sort());
      expect(() => sqlite.prepare('INSERT OR REPLACE INTO events SELECT * FROM events WHERE seq = 3').run()).toThrow(
        /append-only/,
      );
      expect(() =>
        sqlite.prepare('INSERT OR REPLACE INTO access_log SELECT * FROM access_log WHERE id = 1').run(),
      ).toThrow(/append-only/);
    } finally {
      sqlite.close();
    }

    // The server appends after the migrated heads as before.
    const store = createSqliteStore(path);
    try {
      await store.accessLog.record({
        userId: 'u2',
        role: 'duty-manager',
        caseId: 'case-1',
        action: 'view',
        at: '2026-11-02T00:00:00Z',
      });
      expect(await store.integrity.verifyChains()).toMatchObject([
        { log: 'events', rows: 3, headKey: 3, broken: null },
        { log: 'access_log', rows: 3, headKey: 3, broken: null },
      ]);
    } finally {
      await store.close();
    }
  });

  it('bring a database from before accounts up to date: sessions end, passwords move to credentials, it is marked as the demo', () => {
    dir = mkdtempSync(join(tmpdir(), 'concordat-migrate-'));
    const path = join(dir, 'old.db');
    databaseBeforeAccounts(path);
    const { sqlite } = openDatabase(path);
    try {
      expect(sqlite.prepare('SELECT COUNT(*) AS n FROM sessions').get()).toEqual({ n: 0 });
      expect(sqlite.prepare('SELECT user_id, password_hash FROM credentials').all()).toEqual([
        { user_id: 'demo-operator', password_hash: 'scrypt$x' },
      ]);
      expect(sqlite.prepare('SELECT is_demo, organisation_id FROM users').get()).toEqual({
        is_demo: 1,
        organisation_id: 'Kestrel Vale Crisis Line',
      });
      // No short code: the server refuses such a database at start and says how to start afresh.
      expect(sqlite.prepare('SELECT short_code FROM areas').get()).toEqual({ short_code: '' });
    } finally {
      sqlite.close();
    }
  });

  it('cards projected before safety information and break-glass existed are given none recorded', () => {
    dir = mkdtempSync(join(tmpdir(), 'concordat-migrate-'));
    const path = join(dir, 'cards.db');
    const before = databaseAfterMigrations(path, 6);
    before
      .prepare(
        `INSERT INTO cases (id, area_id, status, priority, version, created_at, updated_at, card) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        'c1',
        'a',
        'open',
        'urgent',
        1,
        '2026-11-01T00:00:00Z',
        '2026-11-01T00:00:00Z',
        JSON.stringify({ id: 'c1', summary: 'x', notes: [{ text: 'old copy' }] }),
      );
    before.close();
    const { sqlite } = openDatabase(path);
    try {
      const row = sqlite.prepare('SELECT card FROM cases').get() as { card: string };
      expect(JSON.parse(row.card)).toEqual({
        id: 'c1',
        summary: 'x',
        safety: { weapons: false, violence: false, addressHazards: false, note: '' },
        breakGlass: [],
      });
    } finally {
      sqlite.close();
    }
  });

  it('a database that cannot be brought up to date is refused with words, not a raw SQL error', () => {
    dir = mkdtempSync(join(tmpdir(), 'concordat-migrate-'));
    const path = join(dir, 'broken.db');
    const sqlite = new Database(path);
    // A table in the way of the first migration.
    sqlite.exec('CREATE TABLE access_log (nonsense TEXT)');
    sqlite.close();
    expect(() => openDatabase(path)).toThrow(/could not be brought up to date .* Nothing was changed/);
  });
});
