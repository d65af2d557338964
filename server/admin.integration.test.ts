import { describe, expect, it } from 'vitest';
import type { TServiceChanged } from '@shared/protocol';
import type { TAccountListItem, TImportReport } from '@shared/schemas/account';
import { ROLES, type TRole } from '@shared/schemas/user';
import type { TUnit } from '@shared/schemas/unit';
import {
  addAccount,
  commandId,
  cookieOf,
  expectJson,
  newCard,
  nextCode,
  serversOnAClock,
  setUpArea,
  startTestServer,
  type TClock,
} from './test-support';

const servers = serversOnAClock();
const NON_ADMIN_ROLES = ROLES.filter((r) => r !== 'admin');
const SOME_ID = '00000000-0000-4000-8000-000000000001';

/** Every administration route, with a body that would be valid for an administrator. */
function adminRoutes(userId: string): { method: string; path: string; body?: unknown }[] {
  const reason = 'test';
  return [
    { method: 'GET', path: '/admin/area' },
    {
      method: 'PATCH',
      path: '/admin/area',
      body: { commandId: commandId(), expectedVersion: 1, changes: { name: 'X' } },
    },
    { method: 'GET', path: '/admin/organisations' },
    {
      method: 'POST',
      path: '/admin/organisations',
      body: { commandId: commandId(), organisationId: SOME_ID, name: 'New org', kind: 'other' },
    },
    {
      method: 'PATCH',
      path: `/admin/organisations/kv-police`,
      body: { commandId: commandId(), expectedVersion: 1, changes: { name: 'Y' } },
    },
    { method: 'GET', path: '/admin/users' },
    {
      method: 'POST',
      path: '/admin/users',
      body: {
        commandId: commandId(),
        userId: SOME_ID,
        username: 'newbie',
        displayName: 'N',
        role: 'admin',
        organisationId: 'kv-mh-trust',
      },
    },
    {
      method: 'PATCH',
      path: `/admin/users/${userId}`,
      body: { commandId: commandId(), expectedVersion: 1, changes: { role: 'admin' }, reason },
    },
    {
      method: 'POST',
      path: `/admin/users/${userId}/enabled`,
      body: { commandId: commandId(), isEnabled: false, reason },
    },
    { method: 'POST', path: `/admin/users/${userId}/temporary-password`, body: { commandId: commandId(), reason } },
    { method: 'POST', path: `/admin/users/${userId}/mfa-reset`, body: { commandId: commandId(), reason } },
    { method: 'GET', path: `/admin/users/${userId}/sessions` },
    { method: 'POST', path: `/admin/users/${userId}/sessions/revoke`, body: { commandId: commandId(), reason } },
    { method: 'GET', path: '/admin/history' },
    {
      method: 'POST',
      path: '/admin/imports/users',
      body: {
        commandId: commandId(),
        csv: 'username,display_name,role,organisation\nx,X,admin,Kestrel Vale Constabulary',
        isDryRun: false,
      },
    },
    {
      method: 'POST',
      path: '/admin/imports/services',
      body: {
        commandId: commandId(),
        csv: 'name,kind,organisation,hours,adult_places,under18_places\nS,A21,Kestrel Vale Constabulary,24/7,1,0',
        isDryRun: false,
      },
    },
    { method: 'GET', path: '/admin/no-such-thing' },
  ];
}

describe('administration is for administrators only', () => {
  it('every administration route is refused for every other role, and nothing changes or is broadcast', async () => {
    const server = await startTestServer();
    try {
      const admin = await server.consoleAs('admin');
      const told: unknown[] = [];
      admin.socket.on('admin:changed', (m) => told.push(m));
      const before = await server.app.services.store.cases.headSeq();
      for (const role of NON_ADMIN_ROLES) {
        const cookie = await server.login(role);
        for (const route of adminRoutes('demo-operator')) {
          const res = await server.http(cookie, route.path, { method: route.method, body: route.body });
          expect(res.status, `${role} ${route.method} ${route.path}`).toBe(403);
          expect(((await res.json()) as { code: string }).code).toBe('FORBIDDEN');
        }
      }
      // Registry commands on units and services: duty managers and administrators only.
      for (const role of NON_ADMIN_ROLES.filter((r) => r !== 'duty-manager')) {
        const cookie = await server.login(role);
        const crew = await server.http(cookie, `/units/${SOME_ID}/crew`, {
          method: 'PUT',
          body: { commandId: commandId(), expectedVersion: 1, memberUserIds: ['demo-operator'] },
        });
        expect(crew.status, role).toBe(403);
        const totals = await server.http(cookie, `/services/${SOME_ID}/totals`, {
          method: 'PUT',
          body: { commandId: commandId(), expectedVersion: 1, totals: { adult: 1, under18: 0 } },
        });
        expect(totals.status, role).toBe(403);
      }
      expect(await server.app.services.store.cases.headSeq()).toBe(before);
      expect((await server.app.services.store.accounts.findByUsername('newbie'))?.id).toBeUndefined();
      expect((await server.app.services.store.accounts.get('demo-operator'))?.isEnabled).toBe(true);
      await new Promise((r) => setTimeout(r, 100));
      expect(told).toEqual([]);
      // Without a session at all: 401.
      expect((await server.http(null, '/admin/users')).status).toBe(401);
    } finally {
      await server.close();
    }
  });

  it('bad input is a typed 4xx and changes nothing', async () => {
    const server = await startTestServer();
    try {
      const cookie = await server.login('admin');
      const before = await server.app.services.store.cases.headSeq();
      const cases: { path: string; method: string; body: unknown; status: number }[] = [
        { path: '/admin/users', method: 'POST', body: { commandId: commandId() }, status: 400 },
        {
          path: '/admin/users',
          method: 'POST',
          body: {
            commandId: commandId(),
            userId: SOME_ID,
            username: 'operator',
            displayName: 'Dup',
            role: 'operator',
            organisationId: 'kv-mh-trust',
          },
          status: 400,
        },
        {
          path: '/admin/users',
          method: 'POST',
          body: {
            commandId: commandId(),
            userId: SOME_ID,
            username: 'someone',
            displayName: 'S',
            role: 'operator',
            organisationId: 'elsewhere',
          },
          status: 400,
        },
        {
          path: '/admin/users/demo-admin/enabled',
          method: 'POST',
          body: { commandId: commandId(), isEnabled: false, reason: 'me' },
          status: 422,
        },
        {
          path: '/admin/users/demo-operator/enabled',
          method: 'POST',
          body: { commandId: commandId(), isEnabled: false },
          status: 400,
        },
        {
          path: '/admin/users/nobody/enabled',
          method: 'POST',
          body: { commandId: commandId(), isEnabled: false, reason: 'x' },
          status: 404,
        },
        {
          path: '/admin/imports/users',
          method: 'POST',
          body: { commandId: commandId(), csv: 'not,a,users,file', isDryRun: false },
          status: 400,
        },
        { path: '/admin/imports/users', method: 'POST', body: 'nonsense', status: 400 },
      ];
      for (const c of cases) {
        const res = await server.http(cookie, c.path, { method: c.method, body: c.body });
        expect(res.status, `${c.path} ${JSON.stringify(c.body)}`).toBe(c.status);
        const body = (await res.json()) as { code: string; message: string };
        expect(body.code).not.toBe('INTERNAL');
        expect(body.message.length).toBeGreaterThan(0);
      }
      expect(await server.app.services.store.cases.headSeq()).toBe(before);
    } finally {
      await server.close();
    }
  });
});

describe('accounts', () => {
  it('disabling a person closes their live consoles within a second and refuses their login', async () => {
    const server = await startTestServer();
    try {
      const admin = await server.login('admin');
      const operator = await server.consoleAs('operator');
      const closed = new Promise<number>((resolve) => {
        const started = Date.now();
        operator.socket.once('disconnect', () => resolve(Date.now() - started));
      });
      const ended = new Promise<{ reason: string }>((resolve) => operator.socket.once('session:ended', resolve));
      const res = await server.http(admin, '/admin/users/demo-operator/enabled', {
        method: 'POST',
        body: { commandId: commandId(), isEnabled: false, reason: 'Left the service' },
      });
      expect(await expectJson(res)).toMatchObject({ account: { isEnabled: false } });
      expect(await ended).toEqual({ reason: 'revoked' });
      expect(await closed).toBeLessThan(1_000);
      await expect(server.login('operator')).rejects.toThrow('403');
      expect((await server.http(operator.cookie, '/cases')).status).toBe(401);
    } finally {
      await server.close();
    }
  });

  it('a disabled crew member leaves the unit’s crew in the same change; a renamed one is renamed there', async () => {
    const server = await startTestServer();
    try {
      const admin = await server.login('admin');
      const manager = await server.consoleAs('duty-manager');
      const unitId = crypto.randomUUID();
      const registered = await manager.socket.emitWithAck('unit:register', {
        commandId: commandId(),
        unitId,
        callSign: 'st9',
        kind: 'street-triage-car',
        organisationId: 'kv-mh-trust',
        memberUserIds: ['demo-triage-clinician', 'demo-police-officer'],
      });
      expect(registered).toMatchObject({ ok: true, data: { unit: { callSign: 'ST9' } } });
      const twin = await manager.socket.emitWithAck('unit:register', {
        commandId: commandId(),
        unitId: crypto.randomUUID(),
        callSign: 'ST9',
        kind: 'ambulance-mh-car',
        organisationId: 'vale-ambulance',
        memberUserIds: ['demo-ambulance-clinician'],
      });
      expect(twin).toMatchObject({
        ok: false,
        error: { code: 'VALIDATION', message: 'Another unit is already called ST9' },
      });
      const changes: TUnit[] = [];
      manager.socket.on('unit:changed', ({ unit }) => changes.push(unit));

      await expectJson(
        await server.http(admin, '/admin/users/demo-police-officer', {
          method: 'PATCH',
          body: { commandId: commandId(), expectedVersion: 1, changes: { displayName: 'PC Daniel Hollis' } },
        }),
      );
      await expectJson(
        await server.http(admin, '/admin/users/demo-triage-clinician/enabled', {
          method: 'POST',
          body: { commandId: commandId(), isEnabled: false, reason: 'Long-term leave' },
        }),
      );
      const unit = await server.app.services.store.units.get(unitId);
      expect(unit?.members).toEqual([
        { userId: 'demo-police-officer', name: 'PC Daniel Hollis', role: 'police-officer' },
      ]);
      await new Promise((r) => setTimeout(r, 100));
      expect(changes.map((u) => u.members.length)).toEqual([2, 1]);
      // A disabled account cannot be put back on a crew.
      const back = await manager.socket.emitWithAck('unit:set-crew', {
        commandId: commandId(),
        unitId,
        expectedVersion: unit?.version ?? 0,
        memberUserIds: ['demo-triage-clinician', 'demo-police-officer'],
      });
      expect(back).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
      const users = await expectJson<{ users: TAccountListItem[] }>(await server.http(admin, '/admin/users'));
      expect(users.users.find((u) => u.username === 'police-officer')?.unitCallSigns).toEqual(['ST9']);
    } finally {
      await server.close();
    }
  });

  it('a new role ends the person’s sessions, so what they see changes at once', async () => {
    const server = await startTestServer();
    try {
      const admin = await server.login('admin');
      const operator = await server.consoleAs('operator');
      const ended = new Promise((resolve) => operator.socket.once('session:ended', resolve));
      const missingReason = await server.http(admin, '/admin/users/demo-operator', {
        method: 'PATCH',
        body: { commandId: commandId(), expectedVersion: 1, changes: { role: 'police-officer' } },
      });
      expect(missingReason.status).toBe(400);
      await expectJson(
        await server.http(admin, '/admin/users/demo-operator', {
          method: 'PATCH',
          body: {
            commandId: commandId(),
            expectedVersion: 1,
            changes: { role: 'police-officer' },
            reason: 'Moved to police liaison',
          },
        }),
      );
      await ended;
      const history = await expectJson<{ entries: { text: string; reason: string; actor: { name: string } }[] }>(
        await server.http(admin, '/admin/history'),
      );
      expect(history.entries[0]).toMatchObject({
        text: 'Changed role to Police officer',
        reason: 'Moved to police liaison',
        actor: { name: 'Sys Admin' },
      });
    } finally {
      await server.close();
    }
  });

  it('R-IG-MIN: a move to another organisation ends the person’s sessions: their consoles no longer get the old one’s holds', async () => {
    const server = await startTestServer();
    try {
      const admin = await server.login('admin');
      const provider = await server.consoleAs('provider');
      const ended = new Promise((resolve) => provider.socket.once('session:ended', resolve));
      await expectJson(
        await server.http(admin, '/admin/users/demo-provider', {
          method: 'PATCH',
          body: {
            commandId: commandId(),
            expectedVersion: 1,
            changes: { organisationId: 'vale-sanctuary' },
            reason: 'Moved to the Sanctuary',
          },
        }),
      );
      await ended;
      expect(provider.socket.connected).toBe(false);
    } finally {
      await server.close();
    }
  });

  it('an administrator sees and ends one session; a reset MFA means enrolling again at the next login', async () => {
    const clock: TClock = { now: Date.parse('2026-12-01T09:00:00Z') };
    const server = await servers.at(clock, undefined, { firstRun: true, env: { CONCORDAT_DEMO: 'false' } });
    const admin = await setUpArea(server, clock);
    const nurse = await addAccount(server, clock, admin, { username: 'tess', role: 'triage-clinician' });
    const sessions = await expectJson<{ sessions: { id: string; stage: string }[] }>(
      await server.http(admin.cookie, `/admin/users/${nurse.userId}/sessions`),
    );
    expect(sessions.sessions.map((s) => s.stage)).toEqual(['active']);
    await expectJson(
      await server.http(admin.cookie, `/admin/users/${nurse.userId}/sessions/revoke`, {
        method: 'POST',
        body: { commandId: commandId(), sessionId: sessions.sessions[0]?.id, reason: 'Tablet lost' },
      }),
    );
    expect((await server.http(nurse.cookie, '/cases')).status).toBe(401);

    // A lost phone: the reset also sets a temporary password, so the old password alone cannot enrol a
    // new authenticator.
    const reset = await expectJson<{ temporaryPassword: string }>(
      await server.http(admin.cookie, `/admin/users/${nurse.userId}/mfa-reset`, {
        method: 'POST',
        body: { commandId: commandId(), reason: 'New phone' },
      }),
    );
    const withOld = await server.http(null, '/session', {
      method: 'POST',
      body: { username: 'tess', password: nurse.password },
    });
    expect(withOld.status).toBe(401);
    const login = await server.http(null, '/session', {
      method: 'POST',
      body: { username: 'tess', password: reset.temporaryPassword },
    });
    expect(await expectJson(login)).toMatchObject({ stage: 'change-password' });
    const changed = await server.http(cookieOf(login), '/session/password', {
      method: 'POST',
      body: { newPassword: 'a brand new copper kettle' },
    });
    expect(await expectJson(changed)).toMatchObject({ stage: 'enrol-mfa' });
    const cookie = cookieOf(changed);
    const { secret } = await expectJson<{ secret: string }>(
      await server.http(cookie, '/session/mfa/enrolment', { method: 'POST' }),
    );
    expect(secret).not.toBe(nurse.secret);
    await expectJson(
      await server.http(cookie, '/session/mfa/enrolment/confirm', {
        method: 'POST',
        body: { code: nextCode(secret, clock) },
      }),
    );

    const temporary = await expectJson<{ temporaryPassword: string }>(
      await server.http(admin.cookie, `/admin/users/${nurse.userId}/temporary-password`, {
        method: 'POST',
        body: { commandId: commandId(), reason: 'Forgot it' },
      }),
    );
    const next = await server.http(null, '/session', {
      method: 'POST',
      body: { username: 'tess', password: temporary.temporaryPassword },
    });
    expect(await expectJson(next)).toMatchObject({ stage: 'mfa' });
    const step = await server.http(cookieOf(next), '/session/mfa', {
      method: 'POST',
      body: { code: nextCode(secret, clock) },
    });
    expect(await expectJson(step)).toMatchObject({ stage: 'change-password' });
  });
});

/** A users file of `count` rows, with an optional bad row. */
function usersCsv(count: number, bad = false): string {
  const rows = ['\uFEFFUsername,Display name,Role,Organisation,Phone,Email'];
  for (let i = 1; i <= count; i++) {
    const role: TRole =
      (['operator', 'triage-clinician', 'police-officer', 'ambulance-clinician', 'duty-manager'] as const)[i % 5] ??
      'operator';
    rows.push(
      `user${i},"Person ${i}, Jr",${role},North Vale Mental Health Trust,07700 900${String(i).padStart(3, '0')},`,
    );
  }
  if (bad) rows.push('user7,Someone Else,night-shift,Unknown Org,,');
  return `${rows.join('\r\n')}\r\n\r\n`;
}

const SERVICES_CSV = [
  'name,kind,organisation,address,latitude,longitude,phone,hours,min_age,max_age,referral_routes,accepts_s136,accepts_intoxicated,excludes_urgent_medical_need,access_notes,adult_places,under18_places',
  'North Vale Crisis Café,A21,North Vale Mental Health Trust,"1 Market St, North Vale",52.41,-1.51,01632 960111,Mon-Fri 18:00-23:00; Sat-Sun 12:00-23:00,18,,self-referral|walk-in,no,no,yes,,6,0',
  'Elm House,Crisis house,North Vale Mental Health Trust,2 Elm Rd,,,01632 960112,24/7,18,,professional-referral,no,no,yes,,5,0',
].join('\n');

describe('bulk import', () => {
  it('a dry run shows every row and every error; the import applies all rows or none', async () => {
    const clock: TClock = { now: Date.parse('2026-12-01T09:00:00Z') };
    const server = await servers.at(clock, undefined, { firstRun: true, env: { CONCORDAT_DEMO: 'false' } });
    const admin = await setUpArea(server, clock);
    const before = await server.app.services.store.accounts.counts();

    const dry = await expectJson<TImportReport>(
      await server.http(admin.cookie, '/admin/imports/users', {
        method: 'POST',
        body: { commandId: commandId(), csv: usersCsv(50, true), isDryRun: true },
      }),
    );
    expect(dry.rows).toHaveLength(51);
    const bad = dry.rows.filter((r) => r.action === 'error');
    expect(bad.map((r) => r.line)).toEqual([52]);
    expect(bad[0]?.errors.join(' ')).toMatch(/role "night-shift"/);
    expect(bad[0]?.errors.join(' ')).toMatch(/organisation "Unknown Org"/);
    expect(bad[0]?.errors.join(' ')).toMatch(/also on line 8/);

    const refused = await server.http(admin.cookie, '/admin/imports/users', {
      method: 'POST',
      body: { commandId: commandId(), csv: usersCsv(50, true), isDryRun: false },
    });
    expect(refused.status).toBe(400);
    expect(await server.app.services.store.accounts.counts()).toEqual(before);

    const applied = await expectJson<TImportReport>(
      await server.http(admin.cookie, '/admin/imports/users', {
        method: 'POST',
        body: { commandId: commandId(), csv: usersCsv(50), isDryRun: false },
      }),
      201,
    );
    expect(applied.isApplied).toBe(true);
    expect(applied.rows.every((r) => r.temporaryPassword !== null)).toBe(true);
    expect((await server.app.services.store.accounts.counts()).real).toBe(before.real + 50);
    const person = await server.app.services.store.accounts.findByUsername('user2');
    expect(person).toMatchObject({
      displayName: 'Person 2, Jr',
      role: 'police-officer',
      mustChangePassword: true,
      hasMfa: false,
    });
    // Each imported person logs in with their temporary password and must choose their own.
    const login = await server.http(null, '/session', {
      method: 'POST',
      body: { username: 'user2', password: applied.rows.find((r) => r.label === 'user2')?.temporaryPassword },
    });
    expect(await expectJson(login)).toMatchObject({ stage: 'change-password' });
  });

  it('imported services appear on the wall board live', async () => {
    const clock: TClock = { now: Date.parse('2026-12-01T09:00:00Z') };
    const server = await servers.at(clock, undefined, { firstRun: true, env: { CONCORDAT_DEMO: 'false' } });
    const admin = await setUpArea(server, clock);
    const board = await addAccount(server, clock, admin, { username: 'wall', role: 'board' });
    const boardSocket = await server.connect(board.cookie);
    const seen: TServiceChanged[] = [];
    boardSocket.on('service:changed', (m) => seen.push(m));
    const report = await expectJson<TImportReport>(
      await server.http(admin.cookie, '/admin/imports/services', {
        method: 'POST',
        body: { commandId: commandId(), csv: SERVICES_CSV, isDryRun: false },
      }),
      201,
    );
    expect(report.rows.map((r) => r.label)).toEqual(['North Vale Crisis Café', 'Elm House']);
    await new Promise((r) => setTimeout(r, 100));
    expect(seen.map((m) => m.service.name).sort()).toEqual(['Elm House', 'North Vale Crisis Café']);
    const cafe = seen.find((m) => m.service.kind === 'A21')?.service;
    expect(cafe?.hours.weekly).toHaveLength(7);
    expect(cafe?.eligibility.referralRoutes).toEqual(['self-referral', 'walk-in']);
  });
});

describe('what the reviews found', () => {
  it('a change of role alone leaves the person’s contact details as they were', async () => {
    const server = await startTestServer();
    try {
      const admin = await server.login('admin');
      await expectJson(
        await server.http(admin, '/admin/users/demo-operator', {
          method: 'PATCH',
          body: {
            commandId: commandId(),
            expectedVersion: 1,
            changes: { contact: { phone: '07700 900111', email: 'olu@example.org' } },
          },
        }),
      );
      await expectJson(
        await server.http(admin, '/admin/users/demo-operator', {
          method: 'PATCH',
          body: { commandId: commandId(), expectedVersion: 2, changes: { role: 'duty-manager' }, reason: 'Promoted' },
        }),
      );
      const account = await server.app.services.store.accounts.get('demo-operator');
      expect(account).toMatchObject({
        role: 'duty-manager',
        contact: { phone: '07700 900111', email: 'olu@example.org' },
      });
    } finally {
      await server.close();
    }
  });

  it('S-4: the same account creation sent twice answers with the first result, once', async () => {
    const server = await startTestServer();
    try {
      const admin = await server.login('admin');
      const body = {
        commandId: commandId(),
        userId: crypto.randomUUID(),
        username: 'twice',
        displayName: 'Sent Twice',
        role: 'operator',
        organisationId: 'kv-mh-trust',
      };
      const first = await expectJson<{ temporaryPassword: string; seq: number }>(
        await server.http(admin, '/admin/users', { method: 'POST', body }),
        201,
      );
      const again = await expectJson<{ temporaryPassword: string | null; seq: number }>(
        await server.http(admin, '/admin/users', { method: 'POST', body }),
        201,
      );
      expect(again.seq).toBe(first.seq);
      expect(again.temporaryPassword).toBeNull();
      const taken = await server.http(admin, '/admin/users', {
        method: 'POST',
        body: { ...body, commandId: commandId(), userId: crypto.randomUUID() },
      });
      expect(taken.status).toBe(400);
      expect(await taken.json()).toMatchObject({ code: 'VALIDATION', issues: [{ path: 'username' }] });
    } finally {
      await server.close();
    }
  });

  it('a unit or service registered with an id another stream has is a conflict, not a failure', async () => {
    const server = await startTestServer();
    try {
      const manager = await server.consoleAs('duty-manager');
      const ack = await manager.socket.emitWithAck('unit:register', {
        commandId: commandId(),
        unitId: crypto.randomUUID(),
        callSign: 'X1',
        kind: 'street-triage-car',
        organisationId: 'kv-mh-trust',
        memberUserIds: ['demo-triage-clinician'],
      });
      expect(ack).toMatchObject({ ok: true });
      const operator = await server.consoleAs('operator');
      const created = await operator.socket.emitWithAck('case:create', newCard());
      if (!created.ok) throw new Error(created.error.message);
      // A case's id as a new unit's id: another stream already has it.
      const caseId = created.data.card.id;
      const clash = await manager.socket.emitWithAck('unit:register', {
        commandId: commandId(),
        unitId: caseId,
        callSign: 'X2',
        kind: 'street-triage-car',
        organisationId: 'kv-mh-trust',
        memberUserIds: ['demo-triage-clinician'],
      });
      expect(clash).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    } finally {
      await server.close();
    }
  });

  it('a stale enrolment cannot replace an authenticator set up meanwhile', async () => {
    const clock: TClock = { now: Date.parse('2026-12-01T09:00:00Z') };
    const server = await servers.at(clock, undefined, { firstRun: true, env: { CONCORDAT_DEMO: 'false' } });
    const admin = await setUpArea(server, clock);
    const created = await expectJson<{ temporaryPassword: string; account: { id: string } }>(
      await server.http(admin.cookie, '/admin/users', {
        method: 'POST',
        body: {
          commandId: commandId(),
          userId: crypto.randomUUID(),
          username: 'dan',
          displayName: 'Dan',
          role: 'police-officer',
          organisationId: admin.organisationId,
        },
      }),
      201,
    );
    const loginToEnrolment = async () => {
      const login = await server.http(null, '/session', {
        method: 'POST',
        body: { username: 'dan', password: created.temporaryPassword },
      });
      return cookieOf(login);
    };
    // Dan changes his password, then two browsers reach the enrolment step.
    const first = await loginToEnrolment();
    const changed = await server.http(first, '/session/password', {
      method: 'POST',
      body: { newPassword: 'dan copper kettle orbit' },
    });
    const dan = cookieOf(changed);
    const stale = cookieOf(
      await server.http(null, '/session', {
        method: 'POST',
        body: { username: 'dan', password: 'dan copper kettle orbit' },
      }),
    );
    const secretA = (
      await expectJson<{ secret: string }>(await server.http(dan, '/session/mfa/enrolment', { method: 'POST' }))
    ).secret;
    const secretB = (
      await expectJson<{ secret: string }>(await server.http(stale, '/session/mfa/enrolment', { method: 'POST' }))
    ).secret;
    await expectJson(
      await server.http(dan, '/session/mfa/enrolment/confirm', {
        method: 'POST',
        body: { code: nextCode(secretA, clock) },
      }),
    );
    const late = await server.http(stale, '/session/mfa/enrolment/confirm', {
      method: 'POST',
      body: { code: nextCode(secretB, clock) },
    });
    // The first enrolment ended every other session of the account, the stale one included.
    expect(late.status).toBe(401);
    expect((await server.app.services.store.accounts.credentials(created.account.id))?.mfaSecret).toBe(secretA);
  });

  it('the setup link works once, even for two requests at the same moment', async () => {
    const clock: TClock = { now: Date.parse('2026-12-01T09:00:00Z') };
    const server = await servers.at(clock, undefined, { firstRun: true, env: { CONCORDAT_DEMO: 'false' } });
    const token = server.app.services.instance.setupToken ?? '';
    const setup = (code: string) =>
      server.http(null, '/setup', {
        method: 'POST',
        body: {
          token,
          areaName: `Area ${code}`,
          areaCode: code,
          organisationName: 'Trust',
          organisationKind: 'nhs-trust',
          displayName: 'Ada',
          username: `ada${code.toLowerCase()}`,
          password: 'violet kettle marching orbit',
        },
      });
    const answers = await Promise.all([setup('AA'), setup('BB'), setup('CC')]);
    expect(answers.map((r) => r.status).sort()).toEqual([201, 403, 403]);
    expect(await server.app.services.store.areas.list()).toHaveLength(1);
  });
});

describe('imports within limits', () => {
  it('a runaway header is refused at once; weak temporary passwords and ED places show in the dry run', async () => {
    const server = await startTestServer();
    try {
      const admin = await server.login('admin');
      const wide = Array.from({ length: 120_000 }, (_, i) => `h${i}`).join(',');
      const started = Date.now();
      const refused = await expectJson<TImportReport>(
        await server.http(admin, '/admin/imports/users', {
          method: 'POST',
          body: { commandId: commandId(), csv: `${wide}\n`, isDryRun: true },
        }),
      );
      expect(Date.now() - started).toBeLessThan(2_000);
      expect(refused.fileErrors).toEqual(['More than 40 columns: this is not an import file']);

      const users = await expectJson<TImportReport>(
        await server.http(admin, '/admin/imports/users', {
          method: 'POST',
          body: {
            commandId: commandId(),
            csv: 'username,display_name,role,organisation,temporary_password\nweak,Weak,operator,Kestrel Vale Mental Health Trust,password1234\n',
            isDryRun: true,
          },
        }),
      );
      expect(users.rows[0]?.errors.join(' ')).toMatch(/temporary_password: This password is too easy to guess/);

      const services = await expectJson<TImportReport>(
        await server.http(admin, '/admin/imports/services', {
          method: 'POST',
          body: {
            commandId: commandId(),
            csv: 'name,kind,organisation,hours,adult_places,under18_places\nA&E,ED,Kestrel Vale Hospitals NHS Trust,24/7,4,0\n',
            isDryRun: true,
          },
        }),
      );
      expect(services.rows[0]?.errors).toEqual([expect.stringContaining('does not count places')]);
    } finally {
      await server.close();
    }
  });

  it('S-4: an import sent again with the same commandId is applied once and shows no passwords again', async () => {
    const server = await startTestServer();
    try {
      const admin = await server.login('admin');
      const body = {
        commandId: commandId(),
        csv: 'username,display_name,role,organisation\nonce,Once Only,operator,Kestrel Vale Mental Health Trust\n',
        isDryRun: false,
      };
      const first = await expectJson<TImportReport>(
        await server.http(admin, '/admin/imports/users', { method: 'POST', body }),
        201,
      );
      expect(first.rows[0]?.temporaryPassword).toMatch(/^[A-Z2-9-]{19}$/);
      const again = await expectJson<TImportReport>(
        await server.http(admin, '/admin/imports/users', { method: 'POST', body }),
        201,
      );
      expect(again).toMatchObject({ isApplied: true, isRepeat: true, rows: [] });
      expect(
        (await server.app.services.store.accounts.list('kestrel-vale')).filter((a) => a.username === 'once'),
      ).toHaveLength(1);
    } finally {
      await server.close();
    }
  });
});
