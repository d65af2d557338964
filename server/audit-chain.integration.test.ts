import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { serverWithHistory as withHistory } from './audit-test-support';
import { expectJson, serversOnAClock } from './test-support';

const run = promisify(execFile);
const servers = serversOnAClock();
/** A server with some history on a database file that outlives it, to be edited behind its back. */
const serverWithHistory = (clock: { now: number }) => withHistory(servers, clock, servers.durableDatabase('audit.db'));

/** Runs `npm run audit:verify` as an operator of the server would, against one database file. */
async function auditVerify(db: string): Promise<{ out: string; code: number }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', 'server/cli/audit-verify.ts'], {
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
});
