import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { io } from 'socket.io-client';
import type { TAck } from '@shared/errors';
import { PROTOCOL_VERSION } from '@shared/protocol';
import type { TCommandResult } from '@shared/schemas/case';
import { commandId, newCard, nextChange, startTestServer, waitForSeq, type TTestServer } from './test-support';

let server: TTestServer;
/** The log's head once the test accounts exist (their creation is in the log too). */
let baseline = 0;
beforeEach(async () => {
  server = await startTestServer();
  baseline = await server.app.services.store.cases.headSeq();
});
afterEach(async () => {
  await server.close();
});

const ok = (ack: TAck<TCommandResult>): TCommandResult => {
  if (!ack.ok) throw new Error(`expected ok, got ${ack.error.code}: ${ack.error.message}`);
  return ack.data;
};
const eventCount = () => server.app.services.store.cases.headSeq();
/** Events written since the test began. */
const newEvents = async () => (await eventCount()) - baseline;

describe('case cards over sockets', () => {
  it('S-3: a created card is acked, stored, and reaches another role’s console after commit', async () => {
    const operator = await server.consoleAs('operator');
    const manager = await server.consoleAs('duty-manager');
    const received = nextChange(manager.socket);

    const result = ok(await operator.socket.emitWithAck('case:create', newCard({ summary: 'Caller on the bridge' })));

    expect(result.card).toMatchObject({ summary: 'Caller on the bridge', version: 1, status: 'open' });
    const stored = await server.app.services.store.cases.get(result.card.id);
    expect(stored?.summary).toBe('Caller on the bridge');
    const message = await received;
    expect(message.seq).toBe(result.seq);
    expect(message.card).toEqual(result.card);
    expect(message.entry.type).toBe('case.created');
  });

  it('R-IG-MIN: a police console receives the redacted form of the same change', async () => {
    const operator = await server.consoleAs('operator');
    const police = await server.consoleAs('police-officer');
    const received = nextChange(police.socket);

    const { card } = ok(
      await operator.socket.emitWithAck('case:create', newCard({ presentingConcerns: 'Stopped lithium last week' })),
    );
    const note = ok(
      await operator.socket.emitWithAck('case:add-note', {
        commandId: commandId(),
        caseId: card.id,
        text: 'Two admissions in 2025',
        visibility: 'clinical',
      }),
    );

    const created = await received;
    await waitForSeq(police, note.seq);
    expect(created.card.presentingConcerns).toBeNull();
    expect(created.card.person.nhsNumber).toBeNull();
    expect(created.card.caller).toBeNull();
    expect(created.card.location.description).toBe('Market Square');
    const noted = police.received.find((m) => m.entry.type === 'case.note-added');
    expect(noted?.entry.text).toBe('Clinical note added (not shared with your role)');
    expect(JSON.stringify(police.received)).not.toMatch(/lithium|admissions|Hearing voices/);
  });

  it('S-5: a stale version is rejected with a typed conflict; nothing changes and nothing is broadcast', async () => {
    const operator = await server.consoleAs('operator');
    const clinician = await server.consoleAs('triage-clinician');
    const manager = await server.consoleAs('duty-manager');
    const { card } = ok(await operator.socket.emitWithAck('case:create', newCard()));
    const theirs = ok(
      await clinician.socket.emitWithAck('case:update', {
        commandId: commandId(),
        caseId: card.id,
        expectedVersion: 1,
        changes: { priority: 'emergency' },
      }),
    );
    await waitForSeq(manager, theirs.seq);
    const before = await eventCount();
    const next = nextChange(manager.socket);

    const ack = await operator.socket.emitWithAck('case:update', {
      commandId: commandId(),
      caseId: card.id,
      expectedVersion: 1,
      changes: { priority: 'routine', summary: 'Operator’s stale edit' },
    });

    expect(ack.ok).toBe(false);
    if (ack.ok) return;
    expect(ack.error.code).toBe('CONFLICT');
    expect(ack.error.conflict?.current.version).toBe(2);
    expect(ack.error.conflict?.current.priority).toBe('emergency');
    expect(ack.error.conflict?.changes).toEqual([
      expect.objectContaining({ fields: ['priority'], actor: expect.objectContaining({ role: 'triage-clinician' }) }),
    ]);
    expect(ack.error.conflict?.overlappingFields).toEqual(['priority']);
    expect(await eventCount()).toBe(before);
    expect((await server.app.services.store.cases.get(card.id))?.priority).toBe('emergency');
    // The next thing the manager hears is a later, valid change, not the rejected one.
    const later = ok(
      await clinician.socket.emitWithAck('case:take-ownership', {
        commandId: commandId(),
        caseId: card.id,
        expectedVersion: 2,
      }),
    );
    expect((await next).seq).toBe(later.seq);
  });

  it('S-7: two notes from two people never conflict', async () => {
    const operator = await server.consoleAs('operator');
    const clinician = await server.consoleAs('triage-clinician');
    const { card } = ok(await operator.socket.emitWithAck('case:create', newCard()));
    const [a, b] = await Promise.all([
      operator.socket.emitWithAck('case:add-note', {
        commandId: commandId(),
        caseId: card.id,
        text: 'From the operator',
        visibility: 'clinical',
      }),
      clinician.socket.emitWithAck('case:add-note', {
        commandId: commandId(),
        caseId: card.id,
        text: 'From the clinician',
        visibility: 'all-agencies',
      }),
    ]);
    expect(a.ok && b.ok).toBe(true);
    const history = await server.app.services.store.cases.history(card.id);
    const notes = history.flatMap((e) => (e.type === 'case.note-added' ? [e.data.text] : []));
    expect(notes.sort()).toEqual(['From the clinician', 'From the operator']);
  });

  it('S-1: an invalid payload is rejected with typed issues; nothing persisted, nothing broadcast', async () => {
    const operator = await server.consoleAs('operator');
    const manager = await server.consoleAs('duty-manager');
    const before = await eventCount();
    const next = nextChange(manager.socket);

    const ack = await operator.socket.emitWithAck('case:create', {
      ...newCard(),
      summary: '',
      person: { ...newCard().person, nhsNumber: '1234567890' },
    });

    expect(ack.ok).toBe(false);
    if (ack.ok) return;
    expect(ack.error.code).toBe('VALIDATION');
    expect(ack.error.issues?.map((i) => i.path)).toEqual(expect.arrayContaining(['summary', 'person.nhsNumber']));
    expect(await eventCount()).toBe(before);
    const valid = ok(await operator.socket.emitWithAck('case:create', newCard()));
    expect((await next).seq).toBe(valid.seq);
  });

  it('S-1: an unauthorised role is refused with FORBIDDEN; nothing persisted, nothing broadcast', async () => {
    const provider = await server.consoleAs('provider');
    const operator = await server.consoleAs('operator');
    const manager = await server.consoleAs('duty-manager');
    const before = await eventCount();
    const next = nextChange(manager.socket);

    const ack = await provider.socket.emitWithAck('case:create', newCard());

    expect(ack).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await eventCount()).toBe(before);
    const valid = ok(await operator.socket.emitWithAck('case:create', newCard()));
    expect((await next).seq).toBe(valid.seq);
    expect(provider.received).toEqual([]);
  });

  it('R-IG-MIN: police cannot overwrite clinical fields they were never shown', async () => {
    const operator = await server.consoleAs('operator');
    const police = await server.consoleAs('police-officer');
    const { card } = ok(await operator.socket.emitWithAck('case:create', newCard()));
    const ack = await police.socket.emitWithAck('case:update', {
      commandId: commandId(),
      caseId: card.id,
      expectedVersion: 1,
      changes: { presentingConcerns: '' },
    });
    expect(ack).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', ruleId: 'R-IG-MIN' } });
    expect((await server.app.services.store.cases.get(card.id))?.presentingConcerns).toBe(card.presentingConcerns);
  });

  it('S-4: a repeated commandId is applied once and returns the first result', async () => {
    const operator = await server.consoleAs('operator');
    const manager = await server.consoleAs('duty-manager');
    const payload = newCard();

    const first = ok(await operator.socket.emitWithAck('case:create', payload));
    const second = ok(await operator.socket.emitWithAck('case:create', payload));
    const third = ok(await operator.socket.emitWithAck('case:create', payload));

    expect(second.seq).toBe(first.seq);
    expect(third.card.id).toBe(first.card.id);
    expect(await eventCount()).toBe(first.seq);
    expect((await server.app.services.store.cases.listOpen('kestrel-vale')).length).toBe(1);
    const marker = ok(await operator.socket.emitWithAck('case:create', newCard()));
    await waitForSeq(manager, marker.seq);
    expect(manager.received.map((m) => m.seq)).toEqual([first.seq, marker.seq]);
  });

  it('S-4: a commandId reused by someone else is refused', async () => {
    const operator = await server.consoleAs('operator');
    const clinician = await server.consoleAs('triage-clinician');
    const payload = newCard();
    ok(await operator.socket.emitWithAck('case:create', payload));
    const ack = await clinician.socket.emitWithAck('case:create', payload);
    expect(ack).toMatchObject({ ok: false, error: { code: 'IDEMPOTENCY_MISMATCH' } });
  });

  it('S-8, S-9: a console that reconnects with its last sequence receives exactly what it missed', async () => {
    const operator = await server.consoleAs('operator');
    const manager = await server.consoleAs('duty-manager');
    const { card, seq: lastSeq } = ok(await operator.socket.emitWithAck('case:create', newCard()));
    await waitForSeq(manager, lastSeq);
    manager.socket.disconnect();

    const missed = [
      ok(
        await operator.socket.emitWithAck('case:add-note', {
          commandId: commandId(),
          caseId: card.id,
          text: 'one',
          visibility: 'clinical',
        }),
      ).seq,
      ok(
        await operator.socket.emitWithAck('case:update', {
          commandId: commandId(),
          caseId: card.id,
          expectedVersion: 2,
          changes: { priority: 'emergency' },
        }),
      ).seq,
      ok(await operator.socket.emitWithAck('case:create', newCard({ summary: 'Another' }))).seq,
    ];

    const again = await server.connect(manager.cookie);
    const sync = await again.emitWithAck('sync:since', { afterSeq: lastSeq });
    expect(sync.ok).toBe(true);
    if (!sync.ok || !sync.data.isComplete) throw new Error('expected a complete sync');
    expect(sync.data.entries.map((e) => e.seq)).toEqual(missed);
    expect(sync.data.headSeq).toBe(missed[2]);
    expect(sync.data.cards).toHaveLength(2);
    const updated = sync.data.cards.find((c) => c.id === card.id);
    expect(updated).toMatchObject({ version: 3, priority: 'emergency' });
  });

  it('S-9: a resync for a police console is redacted too', async () => {
    const operator = await server.consoleAs('operator');
    ok(await operator.socket.emitWithAck('case:create', newCard({ presentingConcerns: 'Secret clinical history' })));
    const police = await server.connect(await server.login('police-officer'));
    const sync = await police.emitWithAck('sync:since', { afterSeq: 0 });
    if (!sync.ok || !sync.data.isComplete) throw new Error('expected a complete sync');
    expect(sync.data.entries).toHaveLength(1);
    expect(sync.data.cards[0]?.presentingConcerns).toBeNull();
    expect(JSON.stringify(sync.data)).not.toContain('Secret clinical history');
  });
});

describe('socket handshake and session', () => {
  it('S-11: a socket from a foreign Origin is refused', async () => {
    const cookie = await server.login('operator');
    await expect(server.connect(cookie, { origin: 'https://evil.example' })).rejects.toThrow();
  });

  it('S-11: a state-changing HTTP request from a foreign Origin is refused', async () => {
    const cookie = await server.login('operator');
    const res = await server.http(cookie, '/cases', {
      method: 'POST',
      body: newCard(),
      origin: 'https://evil.example',
    });
    expect(res.status).toBe(403);
    expect(await newEvents()).toBe(0);
  });

  it('S-13: a socket without a session is refused', async () => {
    await expect(server.connect(null)).rejects.toThrow('UNAUTHENTICATED');
  });

  it('S-14: an old client protocol is told to reload', async () => {
    const cookie = await server.login('operator');
    await expect(server.connect(cookie, { protocolVersion: 0 })).rejects.toThrow('PROTOCOL_MISMATCH');
  });

  it('S-15: the handshake carries the server clock and the head of the event log', async () => {
    const cookie = await server.login('operator');
    const handshake = await new Promise<{ serverTime: string; headSeq: number; protocolVersion: number }>((resolve) => {
      const socket = io(server.app.url, {
        transports: ['websocket'],
        forceNew: true,
        reconnection: false,
        auth: { protocolVersion: PROTOCOL_VERSION },
        extraHeaders: { cookie, origin: server.origin },
      });
      socket.once('session:ready', (h: { serverTime: string; headSeq: number; protocolVersion: number }) => {
        socket.disconnect();
        resolve(h);
      });
    });
    expect(Math.abs(new Date(handshake.serverTime).getTime() - Date.now())).toBeLessThan(5_000);
    expect(handshake).toMatchObject({ headSeq: baseline, protocolVersion: PROTOCOL_VERSION });
  });

  it('S-13: logout disconnects that session’s sockets', async () => {
    const operator = await server.consoleAs('operator');
    const disconnected = new Promise<string>((resolve) => operator.socket.once('disconnect', resolve));
    const res = await server.http(operator.cookie, '/session', { method: 'DELETE' });
    expect(res.status).toBe(204);
    expect(await disconnected).toBe('io server disconnect');
    await expect(server.connect(operator.cookie)).rejects.toThrow('UNAUTHENTICATED');
  });

  it('S-16: presence says who is viewing a card and is never stored', async () => {
    const operator = await server.consoleAs('operator');
    const manager = await server.consoleAs('duty-manager');
    const { card } = ok(await operator.socket.emitWithAck('case:create', newCard()));
    const seen = new Promise<{ caseId: string; viewers: { name: string }[] }>((resolve) =>
      manager.socket.on('presence:changed', (p) => p.viewers.length > 0 && resolve(p)),
    );
    operator.socket.emit('presence:view', { caseId: card.id });
    const presence = await seen;
    expect(presence.caseId).toBe(card.id);
    expect(presence.viewers.map((v) => v.name)).toEqual(['Olu Adeyemi']);
    expect(await newEvents()).toBe(1);
  });
});

describe('session expiry', () => {
  it('S-13: once a session expires its socket can no longer act and is disconnected', async () => {
    await server.close();
    let nowMs = Date.now();
    server = await startTestServer({ now: () => new Date(nowMs) });
    baseline = await eventCount();
    const operator = await server.consoleAs('operator');
    const disconnected = new Promise<string>((resolve) => operator.socket.once('disconnect', resolve));
    nowMs += 13 * 3_600_000;

    const ack = await operator.socket.emitWithAck('case:create', newCard());

    expect(ack).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
    expect(await disconnected).toBe('io server disconnect');
    expect(await newEvents()).toBe(0);
  });
});
