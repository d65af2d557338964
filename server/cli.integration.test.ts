import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { createSqliteStore } from '@db/sqlite/sqlite-store';
import { ADMIN_HISTORY_TYPES } from '@shared/rules/admin-history';

const run = promisify(execFile);
let dir = '';
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** Runs `npm run admin -- …` as an operator of the server would, against one database file. */
async function admin(db: string, ...args: string[]): Promise<{ out: string; code: number }> {
  try {
    const { stdout } = await run(process.execPath, ['--import', 'tsx', 'server/cli/admin.ts', ...args], {
      env: { ...process.env, CONCORDAT_DB: db, LOG_LEVEL: 'silent' },
    });
    return { out: stdout, code: 0 };
  } catch (error) {
    const e = error as { stdout: string; stderr: string; code: number };
    return { out: `${e.stdout}${e.stderr}`, code: e.code };
  }
}

describe('administration from the command line', () => {
  it('sets up an area by script and recovers a locked-out administrator, recording its own events', async () => {
    dir = mkdtempSync(join(tmpdir(), 'concordat-cli-'));
    const db = join(dir, 'c.db');
    expect((await admin(db, 'create-area', '--name', 'North Vale', '--code', 'nv')).code).toBe(0);
    expect((await admin(db, 'create-organisation', '--name', 'North Vale Trust', '--kind', 'nhs-trust')).code).toBe(0);
    const created = await admin(
      db,
      ...[
        'create-user',
        '--username',
        'ada',
        '--name',
        'Ada Admin',
        '--role',
        'admin',
        '--organisation',
        'north vale trust',
      ],
    );
    expect(created.code).toBe(0);
    expect(created.out).toMatch(/Temporary password \(shown once; to be changed at first login\): [A-Z2-9-]{19}/);

    const csv = join(dir, 'staff.csv');
    writeFileSync(
      csv,
      'username,display_name,role,organisation\nolu,Olu,operator,North Vale Trust\nbad,Bad,chief,North Vale Trust\n',
    );
    const dry = await admin(db, 'import-users', csv, '--dry-run');
    expect(dry.code).toBe(1);
    expect(dry.out).toMatch(/line 3 +ERROR +bad: role "chief"/);

    const reset = await admin(db, 'reset-password', 'ada', '--reason', 'Locked out; identity checked by phone');
    expect(reset.out).toMatch(/New temporary password for ada/);
    expect((await admin(db, 'reset-mfa', 'ada', '--reason', 'Lost phone')).out).toMatch(
      /has no authenticator to reset/,
    );
    expect((await admin(db, 'disable-user', 'nobody', '--reason', 'x')).code).toBe(1);
    const list = await admin(db, 'list-users');
    expect(list.out).toMatch(/ada +admin +Ada Admin — North Vale Trust \[no MFA, temporary password\]/);

    const store = createSqliteStore(db);
    try {
      const [area] = await store.areas.list();
      const history = await store.streams.recentEvents(
        area?.id ?? '',
        ADMIN_HISTORY_TYPES,
        Number.MAX_SAFE_INTEGER,
        20,
      );
      expect(history.map((e) => e.type).reverse()).toEqual([
        'area.created',
        'organisation.created',
        'user.created',
        'user.temporary-password-set',
      ]);
      expect(history[0]?.actor.name).toMatch(/^Command line \(/);
      expect(await store.accounts.counts()).toEqual({ demo: 0, real: 1 });
    } finally {
      await store.close();
    }
  }, 60_000);

  it('will not put a real area into the demo’s database', async () => {
    dir = mkdtempSync(join(tmpdir(), 'concordat-cli-'));
    const db = join(dir, 'demo.db');
    const { seedDemoUsers } = await import('./demo/seed-demo-area');
    const { startApp } = await import('./app');
    const { ZConfig } = await import('./config');
    const app = await startApp(
      ZConfig.parse({ PORT: '0', CONCORDAT_DB: db, LOG_LEVEL: 'silent', CONCORDAT_DEMO: 'true' }),
    );
    await seedDemoUsers(app.services, 'crisis-care-demo');
    await app.close();
    const refused = await admin(db, 'create-area', '--name', 'Real', '--code', 'RL');
    expect(refused.code).toBe(1);
    expect(refused.out).toMatch(/holds the demo/);
  }, 60_000);
});
