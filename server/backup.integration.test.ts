import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { checkDatabase, claimDatabase, restoreDatabase } from '@db/sqlite/backup';
import { createSqliteStore } from '@db/sqlite/sqlite-store';
import { evolve } from '@shared/rules/case-lifecycle';
import type { TCommandResult } from '@shared/schemas/case';
import { expectJson, newCard, startTestServer, type TTestServer } from './test-support';

let server: TTestServer | null = null;
const folders: string[] = [];
afterEach(async () => {
  await server?.close();
  server = null;
  for (const f of folders.splice(0)) rmSync(f, { recursive: true, force: true });
});

const folder = () => {
  const f = mkdtempSync(join(tmpdir(), 'concordat-backup-'));
  folders.push(f);
  return f;
};

/** `npm run backup` / `npm run restore` as an operator runs them, on a database of their choosing. */
function cli(args: string[], database: string): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn('npx', ['tsx', 'server/cli/backup.ts', ...args], {
      env: { ...process.env, CONCORDAT_DB: database, LOG_LEVEL: 'silent' },
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.on('exit', (code) => resolve({ code, out }));
  });
}

describe('backups that restore (R-OPS-BACKUP)', () => {
  it('a backup taken while cards are being written restores to a consistent database: chains intact, every card acknowledged before it present, projections equal to a fold of the log', async () => {
    server = await startTestServer();
    const operator = await server.login('operator');
    const acknowledged: { id: string; at: number }[] = [];
    let writing = true;
    const writer = (async () => {
      while (writing) {
        const res = await server.http(operator, '/cases', { method: 'POST', body: newCard() });
        const { card } = await expectJson<TCommandResult>(res, 201);
        acknowledged.push({ id: card.id, at: performance.now() });
      }
    })();
    while (acknowledged.length < 30) await new Promise((r) => setTimeout(r, 5));

    // Taken by `npm run backup` in its own process, while this one keeps committing cards.
    const target = join(folder(), 'backup.db');
    const startedAt = performance.now();
    const backup = await cli(['backup', target], server.databasePath);
    const during = acknowledged.length;
    while (acknowledged.length < during + 10) await new Promise((r) => setTimeout(r, 5));
    writing = false;
    await writer;
    expect(backup.code).toBe(0);
    expect(acknowledged.filter((a) => a.at > startedAt).length).toBeGreaterThan(10);

    const check = checkDatabase(target);
    expect(check.isSound).toBe(true);
    expect(check.integrity).toBe('ok');
    expect(check.chains.map((c) => c.broken)).toEqual([null, null]);

    // Put back as a database of its own, and opened as the server would open it.
    const restoredPath = join(folder(), 'restored.db');
    await restoreDatabase(target, restoredPath);
    const store = createSqliteStore(restoredPath);
    try {
      for (const { id } of acknowledged.filter((a) => a.at < startedAt))
        expect(await store.cases.get(id)).not.toBeNull();
      // Cards written after it began are either wholly in it or wholly not: never half a command.
      const held = (await Promise.all(acknowledged.map((a) => store.cases.get(a.id)))).filter((c) => c !== null);
      expect(held.length).toBeLessThan(acknowledged.length);
      expect(await store.cases.headSeq()).toBe(check.lastSeq);
      const before = await Promise.all(held.map((c) => store.cases.get(c.id)));
      expect(await store.cases.rebuildProjection(evolve)).toBe(held.length);
      expect(await Promise.all(held.map((c) => store.cases.get(c.id)))).toEqual(before);
      const chains = await store.integrity.verifyChains();
      expect(chains.map((c) => c.broken)).toEqual([null, null]);
    } finally {
      await store.close();
    }
  });

  it('npm run backup and npm run restore: a restore is refused while a server holds the database or when the backup fails its check, and keeps the files it replaces', async () => {
    server = await startTestServer();
    const operator = await server.login('operator');
    await expectJson(await server.http(operator, '/cases', { method: 'POST', body: newCard() }), 201);
    const dir = folder();

    const backup = await cli(['backup', join(dir, 'nightly.db')], server.databasePath);
    expect(backup.out).toMatch(/events chain intact/);
    expect(backup.code).toBe(0);

    // A server holds the target database: nothing is replaced.
    const live = join(dir, 'live.db');
    writeFileSync(live, 'the live database');
    const release = claimDatabase(live);
    const refused = await cli(['restore', join(dir, 'nightly.db')], live);
    release();
    expect(refused.out).toMatch(/is using .*live\.db: stop it, then restore/);
    expect(refused.code).toBe(1);
    expect(readFileSync(live, 'utf8')).toBe('the live database');

    // A backup altered after it was taken fails its check.
    const altered = join(dir, 'altered.db');
    const raw = readFileSync(join(dir, 'nightly.db'));
    writeFileSync(altered, raw);
    const { default: Database } = await import('better-sqlite3');
    const db = new Database(altered);
    db.exec('DROP TRIGGER events_no_update');
    db.close();
    const badCheck = await cli(['restore', altered], live);
    expect(badCheck.out).toMatch(/failed its check; nothing was changed/);
    expect(badCheck.code).toBe(1);

    const restored = await cli(['restore', join(dir, 'nightly.db')], live);
    expect(restored.code).toBe(0);
    expect(restored.out).toMatch(/The files it replaced are kept: .*live\.db\.before-restore-/);
    const store = createSqliteStore(live);
    expect(await store.cases.headSeq()).toBeGreaterThan(0);
    await store.close();
    expect(existsSync(`${live}.server-pid`)).toBe(false);

    // A copy made by copying files (the database and its write-ahead log) restores with the log's changes.
    const files = join(dir, 'files.db');
    copyFileSync(server.databasePath, files);
    if (existsSync(`${server.databasePath}-wal`)) copyFileSync(`${server.databasePath}-wal`, `${files}-wal`);
    const expected = checkDatabase(files).lastSeq;
    expect(expected).toBeGreaterThan(0);
    await restoreDatabase(files, join(dir, 'from-files.db'));
    const fromFiles = createSqliteStore(join(dir, 'from-files.db'));
    expect(await fromFiles.cases.headSeq()).toBe(expected);
    await fromFiles.close();
  });
});
