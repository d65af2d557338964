import { afterEach, describe, expect, it, vi } from 'vitest';
import type { TAck, TAppError } from '@shared/errors';
import type { TCommandResult } from '@shared/schemas/case';
import { userHash } from './limits/security-log';
import { commandId, newCard, serversOnAClock, type TTestServer, type TTestSocket } from './test-support';

const servers = serversOnAClock();

/** The defaults of server/config.ts, which the test servers otherwise raise so other tests can go fast. */
const PRODUCTION_LIMITS = {
  CONCORDAT_SESSION_COMMAND_BURST: '120',
  CONCORDAT_SESSION_COMMANDS_PER_SECOND: '4',
  CONCORDAT_ADDRESS_COMMAND_BURST: '600',
  CONCORDAT_ADDRESS_COMMANDS_PER_SECOND: '40',
};

const note = (caseId: string, text = 'Called back; no answer') => ({
  commandId: commandId(),
  caseId,
  text,
  visibility: 'clinical' as const,
});

async function openCard(socket: TTestSocket): Promise<string> {
  const created = await socket.emitWithAck('case:create', newCard());
  if (!created.ok) throw new Error(created.error.message);
  return created.data.card.id;
}

const refusalOf = (ack: TAck<unknown>): TAppError | null => (ack.ok ? null : ack.error);

describe('rate limits per session and per address (L-1)', () => {
  it('L-1: a session past its burst is refused with RATE_LIMITED and a retry-after, writes nothing, and may go on after waiting', async () => {
    const clock = { now: Date.parse('2026-12-01T09:00:00Z') };
    const server = await servers.at(clock, undefined, {
      env: { CONCORDAT_SESSION_COMMAND_BURST: '5', CONCORDAT_SESSION_COMMANDS_PER_SECOND: '0.5' },
    });
    const { socket } = await server.consoleAs('operator');
    const caseId = await openCard(socket);
    for (let i = 0; i < 4; i++) expect((await socket.emitWithAck('case:add-note', note(caseId))).ok).toBe(true);
    const head = await server.app.services.store.cases.headSeq();

    const refused = refusalOf(await socket.emitWithAck('case:add-note', note(caseId)));
    expect(refused).toMatchObject({ code: 'RATE_LIMITED', retryAfterSeconds: 2 });
    expect(await server.app.services.store.cases.headSeq()).toBe(head);

    clock.now += 2_000;
    expect((await socket.emitWithAck('case:add-note', note(caseId))).ok).toBe(true);
  });

  it('L-1: HTTP writes share the session’s budget and are refused with 429 and Retry-After; reads have their own', async () => {
    const clock = { now: Date.parse('2026-12-01T09:00:00Z') };
    const server = await servers.at(clock, undefined, {
      env: { CONCORDAT_SESSION_COMMAND_BURST: '3', CONCORDAT_SESSION_COMMANDS_PER_SECOND: '0.1' },
    });
    const { socket, cookie } = await server.consoleAs('operator');
    const caseId = await openCard(socket);
    expect((await server.http(cookie, `/cases/${caseId}/notes`, { method: 'POST', body: note(caseId) })).status).toBe(
      200,
    );
    expect((await socket.emitWithAck('case:add-note', note(caseId))).ok).toBe(true);

    const refused = await server.http(cookie, `/cases/${caseId}/notes`, { method: 'POST', body: note(caseId) });
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('10');
    expect(refused.headers.get('cache-control')).toBe('no-store');
    expect(await refused.json()).toMatchObject({ code: 'RATE_LIMITED', retryAfterSeconds: 10 });
    expect(refusalOf(await socket.emitWithAck('case:add-note', note(caseId)))).toMatchObject({ code: 'RATE_LIMITED' });
    expect((await server.http(cookie, `/cases/${caseId}`)).status).toBe(200);
  });

  it('L-1: reads have their own budget per session: past it, 429 with Retry-After, no card disclosed and nothing logged; writes still go', async () => {
    const clock = { now: Date.parse('2026-12-01T09:00:00Z') };
    const server = await servers.at(clock, undefined, {
      env: { CONCORDAT_SESSION_READ_BURST: '3', CONCORDAT_SESSION_READS_PER_SECOND: '0.5' },
    });
    const { socket, cookie } = await server.consoleAs('operator');
    const caseId = await openCard(socket);
    for (let i = 0; i < 3; i++) expect((await server.http(cookie, `/cases/${caseId}`)).status).toBe(200);
    const logged = (await server.app.services.store.accessLog.forCase(caseId)).length;

    const refused = await server.http(cookie, `/cases/${caseId}`);
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('2');
    const body = await refused.text();
    expect(body).toContain('RATE_LIMITED');
    expect(body).not.toContain(caseId);
    expect((await server.app.services.store.accessLog.forCase(caseId)).length).toBe(logged);
    // Another login has its own budget, and this one's changes are not held up by its reads.
    expect((await server.http(await server.login('operator'), `/cases/${caseId}`)).status).toBe(200);
    expect((await socket.emitWithAck('case:add-note', note(caseId))).ok).toBe(true);

    clock.now += 2_000;
    expect((await server.http(cookie, `/cases/${caseId}`)).status).toBe(200);
  });

  it('L-1: one address’s budget holds across all its sessions', async () => {
    const clock = { now: Date.parse('2026-12-01T09:00:00Z') };
    const server = await servers.at(clock, undefined, {
      env: { CONCORDAT_ADDRESS_COMMAND_BURST: '2', CONCORDAT_ADDRESS_COMMANDS_PER_SECOND: '1' },
    });
    const operator = await server.consoleAs('operator');
    const manager = await server.consoleAs('duty-manager');
    expect((await operator.socket.emitWithAck('case:create', newCard())).ok).toBe(true);
    expect((await manager.socket.emitWithAck('case:create', newCard())).ok).toBe(true);
    expect(refusalOf(await operator.socket.emitWithAck('case:create', newCard()))).toMatchObject({
      code: 'RATE_LIMITED',
    });
    expect(refusalOf(await manager.socket.emitWithAck('case:create', newCard()))).toMatchObject({
      code: 'RATE_LIMITED',
      retryAfterSeconds: 1,
    });
  });

  it('L-1, H-051: a tablet flushing 100 kept changes at once, as its outbox does, passes the default limits', async () => {
    const clock = { now: Date.parse('2026-12-01T09:00:00Z') };
    const server = await servers.at(clock, undefined, { env: PRODUCTION_LIMITS });
    const operator = await server.consoleAs('operator');
    const caseId = await openCard(operator.socket);
    const nurse = await server.consoleAs('triage-clinician');
    const acks: TAck<TCommandResult>[] = [];
    for (let i = 0; i < 100; i++) acks.push(await nurse.socket.emitWithAck('case:add-note', note(caseId, `Kept ${i}`)));
    expect(acks.filter((a) => !a.ok)).toEqual([]);
  });

  it('L-1: resync and presence count against the budget too, and a refused resync is told so', async () => {
    const clock = { now: Date.parse('2026-12-01T09:00:00Z') };
    const server = await servers.at(clock, undefined, {
      env: { CONCORDAT_SESSION_COMMAND_BURST: '2', CONCORDAT_SESSION_COMMANDS_PER_SECOND: '0.5' },
    });
    const { socket } = await server.consoleAs('operator');
    socket.emit('presence:view', { caseId: null });
    expect((await socket.emitWithAck('sync:since', { afterSeq: 0 })).ok).toBe(true);
    expect(await socket.emitWithAck('sync:since', { afterSeq: 0 })).toMatchObject({
      ok: false,
      error: { code: 'RATE_LIMITED', retryAfterSeconds: 2 },
    });
  });
});

describe('sockets per session (L-2)', () => {
  it('L-2: a session opens at most its cap of consoles; the next is refused with TOO_MANY_CONNECTIONS until one closes', async () => {
    const clock = { now: Date.parse('2026-12-01T09:00:00Z') };
    const server = await servers.at(clock, undefined, { env: { CONCORDAT_SOCKETS_PER_SESSION: '3' } });
    const cookie = await server.login('operator');
    const open = [await server.connect(cookie), await server.connect(cookie), await server.connect(cookie)];
    const refused = await server.connect(cookie).then(
      () => null,
      (err: Error & { data?: { code?: string } }) => err,
    );
    expect(refused?.message).toBe('TOO_MANY_CONNECTIONS');
    expect(refused?.data?.code).toBe('TOO_MANY_CONNECTIONS');
    // Another login of the same person has its own consoles.
    await expect(server.connect(await server.login('operator'))).resolves.toBeDefined();

    open[0]?.disconnect();
    await vi.waitFor(async () => {
      const again = await server.connect(cookie);
      again.disconnect();
    });
  });

  it('L-2: one person has at most their cap of consoles across all their logins', async () => {
    const clock = { now: Date.parse('2026-12-01T09:00:00Z') };
    const server = await servers.at(clock, undefined, {
      env: { CONCORDAT_SOCKETS_PER_SESSION: '2', CONCORDAT_SOCKETS_PER_PERSON: '3' },
    });
    const first = await server.login('operator');
    const second = await server.login('operator');
    await server.connect(first);
    await server.connect(first);
    await server.connect(second);
    const refused = await server.connect(second).then(
      () => null,
      (err: Error) => err,
    );
    expect(refused?.message).toBe('TOO_MANY_CONNECTIONS');
    // Someone else is not affected.
    await expect(server.connect(await server.login('duty-manager'))).resolves.toBeDefined();
  });

  it('L-2: handshakes sent together on one session are counted one by one: exactly the cap is accepted', async () => {
    const clock = { now: Date.parse('2026-12-01T09:00:00Z') };
    const server = await servers.at(clock, undefined, { env: { CONCORDAT_SOCKETS_PER_SESSION: '8' } });
    const cookie = await server.login('operator');
    const outcomes = await Promise.allSettled(Array.from({ length: 40 }, () => server.connect(cookie)));
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(8);
    expect(
      outcomes.every((o) => o.status === 'fulfilled' || (o.reason as Error).message === 'TOO_MANY_CONNECTIONS'),
    ).toBe(true);
  });
});

describe('security events are logged (L-6)', () => {
  let server: TTestServer | null = null;
  afterEach(() => {
    server = null;
  });

  it('L-6: failed logins, logout, FORBIDDEN, RATE_LIMITED and the socket cap are logged with a username hash and the source, never the content', async () => {
    const clock = { now: Date.parse('2026-12-01T09:00:00Z') };
    server = await servers.at(clock, undefined, {
      env: {
        CONCORDAT_SESSION_COMMAND_BURST: '2',
        CONCORDAT_SESSION_COMMANDS_PER_SECOND: '0.1',
        CONCORDAT_SOCKETS_PER_SESSION: '1',
      },
    });
    const logger = server.app.services.logger;
    const lines: Record<string, unknown>[] = [];
    for (const level of ['warn', 'info'] as const) {
      vi.spyOn(logger, level).mockImplementation((obj: unknown) => {
        if (typeof obj === 'object' && obj !== null) lines.push(obj as Record<string, unknown>);
      });
    }
    const secret = 'Known to CMHT; mentioned a knife';

    await server.http(null, '/session', { method: 'POST', body: { username: 'operator', password: 'wrong one' } });
    const police = await server.consoleAs('police-officer');
    const totals = { commandId: commandId(), serviceId: crypto.randomUUID(), expectedVersion: 1 };
    expect(
      refusalOf(await police.socket.emitWithAck('service:set-totals', { ...totals, totals: { adult: 1, under18: 0 } })),
    ).toMatchObject({ code: 'FORBIDDEN' });
    expect((await server.http(police.cookie, '/admin/users')).status).toBe(403);
    const operator = await server.consoleAs('operator');
    const caseId = await openCard(operator.socket);
    await operator.socket.emitWithAck('case:add-note', note(caseId, secret));
    expect(refusalOf(await operator.socket.emitWithAck('case:add-note', note(caseId, secret)))).toMatchObject({
      code: 'RATE_LIMITED',
    });
    await expect(server.connect(operator.cookie)).rejects.toThrow('TOO_MANY_CONNECTIONS');
    expect((await server.http(operator.cookie, '/session', { method: 'DELETE' })).status).toBe(204);

    const events = lines.filter((l) => typeof l.event === 'string');
    const find = (event: string) => events.filter((l) => l.event === event);
    const source = expect.stringMatching(/127\.0\.0\.1$/);
    expect(find('login-failed')[0]).toMatchObject({ user: userHash('operator'), source });
    expect(find('forbidden')).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          security: true,
          user: userHash('police-officer'),
          source,
          action: 'service:set-totals',
        }),
        expect.objectContaining({ user: userHash('police-officer'), source, action: 'GET /api/v1/admin/users' }),
      ]),
    );
    expect(find('rate-limited')[0]).toMatchObject({ user: userHash('operator'), source, action: 'case:add-note' });
    expect(find('socket-cap-reached')[0]).toMatchObject({ user: userHash('operator'), source });
    expect(find('logout')[0]).toMatchObject({ user: userHash('operator'), source });
    const logged = JSON.stringify(lines);
    expect(logged).not.toContain(secret);
    expect(lines.some((l) => 'username' in l || 'text' in l || 'payload' in l)).toBe(false);
  });
});
