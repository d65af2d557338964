import { existsSync, readFileSync, statSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { startApp } from './app';
import { ZConfig } from './config';
import { prepareInstance } from './setup/prepare-instance';
import { setupTokenPath } from './setup/setup-mode';
import {
  ADMIN_PASSWORD,
  addAccount,
  cookieOf,
  expectJson,
  newCard,
  nextCode,
  serversOnAClock,
  setUpArea,
  type TClock,
} from './test-support';

const servers = serversOnAClock();

/** A server in setup mode (CONCORDAT_DEMO=false, empty database) on a hand-moved clock. */
async function firstRun(clock: TClock, env: Record<string, string> = {}) {
  return servers.at(clock, undefined, { firstRun: true, env: { CONCORDAT_DEMO: 'false', ...env } });
}

describe('first run without the demo', () => {
  it('waits for its first administrator with a one-time token, kept in a file only the server can read', async () => {
    const clock = { now: Date.parse('2026-12-01T09:00:00Z') };
    const server = await firstRun(clock);
    expect(await expectJson(await server.http(null, '/instance'))).toEqual({ mode: 'setup', isReady: true });
    const file = setupTokenPath(server.databasePath);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const printedToken = readFileSync(file, 'utf8').trim();
    expect(statSync(server.databasePath).mode & 0o777).toBe(0o600);

    const wrong = await server.http(null, '/setup', {
      method: 'POST',
      body: {
        token: 'guessed',
        areaName: 'North Vale',
        areaCode: 'NV',
        organisationName: 'Trust',
        organisationKind: 'nhs-trust',
        displayName: 'Eve',
        username: 'eve',
        password: ADMIN_PASSWORD,
      },
    });
    expect(wrong.status).toBe(403);
    expect(await server.app.services.store.accounts.counts()).toEqual({ demo: 0, real: 0 });

    const admin = await setUpArea(server, clock);
    expect(existsSync(file)).toBe(false);
    expect(await expectJson(await server.http(null, '/instance'))).toEqual({ mode: 'live', isReady: true });
    // The token is spent: the same link, with everything filled in properly, is refused.
    const again = await server.http(null, '/setup', {
      method: 'POST',
      body: {
        token: printedToken,
        areaName: 'Second',
        areaCode: 'SC',
        organisationName: 'Trust',
        organisationKind: 'nhs-trust',
        displayName: 'Eve',
        username: 'eve',
        password: ADMIN_PASSWORD,
      },
    });
    expect(again.status).toBe(403);
    const area = await expectJson<{ name: string; shortCode: string; isDemo: boolean }>(
      await server.http(admin.cookie, '/admin/area'),
    );
    expect(area).toMatchObject({ name: 'North Vale', shortCode: 'NV', isDemo: false });
  });

  it('the first administrator must enrol MFA before doing anything else', async () => {
    const clock = { now: Date.parse('2026-12-01T09:00:00Z') };
    const server = await firstRun(clock);
    const token = server.app.services.instance.setupToken ?? '';
    const res = await server.http(null, '/setup', {
      method: 'POST',
      body: {
        token,
        areaName: 'North Vale',
        areaCode: 'NV',
        organisationName: 'North Vale Trust',
        organisationKind: 'nhs-trust',
        displayName: 'Ada Admin',
        username: 'ada',
        password: ADMIN_PASSWORD,
      },
    });
    const cookie = cookieOf(res);
    expect(await expectJson(res, 201)).toMatchObject({ stage: 'enrol-mfa' });
    expect((await server.http(cookie, '/admin/users')).status).toBe(401);
    expect((await server.http(cookie, '/cases')).status).toBe(401);
    await expect(server.connect(cookie)).rejects.toThrow('UNAUTHENTICATED');
  });
});

describe('logging in with a second factor', () => {
  it('asks for the code after the password, accepts each code once, and takes a recovery code', async () => {
    const clock = { now: Date.parse('2026-12-01T09:00:00Z') };
    const server = await firstRun(clock);
    const admin = await setUpArea(server, clock);
    const nurse = await addAccount(server, clock, admin, { username: 'tess', role: 'triage-clinician' });

    const login = await server.http(null, '/session', {
      method: 'POST',
      body: { username: 'TESS', password: nurse.password },
    });
    const cookie = cookieOf(login);
    expect(await expectJson(login)).toMatchObject({ stage: 'mfa', username: 'tess' });
    expect((await server.http(cookie, '/cases')).status).toBe(401);

    const code = nextCode(nurse.secret, clock);
    const active = await server.http(cookie, '/session/mfa', { method: 'POST', body: { code } });
    expect(await expectJson(active)).toMatchObject({ stage: 'active', user: { username: 'tess' } });
    // Becoming active renews the token: the one seen before the second factor is worth nothing now.
    expect((await server.http(cookieOf(active), '/cases')).status).toBe(200);
    expect((await server.http(cookie, '/cases')).status).toBe(401);

    // The same code again, in another login within its window: refused (no replay).
    const second = cookieOf(
      await server.http(null, '/session', { method: 'POST', body: { username: 'tess', password: nurse.password } }),
    );
    const replay = await server.http(second, '/session/mfa', { method: 'POST', body: { code } });
    expect(replay.status).toBe(400);

    // Five codes are checked in one login (the replay was the first); the next ends it.
    for (let i = 0; i < 4; i++) {
      expect((await server.http(second, '/session/mfa', { method: 'POST', body: { code: '000000' } })).status).toBe(
        400,
      );
    }
    const sixth = await server.http(second, '/session/mfa', { method: 'POST', body: { code: '000000' } });
    expect(sixth.status).toBe(401);
  });

  it('recovery codes are shown once at enrolment and each works once', async () => {
    const clock = { now: Date.parse('2026-12-01T09:00:00Z') };
    const server = await firstRun(clock);
    const token = server.app.services.instance.setupToken ?? '';
    const cookie = cookieOf(
      await server.http(null, '/setup', {
        method: 'POST',
        body: {
          token,
          areaName: 'North Vale',
          areaCode: 'NV',
          organisationName: 'T',
          organisationKind: 'nhs-trust',
          displayName: 'Ada',
          username: 'ada',
          password: ADMIN_PASSWORD,
        },
      }),
    );
    const { secret } = await expectJson<{ secret: string; qrSvg: string }>(
      await server.http(cookie, '/session/mfa/enrolment', { method: 'POST' }),
    );
    const confirmed = await server.http(cookie, '/session/mfa/enrolment/confirm', {
      method: 'POST',
      body: { code: nextCode(secret, clock) },
    });
    const enrolled = await expectJson<{ recoveryCodes: string[]; session: { stage: string } }>(confirmed);
    expect(enrolled.recoveryCodes).toHaveLength(10);
    expect(enrolled.session.stage).toBe('active');
    const [code] = enrolled.recoveryCodes;

    const logInWith = async (text: string) => {
      const c = cookieOf(
        await server.http(null, '/session', { method: 'POST', body: { username: 'ada', password: ADMIN_PASSWORD } }),
      );
      return server.http(c, '/session/mfa', { method: 'POST', body: { code: text } });
    };
    expect((await logInWith(code?.toUpperCase() ?? '')).status).toBe(200);
    expect((await logInWith(code ?? '')).status).toBe(400);
    const history = await expectJson<{ entries: { text: string }[] }>(
      await server.http(cookieOf(confirmed), '/admin/history'),
    );
    expect(history.entries.map((e) => e.text)).toContain('Logged in with a recovery code (9 left)');
  });
});

describe('passwords', () => {
  it('refuses a short or common password with a reason, and changes nothing', async () => {
    const clock = { now: Date.parse('2026-12-01T09:00:00Z') };
    const server = await firstRun(clock);
    const admin = await setUpArea(server, clock);
    for (const weak of ['short', 'password1234', 'northvale2026', 'adaadmin1234']) {
      const res = await server.http(admin.cookie, '/session/password', {
        method: 'POST',
        body: { currentPassword: ADMIN_PASSWORD, newPassword: weak },
      });
      expect(res.status, weak).toBe(400);
      const body = (await res.json()) as { code: string; issues: { path: string }[] };
      expect(body.code).toBe('VALIDATION');
      expect(body.issues[0]?.path).toBe('newPassword');
    }
    const wrongCurrent = await server.http(admin.cookie, '/session/password', {
      method: 'POST',
      body: { currentPassword: 'not it at all', newPassword: 'amber falcon quietly drifts' },
    });
    expect(wrongCurrent.status).toBe(400);
    const login = await server.http(null, '/session', {
      method: 'POST',
      body: { username: 'ada', password: ADMIN_PASSWORD },
    });
    expect(login.status).toBe(200);
  });

  it('a person changes their password at will; their other sessions end', async () => {
    const clock = { now: Date.parse('2026-12-01T09:00:00Z') };
    const server = await firstRun(clock);
    const admin = await setUpArea(server, clock);
    const officer = await addAccount(server, clock, admin, { username: 'dan', role: 'police-officer' });
    const otherTab = await server.connect(officer.cookie);
    const secondLogin = cookieOf(
      await server.http(null, '/session', { method: 'POST', body: { username: 'dan', password: officer.password } }),
    );
    const active = await server.http(secondLogin, '/session/mfa', {
      method: 'POST',
      body: { code: nextCode(officer.secret, clock) },
    });
    await expectJson(active);
    const ended = new Promise((resolve) => otherTab.once('session:ended', resolve));
    await expectJson(
      await server.http(cookieOf(active), '/session/password', {
        method: 'POST',
        body: { currentPassword: officer.password, newPassword: 'copper meadow twelve lanterns' },
      }),
    );
    await ended;
    expect((await server.http(officer.cookie, '/cases')).status).toBe(401);
    expect((await server.http(cookieOf(active), '/cases')).status).toBe(200);
  });
});

describe('login limits', () => {
  it('an account refuses more attempts after ten, with the same words for a username that does not exist', async () => {
    const clock = { now: Date.parse('2026-12-01T09:00:00Z') };
    const server = await firstRun(clock);
    const admin = await setUpArea(server, clock);
    const nurse = await addAccount(server, clock, admin, { username: 'tess', role: 'triage-clinician' });
    const attempt = (username: string, password: string) =>
      server.http(null, '/session', { method: 'POST', body: { username, password } });
    const unknown = await (await attempt('nobody-here', 'wrong password')).json();
    const wrong = await (await attempt('ada', 'wrong password')).json();
    expect(unknown).toEqual(wrong);
    for (let i = 0; i < 8; i++) await attempt('ada', 'wrong password');
    // The tenth, sent together with more: each is counted before its password is checked, so none slips past.
    const burst = await Promise.all(Array.from({ length: 5 }, () => attempt('ada', ADMIN_PASSWORD)));
    expect(burst.map((r) => r.status).sort()).toEqual([200, 429, 429, 429, 429]);
    const blocked = await attempt('ada', ADMIN_PASSWORD);
    expect(blocked.status).toBe(429);
    expect(((await blocked.json()) as { code: string }).code).toBe('RATE_LIMITED');
    // The same for an account that does not exist: the limit says nothing about which usernames exist.
    for (let i = 0; i < 9; i++) await attempt('nobody-here', 'wrong password');
    expect((await attempt('nobody-here', 'x')).status).toBe(429);
    // Another account is not affected, and the window passes.
    expect((await attempt('tess', nurse.password)).status).toBe(200);
    clock.now += 16 * 60_000;
    expect((await attempt('ada', ADMIN_PASSWORD)).status).toBe(200);
  });

  it('one address cannot lock someone out of their account from everywhere', async () => {
    const clock = { now: Date.parse('2026-12-01T09:00:00Z') };
    const server = await firstRun(clock, { CONCORDAT_TRUST_PROXY: 'loopback' });
    await setUpArea(server, clock);
    const from = (address: string, password: string) =>
      fetch(`${server.app.url}/api/v1/session`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: server.origin, 'x-forwarded-for': address },
        body: JSON.stringify({ username: 'ada', password }),
      });
    for (let i = 0; i < 10; i++) await from('203.0.113.66', 'wrong password');
    expect((await from('203.0.113.66', ADMIN_PASSWORD)).status).toBe(429);
    expect((await from('198.51.100.10', ADMIN_PASSWORD)).status).toBe(200);
  });

  it('the per-address limit sees the real client behind a trusted proxy', async () => {
    const clock = { now: Date.parse('2026-12-01T09:00:00Z') };
    const server = await firstRun(clock, { CONCORDAT_LOGIN_LIMIT_PER_MINUTE: '3', CONCORDAT_TRUST_PROXY: 'loopback' });
    const from = (address: string) =>
      fetch(`${server.app.url}/api/v1/session`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: server.origin, 'x-forwarded-for': address },
        body: JSON.stringify({ username: 'x', password: 'y' }),
      });
    for (let i = 0; i < 3; i++) expect((await from('203.0.113.7')).status).toBe(401);
    expect((await from('203.0.113.7')).status).toBe(429);
    expect((await from('203.0.113.8')).status).toBe(401);
  });

  it('an idle session’s unlock is limited like a login, even when guesses are sent together', async () => {
    const clock = { now: Date.parse('2026-12-01T09:00:00Z') };
    const server = await firstRun(clock, { CONCORDAT_IDLE_LOCK_MINUTES: 'operator=30' });
    const admin = await setUpArea(server, clock);
    const operator = await addAccount(server, clock, admin, { username: 'olu', role: 'operator' });
    clock.now += 40 * 60_000;
    const unlock = (password: string) =>
      server.http(operator.cookie, '/session/unlock', { method: 'POST', body: { password } });
    const guesses = await Promise.all(Array.from({ length: 8 }, (_, i) => unlock(`guess number ${i}`)));
    // Five are checked in this session; the rest end it, and the right password then cannot bring it back.
    expect(guesses.filter((r) => r.status === 400)).toHaveLength(5);
    expect(guesses.filter((r) => r.status === 401)).toHaveLength(3);
    expect((await unlock(operator.password)).status).toBe(401);
  });
});

describe('idle lock', () => {
  it('locks a session left idle, keeps it locked for every path, and the password unlocks it', async () => {
    const clock = { now: Date.parse('2026-12-01T09:00:00Z') };
    const server = await firstRun(clock, { CONCORDAT_IDLE_LOCK_MINUTES: 'operator=30' });
    const admin = await setUpArea(server, clock);
    const operator = await addAccount(server, clock, admin, { username: 'olu', role: 'operator' });
    const socket = await server.connect(operator.cookie);
    const before = await server.app.services.store.cases.headSeq();

    // Active within the limit: the heartbeat keeps it open.
    clock.now += 20 * 60_000;
    socket.emit('session:active');
    await new Promise((r) => setTimeout(r, 100));
    clock.now += 20 * 60_000;
    expect((await server.http(operator.cookie, '/cases')).status).toBe(200);

    // 32 minutes without activity (the limit and its minute of grace): locked.
    clock.now += 32 * 60_000;
    const locked = new Promise((resolve) => socket.once('session:locked', resolve));
    const ack = await socket.emitWithAck('case:create', newCard());
    expect(ack).toMatchObject({ ok: false, error: { code: 'SESSION_LOCKED' } });
    await locked;
    const read = await server.http(operator.cookie, '/cases');
    expect(read.status).toBe(401);
    expect(((await read.json()) as { code: string }).code).toBe('SESSION_LOCKED');
    await expect(server.connect(operator.cookie)).rejects.toThrow('SESSION_LOCKED');
    expect(await expectJson(await server.http(operator.cookie, '/session'))).toMatchObject({ stage: 'locked' });
    expect(await server.app.services.store.cases.headSeq()).toBe(before);

    expect(
      (await server.http(operator.cookie, '/session/unlock', { method: 'POST', body: { password: 'nope' } })).status,
    ).toBe(400);
    const unlocked = await server.http(operator.cookie, '/session/unlock', {
      method: 'POST',
      body: { password: operator.password },
    });
    expect(await expectJson(unlocked)).toMatchObject({ stage: 'active', idleLockMinutes: 30 });
    const again = await server.connect(operator.cookie);
    expect(await again.emitWithAck('case:create', newCard())).toMatchObject({ ok: true });
  });

  it('the sweep locks idle consoles by itself and tells them', async () => {
    const clock = { now: Date.parse('2026-12-01T09:00:00Z') };
    const server = await firstRun(clock, { CONCORDAT_IDLE_LOCK_MINUTES: 'police-officer=15' });
    const admin = await setUpArea(server, clock);
    const officer = await addAccount(server, clock, admin, { username: 'dan', role: 'police-officer' });
    const socket = await server.connect(officer.cookie);
    const told = new Promise((resolve) => socket.once('session:locked', resolve));
    clock.now += 17 * 60_000;
    const { sweepSessions } = await import('./app');
    await sweepSessions(server.app.services, server.app.io);
    await told;
    // An administrator's desk session (30 min by default here: not named) is untouched.
    expect((await server.http(admin.cookie, '/admin/users')).status).toBe(200);
  });
});

describe('the demo never leaks into service', () => {
  it('is refused on a non-loopback address unless CONCORDAT_DEMO=true, and never creates demo accounts in setup mode', async () => {
    const databasePath = servers.durableDatabase('lan.db');
    const app = await startApp(
      ZConfig.parse({ PORT: '0', CONCORDAT_DB: databasePath, CONCORDAT_HOST: '0.0.0.0', LOG_LEVEL: 'silent' }),
      { prepare: prepareInstance },
    );
    try {
      expect(app.services.instance.mode).toBe('setup');
      expect(await app.services.store.accounts.counts()).toEqual({ demo: 0, real: 0 });
    } finally {
      await app.close();
    }
  });

  it('is refused, with a clear message, in a database that holds real accounts', async () => {
    const clock = { now: Date.parse('2026-12-01T09:00:00Z') };
    const databasePath = servers.durableDatabase('real.db');
    const server = await servers.at(clock, databasePath, { firstRun: true, env: { CONCORDAT_DEMO: 'false' } });
    await setUpArea(server, clock);
    await server.close();
    await expect(
      startApp(ZConfig.parse({ PORT: '0', CONCORDAT_DB: databasePath, CONCORDAT_DEMO: 'true', LOG_LEVEL: 'silent' }), {
        prepare: prepareInstance,
      }),
    ).rejects.toThrow(/holds real accounts/);
  });

  it('a demo database is not served on the network without CONCORDAT_DEMO=true', async () => {
    const databasePath = servers.durableDatabase('demo.db');
    const demo = await startApp(ZConfig.parse({ PORT: '0', CONCORDAT_DB: databasePath, LOG_LEVEL: 'silent' }), {
      prepare: prepareInstance,
    });
    expect(demo.services.instance.mode).toBe('demo');
    const counts = await demo.services.store.accounts.counts();
    expect(counts.real).toBe(0);
    expect(counts.demo).toBeGreaterThan(10);
    await demo.close();
    await expect(
      startApp(
        ZConfig.parse({ PORT: '0', CONCORDAT_DB: databasePath, CONCORDAT_HOST: '0.0.0.0', LOG_LEVEL: 'silent' }),
        {
          prepare: prepareInstance,
        },
      ),
    ).rejects.toThrow(/only on this machine/);
  });
});

describe('several nodes starting together on one new database', () => {
  it('seed the demo once: the node that loses the race serves the demo the other made', async () => {
    const databasePath = servers.durableDatabase('together.db');
    const config = ZConfig.parse({ PORT: '0', CONCORDAT_DB: databasePath, LOG_LEVEL: 'silent' });
    const nodes = await Promise.all([
      startApp(config, { prepare: prepareInstance }),
      startApp(config, { prepare: prepareInstance }),
    ]);
    try {
      for (const node of nodes) expect(node.services.instance.mode).toBe('demo');
      expect(await nodes[1].services.store.areas.list()).toHaveLength(1);
      const login = await fetch(`${nodes[1].url}/api/v1/session`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'operator', password: config.demoPassword }),
      });
      expect(login.status).toBe(200);
    } finally {
      for (const node of nodes) await node.close();
    }
  });
});

describe('readiness', () => {
  it('/readyz answers only once start-up is done; /healthz answers from the start', async () => {
    const seen: number[] = [];
    const databasePath = servers.durableDatabase('ready.db');
    const app = await startApp(
      ZConfig.parse({ PORT: '0', CONCORDAT_DB: databasePath, LOG_LEVEL: 'silent', CONCORDAT_DEMO: 'false' }),
      {
        prepare: async (services, address) => {
          seen.push((await fetch(`${address.url}/healthz`)).status, (await fetch(`${address.url}/readyz`)).status);
          await prepareInstance(services);
        },
      },
    );
    expect(seen).toEqual([200, 503]);
    expect((await fetch(`${app.url}/readyz`)).status).toBe(200);
    await app.close();
  });
});
