import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { serverWithHistory as withHistory } from './audit-test-support';
import { createChainHeadLog } from './jobs/chain-heads';
import type { TServices } from './services';
import { expectJson, serversOnAClock, type TTestServer } from './test-support';

const run = promisify(execFile);
const servers = serversOnAClock();
/** A server with some history on a database file that outlives it, to be edited behind its back. */
const serverWithHistory = (clock: { now: number }) => withHistory(servers, clock, servers.durableDatabase('audit.db'));

/** Runs `npm run audit:verify` as an operator of the server would, against one database file. */
async function auditVerify(db: string, args: string[] = []): Promise<{ out: string; code: number }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', 'server/cli/audit-verify.ts', ...args], {
      env: { ...process.env, CONCORDAT_DB: db, LOG_LEVEL: 'silent' },
    });
    return { out: `${stdout}${stderr}`, code: 0 };
  } catch (error) {
    const e = error as { stdout: string; stderr: string; code: number };
    return { out: `${e.stdout}${e.stderr}`, code: e.code };
  }
}

describe('audit you can trust: append-only, hash-chained logs (R-IG-AUDIT)', () => {
  it('R-IG-AUDIT: npm run audit:verify proves both chains of the running server’s database', async () => {
    const clock = { now: Date.parse('2026-12-01T09:00:00Z') };
    const { server } = await serverWithHistory(clock);
    const verified = await auditVerify(server.databasePath);
    expect(verified.code).toBe(0);
    expect(verified.out).toMatch(/ok event log \(events\): \d+ rows checked, chain intact, head [0-9a-f]{64}/);
    expect(verified.out).toMatch(/ok access log \(access_log\): [1-9]\d* rows checked, chain intact/);
    expect(verified.out).toMatch(/Both logs verify\./);
  });

  it('R-IG-AUDIT: the database itself refuses UPDATE and DELETE on the event log and the access log', async () => {
    const clock = { now: Date.parse('2026-12-01T09:00:00Z') };
    const { server } = await serverWithHistory(clock);
    const db = new Database(server.databasePath);
    try {
      expect(() => db.prepare("UPDATE events SET payload = '{}' WHERE seq = 1").run()).toThrow(/append-only/);
      expect(() => db.prepare('DELETE FROM events').run()).toThrow(/append-only/);
      expect(() => db.prepare("UPDATE access_log SET user_id = 'someone-else'").run()).toThrow(/append-only/);
      expect(() => db.prepare('DELETE FROM access_log WHERE id = 1').run()).toThrow(/append-only/);
    } finally {
      db.close();
    }
    expect((await auditVerify(server.databasePath)).code).toBe(0);
  });

  it('R-IG-AUDIT: an event altered behind the triggers’ back is caught, naming the log, the row and why', async () => {
    const clock = { now: Date.parse('2026-12-01T09:00:00Z') };
    const { server, card } = await serverWithHistory(clock);
    await server.close();
    const db = new Database(server.databasePath);
    const seq = (
      db.prepare("SELECT seq FROM events WHERE stream_id = ? AND type = 'case.updated'").get(card.id) as { seq: number }
    ).seq;
    db.exec('DROP TRIGGER events_no_update');
    // Someone downgrades the priority in the record, leaving the hashes as they were.
    db.prepare("UPDATE events SET payload = replace(payload, 'emergency', 'routine') WHERE seq = ?").run(seq);
    db.close();
    const verified = await auditVerify(server.databasePath);
    expect(verified.code).toBe(1);
    expect(verified.out).toMatch(
      new RegExp(`BROKEN event log \\(events\\) at row seq ${seq}: its content does not match its hash`),
    );
    expect(verified.out).toMatch(/Verification FAILED/);
  });

  it('R-IG-AUDIT: an access-log entry removed behind the triggers’ back breaks the link of the one after it', async () => {
    const clock = { now: Date.parse('2026-12-01T09:00:00Z') };
    const { server, operator, card } = await serverWithHistory(clock);
    // Two more openings of the card, so there is an entry after the one removed.
    await expectJson(await server.http(operator.cookie, `/cases/${card.id}`));
    await expectJson(await server.http(operator.cookie, `/cases/${card.id}`));
    await server.close();
    const db = new Database(server.databasePath);
    const ids = (db.prepare('SELECT id FROM access_log ORDER BY id').all() as { id: number }[]).map((r) => r.id);
    const removed = ids[ids.length - 2] ?? 0;
    db.exec('DROP TRIGGER access_log_no_delete');
    db.prepare('DELETE FROM access_log WHERE id = ?').run(removed);
    db.close();
    const verified = await auditVerify(server.databasePath);
    expect(verified.code).toBe(1);
    expect(verified.out).toMatch(/ok event log \(events\)/);
    expect(verified.out).toMatch(
      new RegExp(
        `BROKEN access log \\(access_log\\) at row id ${ids[ids.length - 1]}: it does not link to the row before it`,
      ),
    );
  });

  it('R-IG-AUDIT: a log whose append-only triggers were dropped does not verify, even with its chain intact', async () => {
    const clock = { now: Date.parse('2026-12-01T09:00:00Z') };
    const { server } = await serverWithHistory(clock);
    await server.close();
    const db = new Database(server.databasePath);
    db.exec('DROP TRIGGER access_log_no_update');
    db.close();
    const verified = await auditVerify(server.databasePath);
    expect(verified.code).toBe(1);
    expect(verified.out).toMatch(/UNGUARDED access log \(access_log\): .* access_log_no_update are missing/);
  });

  it('R-IG-AUDIT: INSERT OR REPLACE, INSERT OR IGNORE and upserts that clash with a row are refused on both logs and change nothing', async () => {
    const clock = { now: Date.parse('2026-12-01T09:00:00Z') };
    const { server } = await serverWithHistory(clock);
    await server.close();
    const db = new Database(server.databasePath);
    try {
      const before = { events: rowsOf(db, 'events'), access_log: rowsOf(db, 'access_log') };
      const event = before.events[0] ?? {};
      const entry = before.access_log[0] ?? {};
      const nextSeq = Math.max(...before.events.map((r) => Number(r.seq))) + 1;
      // Same key, a stream and version of its own, so only the key clashes.
      const forged = { ...event, stream_id: 'forged-stream', payload: '{"forged":true}' };
      const insertInto =
        (log: string) =>
        (verb: string, row: Record<string, unknown>, tail = '') => {
          const columns = Object.keys(row);
          const values = columns.map((c) => `@${c}`);
          return db
            .prepare(`${verb} INTO ${log} (${columns.join(', ')}) VALUES (${values.join(', ')}) ${tail}`)
            .run(row);
        };
      const insertEvent = insertInto('events');
      const insertEntry = insertInto('access_log');

      // The same key: REPLACE would delete the row without firing the DELETE trigger.
      expect(() => insertEvent('INSERT OR REPLACE', forged)).toThrow(/events is append-only: a row cannot be replaced/);
      expect(() => insertEvent('REPLACE', forged)).toThrow(/append-only/);
      // A new seq but the same stream version: REPLACE would delete the row holding it through the unique index.
      expect(() => insertEvent('INSERT OR REPLACE', { ...event, seq: nextSeq, payload: '{}' })).toThrow(
        /events is append-only: this stream already has an event with this version/,
      );
      expect(() => insertEntry('INSERT OR REPLACE', { ...entry, user_id: 'someone-else' })).toThrow(
        /access_log is append-only: a row cannot be replaced/,
      );
      for (const tail of ['ON CONFLICT DO NOTHING', 'ON CONFLICT (seq) DO UPDATE SET payload = excluded.payload']) {
        expect(() => insertEvent('INSERT', forged, tail)).toThrow(/append-only/);
      }
      expect(() => insertEvent('INSERT OR IGNORE', forged)).toThrow(/append-only/);
      expect(() =>
        insertEntry('INSERT', { ...entry, user_id: 'x' }, 'ON CONFLICT (id) DO UPDATE SET user_id = excluded.user_id'),
      ).toThrow(/append-only/);
      expect(() => insertEntry('INSERT OR IGNORE', entry)).toThrow(/append-only/);

      expect({ events: rowsOf(db, 'events'), access_log: rowsOf(db, 'access_log') }).toEqual(before);
    } finally {
      db.close();
    }
    expect((await auditVerify(server.databasePath)).code).toBe(0);
  });

  it('R-IG-AUDIT: without the no-replace triggers an upsert is still an UPDATE and refused; the missing triggers are named by verify', async () => {
    const clock = { now: Date.parse('2026-12-01T09:00:00Z') };
    const { server } = await serverWithHistory(clock);
    await server.close();
    const db = new Database(server.databasePath);
    try {
      db.exec(
        'DROP TRIGGER events_no_replace; DROP TRIGGER events_no_replace_version; DROP TRIGGER access_log_no_replace',
      );
      const before = rowsOf(db, 'events');
      expect(() =>
        db
          .prepare(
            "INSERT INTO events SELECT * FROM events WHERE seq = 1 ON CONFLICT (seq) DO UPDATE SET payload = '{}'",
          )
          .run(),
      ).toThrow(/events is append-only: a row cannot be changed/);
      expect(rowsOf(db, 'events')).toEqual(before);
    } finally {
      db.close();
    }
    const verified = await auditVerify(server.databasePath);
    expect(verified.code).toBe(1);
    expect(verified.out).toMatch(
      /UNGUARDED event log \(events\): .* events_no_replace, events_no_replace_version are missing/,
    );
    expect(verified.out).toMatch(/UNGUARDED access log \(access_log\): .* access_log_no_replace are missing/);
  });

  it('R-IG-AUDIT: --expect with the heads the server logged passes while the logs are whole', async () => {
    const clock = { now: Date.parse('2026-12-01T09:00:00Z') };
    const { server } = await serverWithHistory(clock);
    const heads = await loggedHeads(server);
    expect(heads.map((h) => h.log)).toEqual(['events', 'access_log']);
    const verified = await auditVerify(
      server.databasePath,
      heads.flatMap((h) => ['--expect', h.expect]),
    );
    expect(verified.code).toBe(0);
    for (const head of heads) {
      expect(verified.out).toContain(`ok expected head ${head.expect}: `);
    }
    expect(verified.out).toMatch(/Both logs verify\. Every expected head is in them\./);
  });

  it('R-IG-AUDIT: rows cut from the end behind the triggers’ back verify on their own, but fail against the logged head', async () => {
    const clock = { now: Date.parse('2026-12-01T09:00:00Z') };
    const { server } = await serverWithHistory(clock);
    const heads = await loggedHeads(server);
    await server.close();
    const db = new Database(server.databasePath);
    // Someone able to write the file drops the delete guards, cuts the last row of each log and puts the
    // guards back: what is left is a whole chain with whole triggers.
    for (const [log, key] of [
      ['events', 'seq'],
      ['access_log', 'id'],
    ] as const) {
      const trigger = db
        .prepare<[string], { sql: string }>("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?")
        .get(`${log}_no_delete`);
      db.exec(`DROP TRIGGER ${log}_no_delete`);
      db.exec(`DELETE FROM ${log} WHERE ${key} = (SELECT MAX(${key}) FROM ${log})`);
      db.exec(trigger?.sql ?? '');
    }
    db.close();
    expect((await auditVerify(server.databasePath)).code).toBe(0);

    const verified = await auditVerify(
      server.databasePath,
      heads.flatMap((h) => ['--expect', h.expect]),
    );
    expect(verified.code).toBe(1);
    const [events, accessLog] = heads;
    expect(verified.out).toContain(
      `FAILED expected head ${events?.expect}: the event log (events) ends at seq ${(events?.key ?? 0) - 1}, before row seq ${events?.key}: rows were removed from its end`,
    );
    expect(verified.out).toContain(
      `FAILED expected head ${accessLog?.expect}: the access log (access_log) ends at id ${(accessLog?.key ?? 0) - 1}, before row id ${accessLog?.key}: rows were removed from its end`,
    );
    expect(verified.out).toMatch(/Verification FAILED/);
  });

  it('R-IG-AUDIT: --expect fails for a hash the chain does not have at that row, and refuses a malformed head', async () => {
    const clock = { now: Date.parse('2026-12-01T09:00:00Z') };
    const { server } = await serverWithHistory(clock);
    const [events, accessLog] = await loggedHeads(server);
    const unknown = `events:${events?.key}:${'ab'.repeat(32)}`;
    const verified = await auditVerify(server.databasePath, ['--expect', accessLog?.expect ?? '', '--expect', unknown]);
    expect(verified.code).toBe(1);
    expect(verified.out).toContain(`ok expected head ${accessLog?.expect}: `);
    expect(verified.out).toContain(
      `FAILED expected head ${unknown}: row seq ${events?.key} of the event log (events) now has hash ${events?.hash}, not the one recorded`,
    );
    expect(verified.out).toMatch(/Verification FAILED/);

    const malformed = await auditVerify(server.databasePath, ['--expect', 'events:12:not-a-hash']);
    expect(malformed.code).toBe(2);
    expect(malformed.out).toMatch(/"events:12:not-a-hash" is not a head/);
  });
});

/** Every row of one log in key order. */
function rowsOf(db: Database.Database, log: 'events' | 'access_log'): Record<string, unknown>[] {
  return db.prepare(`SELECT * FROM ${log} ORDER BY ${log === 'events' ? 'seq' : 'id'}`).all() as Record<
    string,
    unknown
  >[];
}

/** The heads a running server writes to its log (`audit chain head` lines), as an operator would keep them. */
async function loggedHeads(server: TTestServer) {
  const lines: { log: string; key: number; hash: string; expect: string }[] = [];
  const logger = {
    info: (line: { log: string; key: number; hash: string; expect: string }, message: string) => {
      if (message === 'audit chain head') lines.push(line);
    },
  } as unknown as TServices['logger'];
  await createChainHeadLog({ store: server.app.services.store, logger })();
  return lines;
}
