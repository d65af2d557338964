import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TCaseList, TCaseWithTimeline, TCommandResult } from '@shared/schemas/case';
import { commandId, newCard, nextChange, PASSWORD, startTestServer, type TTestServer } from './test-support';

let server: TTestServer;
beforeEach(async () => {
  server = await startTestServer();
});
afterEach(async () => {
  await server.close();
});

async function createViaHttp(cookie: string, overrides = {}): Promise<TCommandResult> {
  const res = await server.http(cookie, '/cases', { method: 'POST', body: newCard(overrides) });
  expect(res.status).toBe(201);
  return (await res.json()) as TCommandResult;
}

describe('HTTP API /api/v1', () => {
  it('logs in with JSON credentials and sets an httpOnly, SameSite=Strict session cookie', async () => {
    const res = await fetch(`${server.app.url}/api/v1/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'operator', password: PASSWORD }),
    });
    expect(res.status).toBe(200);
    const cookie = res.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/concordat_session=/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Strict/i);
    expect(await res.json()).toMatchObject({ user: { username: 'operator', role: 'operator' } });
  });

  it('refuses a wrong password with the same message as an unknown user', async () => {
    const wrong = await server.http(null, '/session', {
      method: 'POST',
      body: { username: 'operator', password: 'nope' },
    });
    const unknown = await server.http(null, '/session', {
      method: 'POST',
      body: { username: 'nobody', password: 'nope' },
    });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(await wrong.json()).toEqual(await unknown.json());
  });

  it('refuses reads without a session', async () => {
    const res = await server.http(null, '/cases');
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ code: 'UNAUTHENTICATED' });
  });

  it('creates a card over HTTP, and live consoles receive it', async () => {
    const cookie = await server.login('operator');
    const manager = await server.consoleAs('duty-manager');
    const received = nextChange(manager.socket);
    const created = await createViaHttp(cookie);
    expect((await received).card.id).toBe(created.card.id);
    const list = (await (await server.http(cookie, '/cases')).json()) as TCaseList;
    expect(list.cases.map((c) => c.id)).toContain(created.card.id);
    expect(list.headSeq).toBe(created.seq);
  });

  it('R-TEXT-NUL: text holding U+0000 is refused as VALIDATION over HTTP and over the socket, and nothing is written', async () => {
    const operator = await server.consoleAs('operator');
    const created = await createViaHttp(operator.cookie);
    const head = await server.app.services.store.cases.headSeq();

    const overHttp = await server.http(operator.cookie, `/cases/${created.card.id}/notes`, {
      method: 'POST',
      body: { commandId: commandId(), text: 'a\u0000b', visibility: 'clinical' },
    });
    expect(overHttp.status).toBe(400);
    expect(await overHttp.json()).toMatchObject({ code: 'VALIDATION', message: expect.stringContaining('NUL') });
    const overSocket = await operator.socket.emitWithAck('case:add-note', {
      commandId: commandId(),
      caseId: created.card.id,
      text: 'a\u0000b',
      visibility: 'clinical',
    });
    expect(overSocket).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    const asCreated = await operator.socket.emitWithAck('case:create', newCard({ summary: 'x\u0000' }));
    expect(asCreated).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });

    expect(await server.app.services.store.cases.headSeq()).toBe(head);
    // The same console carries on.
    const note = await operator.socket.emitWithAck('case:add-note', {
      commandId: commandId(),
      caseId: created.card.id,
      text: 'a\\u0000 written out is fine',
      visibility: 'clinical',
    });
    expect(note.ok).toBe(true);
  });

  it('R-IG-AUDIT: every view of a card is recorded with who, role and when', async () => {
    const cookie = await server.login('operator');
    const police = await server.login('police-officer');
    const { card } = await createViaHttp(cookie);
    await server.http(cookie, `/cases/${card.id}`);
    await server.http(police, `/cases/${card.id}`);
    // Opening a card is recorded (once a minute per session; the command's answer and live pushes too).
    const log = (await server.app.services.store.accessLog.forCase(card.id)).filter((e) => e.action === 'view');
    expect(log.map((e) => [e.userId, e.role, e.action])).toEqual([
      ['demo-operator', 'operator', 'view'],
      ['demo-police-officer', 'police-officer', 'view'],
    ]);
  });

  it('R-IG-MIN: a police officer’s HTTP read is redacted; a role without need to know is refused', async () => {
    const operator = await server.login('operator');
    const { card } = await createViaHttp(operator, { presentingConcerns: 'Detailed clinical history' });
    await server.http(operator, `/cases/${card.id}/notes`, {
      method: 'POST',
      body: { commandId: commandId(), text: 'Clinical only note', visibility: 'clinical' },
    });
    const police = await server.login('police-officer');
    const body = (await (await server.http(police, `/cases/${card.id}`)).json()) as TCaseWithTimeline;
    expect(body.card.presentingConcerns).toBeNull();
    expect(JSON.stringify(body)).not.toMatch(/Detailed clinical history|Clinical only note/);
    expect(body.timeline.map((e) => e.type)).toEqual(['case.created', 'case.note-added']);

    const provider = await server.login('provider');
    expect((await server.http(provider, `/cases/${card.id}`)).status).toBe(403);
    expect((await server.http(provider, '/cases')).status).toBe(403);
  });

  it('S-5: a stale PATCH gets 409 with the current card', async () => {
    const cookie = await server.login('operator');
    const { card } = await createViaHttp(cookie);
    const patch = (summary: string) =>
      server.http(cookie, `/cases/${card.id}`, {
        method: 'PATCH',
        body: { commandId: commandId(), expectedVersion: 1, changes: { summary } },
      });
    expect((await patch('first')).status).toBe(200);
    const stale = await patch('second');
    expect(stale.status).toBe(409);
    expect(await stale.json()).toMatchObject({
      code: 'CONFLICT',
      conflict: { current: { summary: 'first', version: 2 } },
    });
  });

  it('R-NTA-1: closing needs an outcome; with one the card leaves the queue', async () => {
    const cookie = await server.login('operator');
    const { card } = await createViaHttp(cookie);
    const noOutcome = await server.http(cookie, `/cases/${card.id}/close`, {
      method: 'POST',
      body: { commandId: commandId(), expectedVersion: 1 },
    });
    expect(noOutcome.status).toBe(400);
    expect(await noOutcome.json()).toMatchObject({
      code: 'VALIDATION',
      issues: [expect.objectContaining({ path: 'outcome' })],
    });

    const closed = await server.http(cookie, `/cases/${card.id}/close`, {
      method: 'POST',
      body: {
        commandId: commandId(),
        expectedVersion: 1,
        outcome: { kind: 'crisis-alternative', destinationOrSafetyNet: 'Harbour Lights café, 22:00' },
      },
    });
    expect(closed.status).toBe(200);
    const list = (await (await server.http(cookie, '/cases')).json()) as TCaseList;
    expect(list.cases.map((c) => c.id)).not.toContain(card.id);
  });

  it('answers malformed JSON with a typed error and no stack trace', async () => {
    const cookie = await server.login('operator');
    const res = await fetch(`${server.app.url}/api/v1/cases`, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/json', origin: server.origin },
      body: '{"summary":',
    });
    expect(res.status).toBe(400);
    const text = await res.text();
    expect(JSON.parse(text)).toMatchObject({ code: 'VALIDATION' });
    expect(text).not.toMatch(/at .*\.ts|node_modules|SyntaxError/);
  });

  it('serves an OpenAPI 3.1 document generated from the shared schemas', async () => {
    const doc = (await (await fetch(`${server.app.url}/api/v1/openapi.json`)).json()) as {
      openapi: string;
      paths: Record<string, Record<string, unknown>>;
      components: { schemas: Record<string, unknown> };
    };
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/api/v1/session', '/api/v1/cases', '/api/v1/cases/{id}', '/api/v1/cases/{id}/close']),
    );
    expect(doc.paths['/api/v1/cases']).toHaveProperty('post');
    expect(doc.components.schemas).toHaveProperty('CaseCreateRequest');
    expect(doc.components.schemas).toHaveProperty('CaseCard');
  });

  it('answers /healthz', async () => {
    const res = await fetch(`${server.app.url}/healthz`);
    expect(await res.json()).toEqual({ ok: true });
  });
});
