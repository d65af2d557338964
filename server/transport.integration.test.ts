import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { TAppError } from '@shared/errors';
import type { TUser } from '@shared/schemas/user';
import { DEMO_ORGANISATIONS } from './demo/demo-organisations';
import { decideCreateArea } from '@shared/rules/account-lifecycle';
import { runAdminCommand } from './commands/admin/run-admin-command';
import { runCommand } from './commands/run-command';
import { areaWrite } from './commands/admin/stream-writes';
import { commitStreams } from './commands/commit-streams';

import { commandId, newCard, serversOnAClock, type TTestServer } from './test-support';

const servers = serversOnAClock();
const at = () => servers.at({ now: Date.parse('2026-12-01T09:00:00Z') });

/** A raw request to the API, for bodies the test helper would not send. */
function raw(
  server: TTestServer,
  path: string,
  init: { method?: string; cookie?: string; headers?: Record<string, string>; body?: string | Buffer },
) {
  return fetch(`${server.app.url}/api/v1${path}`, {
    method: init.method ?? 'POST',
    headers: { origin: server.origin, ...(init.cookie ? { cookie: init.cookie } : {}), ...init.headers },
    ...(init.body === undefined ? {} : { body: typeof init.body === 'string' ? init.body : new Uint8Array(init.body) }),
  });
}

async function operatorWithCard(server: TTestServer) {
  const { socket, cookie } = await server.consoleAs('operator');
  const created = await socket.emitWithAck('case:create', newCard());
  if (!created.ok) throw new Error(created.error.message);
  return { cookie, caseId: created.data.card.id };
}

const noteBody = (caseId: string, text = 'Called back') =>
  JSON.stringify({ commandId: commandId(), caseId, text, visibility: 'clinical' });

describe('bad bodies are refused with a typed 4xx, never a 500, and write nothing (L-3)', () => {
  it('L-3: too large → 413 PAYLOAD_TOO_LARGE', async () => {
    const server = await at();
    const { cookie, caseId } = await operatorWithCard(server);
    const head = await server.app.services.store.cases.headSeq();
    const res = await raw(server, `/cases/${caseId}/notes`, {
      cookie,
      headers: { 'content-type': 'application/json' },
      body: noteBody(caseId, 'x'.repeat(200_000)),
    });
    expect(res.status).toBe(413);
    expect(await res.json()).toMatchObject({ code: 'PAYLOAD_TOO_LARGE' });
    expect(await server.app.services.store.cases.headSeq()).toBe(head);
  });

  it('L-3: a type other than JSON, or JSON in another charset → 415 UNSUPPORTED_MEDIA_TYPE', async () => {
    const server = await at();
    const { cookie, caseId } = await operatorWithCard(server);
    const head = await server.app.services.store.cases.headSeq();
    for (const contentType of [
      'text/plain',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
      'application/json; charset=latin1',
      'application/json; charset=utf-16',
      'application/json; charset=nonsense-42',
    ]) {
      const res = await raw(server, `/cases/${caseId}/notes`, {
        cookie,
        headers: { 'content-type': contentType },
        body: noteBody(caseId),
      });
      expect([contentType, res.status]).toEqual([contentType, 415]);
      expect(await res.json()).toMatchObject({ code: 'UNSUPPORTED_MEDIA_TYPE' });
    }
    const compressed = await raw(server, `/cases/${caseId}/notes`, {
      cookie,
      headers: { 'content-type': 'application/json', 'content-encoding': 'compress' },
      body: noteBody(caseId),
    });
    expect(compressed.status).toBe(415);
    expect(await server.app.services.store.cases.headSeq()).toBe(head);
  });

  it('L-3: malformed JSON, bytes that are not UTF-8, a broken gzip body and a bad path → 400 VALIDATION', async () => {
    const server = await at();
    const { cookie, caseId } = await operatorWithCard(server);
    const head = await server.app.services.store.cases.headSeq();
    const json = { 'content-type': 'application/json' };
    const attempts: [string, Response][] = [
      [
        'malformed',
        await raw(server, `/cases/${caseId}/notes`, { cookie, headers: json, body: '{"text": "unfinished' }),
      ],
      [
        'not UTF-8',
        await raw(server, `/cases/${caseId}/notes`, {
          cookie,
          headers: json,
          body: Buffer.concat([Buffer.from(noteBody(caseId).slice(0, -2)), Buffer.from([0xff, 0xfe, 0x22, 0x7d])]),
        }),
      ],
      [
        'broken gzip',
        await raw(server, `/cases/${caseId}/notes`, {
          cookie,
          headers: { ...json, 'content-encoding': 'gzip' },
          body: gzipSync(noteBody(caseId)).subarray(0, 20),
        }),
      ],
      ['bad path', await raw(server, '/cases/%E0%A4%A', { method: 'GET', cookie })],
      ['bad path on a write', await raw(server, '/cases/%ZZ/notes', { cookie, headers: json, body: noteBody(caseId) })],
    ];
    for (const [what, res] of attempts) {
      expect([what, res.status]).toEqual([what, 400]);
      expect(((await res.json()) as TAppError).code).toBe('VALIDATION');
    }
    // A well-formed gzip body is read as usual.
    const zipped = await raw(server, `/cases/${caseId}/notes`, {
      cookie,
      headers: { ...json, 'content-encoding': 'gzip' },
      body: gzipSync(noteBody(caseId)),
    });
    expect(zipped.status).toBe(200);
    expect(await server.app.services.store.cases.headSeq()).toBe(head + 1);
  });
});

describe('an id another area already uses is a conflict that says nothing about where (L-3)', () => {
  /** A duty manager of another area, acting through the same command path. */
  const otherAreaManager: TUser = {
    id: 'other-area-manager',
    username: 'other-manager',
    displayName: 'Other Manager',
    role: 'duty-manager',
    organisationId: DEMO_ORGANISATIONS.harbour.id,
    areaId: '7e57a4ea-0000-4000-8000-00000000a4ea',
  };

  /** Another area, made as `npm run admin -- create-area` makes one. */
  async function createOtherArea(server: TTestServer): Promise<void> {
    const id = otherAreaManager.areaId;
    const commandId = crypto.randomUUID();
    const by = {
      actor: { id: 'command-line', name: 'Command line', role: 'admin' as const },
      commandId,
      at: new Date().toISOString(),
    };
    await commitStreams(
      server.app.services,
      { name: 'area:create', commandId, actorId: by.actor.id },
      {
        streams: [{ kind: 'area', id }],
        decide: ({ read }) => ({
          writes: [
            areaWrite(
              id,
              read({ kind: 'area', id }),
              [decideCreateArea(null, { name: 'Far Vale', shortCode: 'FV', isDemo: false, reason: '' })],
              by,
            ),
          ],
        }),
      },
    );
  }

  it('L-3: a service, unit, account or organisation with an id from another area → 409 CONFLICT, and nothing is written', async () => {
    const server = await at();
    const services = server.app.services;
    await createOtherArea(server);
    const serviceId = crypto.randomUUID();
    const unitId = crypto.randomUUID();
    const organisationId = crypto.randomUUID();
    const otherAdmin = { ...otherAreaManager, id: 'other-area-admin', role: 'admin' as const };
    const organisation = await runAdminCommand(services, otherAdmin, 'organisation:create', {
      commandId: commandId(),
      organisationId,
      name: 'Far Trust',
      kind: 'nhs-trust',
      reason: '',
    });
    expect(organisation.ok ? 'ok' : organisation.error).toBe('ok');
    const crewId = crypto.randomUUID();
    const crew = await runAdminCommand(services, otherAdmin, 'user:create', {
      commandId: commandId(),
      userId: crewId,
      username: 'far-nurse',
      displayName: 'Far Nurse',
      role: 'triage-clinician',
      organisationId,
    });
    expect(crew.ok ? 'ok' : crew.error).toBe('ok');
    const registration = {
      name: 'Elsewhere House',
      kind: 'A21',
      organisationId,
      address: '1 Far Road',
      coordinates: null,
      phone: '01632 960999',
      hours: { isAlwaysOpen: true, weekly: [], exceptions: [] },
      eligibility: {
        minAge: 18,
        maxAge: null,
        referralRoutes: ['walk-in'],
        acceptsS136: false,
        acceptsIntoxicated: false,
        excludesUrgentMedicalNeed: true,
        accessNotes: '',
      },
      places: { adult: 2, under18: 0 },
    };
    const unit = { callSign: 'FAR1', kind: 'street-triage-car', organisationId, memberUserIds: [crewId] };
    const elsewhere = await runCommand(services, otherAreaManager, 'service:register', {
      ...registration,
      commandId: commandId(),
      serviceId,
    });
    expect(elsewhere.ok ? 'ok' : elsewhere.error).toBe('ok');
    const elsewhereUnit = await runCommand(services, otherAreaManager, 'unit:register', {
      ...unit,
      commandId: commandId(),
      unitId,
    });
    expect(elsewhereUnit.ok ? 'ok' : elsewhereUnit.error).toBe('ok');

    const manager = await server.login('duty-manager');
    const head = await services.store.cases.headSeq();
    const here = { organisationId: DEMO_ORGANISATIONS.harbour.id };
    const ourCrew = { organisationId: 'kv-mh-trust', memberUserIds: ['demo-triage-clinician'] };
    const attempts = [
      await server.http(manager, '/services', {
        method: 'POST',
        body: { ...registration, ...here, commandId: commandId(), serviceId },
      }),
      await server.http(manager, '/units', {
        method: 'POST',
        body: { ...unit, ...ourCrew, commandId: commandId(), unitId },
      }),
      // An id used by another kind of stream in this area is the same conflict.
      await server.http(manager, '/units', {
        method: 'POST',
        body: { ...unit, ...ourCrew, callSign: 'FAR2', commandId: commandId(), unitId: serviceId },
      }),
    ];
    const admin = await server.login('admin');
    attempts.push(
      await server.http(admin, '/admin/users', {
        method: 'POST',
        body: {
          commandId: commandId(),
          userId: crewId,
          username: 'near-nurse',
          displayName: 'Near Nurse',
          role: 'triage-clinician',
          organisationId: 'kv-mh-trust',
        },
      }),
      await server.http(admin, '/admin/organisations', {
        method: 'POST',
        body: { commandId: commandId(), organisationId, name: 'Near Trust', kind: 'nhs-trust', reason: '' },
      }),
    );
    for (const res of attempts) {
      expect(res.status).toBe(409);
      const body = (await res.json()) as TAppError;
      expect(body.code).toBe('CONFLICT');
      expect(JSON.stringify(body)).not.toMatch(/7e57a4ea|Far Vale|Elsewhere|FAR1|area/i);
    }
    expect(await services.store.cases.headSeq()).toBe(head);
  });
});

describe('transport headers (L-5)', () => {
  it('L-5: every API answer, refusals too, says no-store; CSP connects only to this origin; Permissions-Policy is sent; no HSTS over plain HTTP', async () => {
    const server = await at();
    const cookie = await server.login('operator');
    for (const res of [
      await server.http(cookie, '/cases'),
      await server.http(null, '/cases'),
      await server.http(cookie, '/no-such-thing'),
      await raw(server, '/cases', { cookie, headers: { 'content-type': 'text/plain' }, body: 'x' }),
    ]) {
      expect(res.headers.get('cache-control')).toBe('no-store');
      const csp = res.headers.get('content-security-policy') ?? '';
      const connect = /connect-src ([^;]*)/.exec(csp)?.[1]?.split(' ') ?? [];
      expect(connect).toEqual(["'self'", `ws://localhost:${server.app.port}`, `ws://127.0.0.1:${server.app.port}`]);
      expect(res.headers.get('permissions-policy')).toMatch(/geolocation=\(self\)/);
      expect(res.headers.get('strict-transport-security')).toBeNull();
    }
  });

  it('L-5: HSTS is sent when the session cookie is marked Secure (behind HTTPS)', async () => {
    const server = await servers.at({ now: Date.parse('2026-12-01T09:00:00Z') }, undefined, {
      env: { CONCORDAT_COOKIE_SECURE: 'true' },
    });
    const res = await fetch(`${server.app.url}/healthz`);
    expect(res.headers.get('strict-transport-security')).toMatch(/max-age=31536000/);
  });

  it('L-5: source maps are never served', async () => {
    const server = await at();
    for (const path of [
      '/assets/index.js.map',
      '/sw.js.map',
      '/anything.css.map',
      '/assets/a.js.m%61p',
      '/a.js%2EMAP',
    ]) {
      const res = await fetch(`${server.app.url}${path}`);
      expect(res.status).toBe(404);
    }
  });
});

describe('an ended session’s consoles close within a second (L-4)', () => {
  const within = async <T>(ms: number, promise: Promise<T>): Promise<T> => {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`not within ${ms} ms`)), ms);
    });
    try {
      return await Promise.race([promise, late]);
    } finally {
      clearTimeout(timer);
    }
  };

  it('L-4: at the end of the shift, an idle console is told its session expired and closed, without sending anything', async () => {
    const clock = { now: Date.parse('2026-12-01T09:00:00Z') };
    const server = await servers.at(clock);
    const { socket } = await server.consoleAs('operator');
    const ended = new Promise((resolve) => socket.once('session:ended', resolve));
    const closed = new Promise((resolve) => socket.once('disconnect', resolve));
    clock.now += 12 * 3_600_000 + 1;
    expect(await within(1_500, ended)).toEqual({ reason: 'expired' });
    await within(500, closed);
  });

  it('L-4: an idle console locks within a second of its limit', async () => {
    const clock = { now: Date.parse('2026-12-01T09:00:00Z') };
    const server = await servers.at(clock, undefined, { env: { CONCORDAT_IDLE_LOCK_MINUTES: 'operator=30' } });
    const { socket } = await server.consoleAs('operator');
    const locked = new Promise((resolve) => socket.once('session:locked', resolve));
    clock.now += 32 * 60_000;
    await within(1_500, locked);
  });

  it('L-4: a session ended by another process (the command line) closes its consoles within a second', async () => {
    const clock = { now: Date.parse('2026-12-01T09:00:00Z') };
    const server = await servers.at(clock);
    const { socket, cookie } = await server.consoleAs('operator');
    const ended = new Promise((resolve) => socket.once('session:ended', resolve));
    const token = decodeURIComponent(cookie.split('=')[1] ?? '');
    const resolved = await server.app.services.sessions.resolve(token);
    if (!resolved) throw new Error('no session');
    // As `npm run admin -- disable-user` does from its own process: straight to the database.
    await server.app.services.store.sessions.delete(resolved.tokenHash);
    expect(await within(1_500, ended)).toEqual({ reason: 'revoked' });
  });
});
