import { afterEach, describe, expect, inject, it } from 'vitest';
import type { TAck } from '@shared/errors';
import { redactCard } from '@shared/rules/redaction';
import type { TSyncResponse } from '@shared/protocol';
import type { TCommandResult } from '@shared/schemas/case';
import { freshDatabase } from '@db/postgres/test-postgres';
import { raiseDueAlerts } from './jobs/detention-alerts';
import {
  arrivalAt,
  chooseHealthPlace,
  commandId,
  detainedCard,
  newCard,
  PASSWORD,
  startTestServer,
  type TTestServer,
} from './test-support';

/**
 * Several nodes on one PostgreSQL (R-OPS-CLUSTER): two real servers, each with its own socket.io server,
 * linked by socket.io's PostgreSQL adapter, sharing one database.
 */

const MIN = 60_000;
const ok = (ack: TAck<TCommandResult>): TCommandResult => {
  if (!ack.ok) throw new Error(`${ack.error.code}: ${ack.error.message}`);
  return ack.data;
};

let nodes: TTestServer[] = [];
let drops: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const node of nodes) await node.close().catch(() => undefined);
  for (const drop of drops) await drop();
  nodes = [];
  drops = [];
});

/** Two nodes on one new database, on one clock. */
async function twoNodes(clock = { now: Date.parse('2026-11-23T01:00:00Z') }, env: Record<string, string> = {}) {
  const db = await freshDatabase(inject('postgresUrl'));
  drops.push(db.drop);
  const now = () => new Date(clock.now);
  const a = await startTestServer({ databaseUrl: db.url, now, env: { ...env, CONCORDAT_NODE_NAME: 'node-a' } });
  nodes.push(a);
  const b = await startTestServer({ databaseUrl: db.url, now, env: { ...env, CONCORDAT_NODE_NAME: 'node-b' } });
  nodes.push(b);
  return { a, b, clock };
}

describe('two nodes on one PostgreSQL (R-OPS-CLUSTER)', () => {
  it('a card created on node A reaches the duty manager on node B, and police on node B get the redacted form', async () => {
    const { a, b } = await twoNodes();
    const manager = await b.consoleAs('duty-manager');
    const police = await b.consoleAs('police-officer');
    const operator = await a.consoleAs('operator');

    const { card } = ok(await operator.socket.emitWithAck('case:create', newCard()));
    await expect.poll(() => manager.received.some((m) => m.card.id === card.id)).toBe(true);
    await expect.poll(() => police.received.some((m) => m.card.id === card.id)).toBe(true);

    const stored = await b.app.services.store.cases.get(card.id);
    if (!stored) throw new Error('the card is not in the shared database');
    const toPolice = police.received.find((m) => m.card.id === card.id);
    expect(toPolice?.card).toEqual(redactCard(stored, 'police'));
    expect(toPolice?.card.presentingConcerns).toBeNull();
    expect(manager.received.find((m) => m.card.id === card.id)?.card).toEqual(redactCard(stored, 'clinical'));
  });

  it('who views a card shows on consoles of the other node, and goes when they leave', async () => {
    const { a, b } = await twoNodes();
    const operator = await a.consoleAs('operator');
    const manager = await b.consoleAs('duty-manager');
    const { card } = ok(await operator.socket.emitWithAck('case:create', newCard()));
    const seen: { caseId: string; viewers: { id: string }[] }[] = [];
    manager.socket.on('presence:changed', (m) => seen.push(m));

    operator.socket.emit('presence:view', { caseId: card.id });
    await expect
      .poll(() => seen.some((m) => m.caseId === card.id && m.viewers.some((v) => v.id === 'demo-operator')))
      .toBe(true);
    operator.socket.emit('presence:view', { caseId: null });
    await expect.poll(() => seen.at(-1)).toEqual({ caseId: card.id, viewers: [] });
  });

  it('sign-in attempts are counted across nodes: ten wrong passwords split over both stop the eleventh on either', async () => {
    const { a, b } = await twoNodes();
    const attempt = (node: TTestServer, password: string) =>
      node.http(null, '/session', { method: 'POST', body: { username: 'operator', password } });
    for (let i = 0; i < 10; i++) expect((await attempt(i % 2 ? b : a, 'wrong password')).status).toBe(401);
    const refused = await attempt(a, PASSWORD);
    expect(refused.status).toBe(429);
    expect(((await refused.json()) as { code: string }).code).toBe('RATE_LIMITED');
    expect((await attempt(b, PASSWORD)).status).toBe(429);
  });

  it('sign-ins per client address are counted across nodes: the budget spent on both is refused on either', async () => {
    // The clock stands still, so nothing refills: only what each node tells the other can empty its budget.
    const { a, b } = await twoNodes(undefined, { CONCORDAT_LOGIN_LIMIT_PER_MINUTE: '4' });
    const attempt = (node: TTestServer) =>
      node.http(null, '/session', { method: 'POST', body: { username: 'nobody', password: 'wrong password' } });
    for (let i = 0; i < 4; i++) expect((await attempt(i % 2 ? b : a)).status).toBe(401);
    // Nodes tell each other what they let through every second.
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    for (const node of [a, b]) {
      const refused = await attempt(node);
      expect(refused.status).toBe(429);
      expect(((await refused.json()) as { code: string }).code).toBe('RATE_LIMITED');
    }
  });

  it('L-1: one login’s rate limit holds across nodes: a burst spent on node A is spent on node B too', async () => {
    // The clock stands still, so nothing refills: only what node A tells node B can empty B's bucket.
    const { a, b } = await twoNodes(undefined, {
      CONCORDAT_SESSION_COMMAND_BURST: '5',
      CONCORDAT_SESSION_COMMANDS_PER_SECOND: '0.01',
    });
    const cookie = await a.login('operator');
    const onA = await a.connect(cookie);
    const onB = await b.connect(cookie);
    const sync = (socket: typeof onA) => socket.emitWithAck('sync:since', { afterSeq: 0 });
    for (let i = 0; i < 5; i++) expect((await sync(onA)).ok).toBe(true);
    expect(await sync(onA)).toMatchObject({ ok: false, error: { code: 'RATE_LIMITED' } });
    // Nodes tell each other what they let through every second.
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    expect(await sync(onB)).toMatchObject({ ok: false, error: { code: 'RATE_LIMITED' } });
  });

  it('S-18: the alert job running on both nodes at once raises each alert once', async () => {
    const { a, b, clock } = await twoNodes();
    const { police, card } = await detainedCard(a, clock, 30);
    const c = ok(await chooseHealthPlace(police, card, 'emergency-department', 'Kestrel Vale General ED')).card;
    ok(await police.socket.emitWithAck('case:record-arrival', arrivalAt(c, new Date(clock.now).toISOString())));
    clock.now += 46 * MIN;
    const raised = await Promise.all([
      raiseDueAlerts(a.app.services),
      raiseDueAlerts(b.app.services),
      raiseDueAlerts(a.app.services),
      raiseDueAlerts(b.app.services),
    ]);
    expect(raised.reduce((sum, n) => sum + n, 0)).toBe(1);
    const history = await a.app.services.store.cases.history(c.id);
    expect(history.filter((e) => e.type === 'case.alert-raised')).toHaveLength(1);
  });

  it('S-8: with writers on both nodes at once, a console resyncing all the while sees every event exactly once', async () => {
    const { a, b } = await twoNodes();
    const writerA = await a.consoleAs('operator');
    const writerB = await b.consoleAs('triage-clinician');
    const reader = await b.consoleAs('duty-manager');
    const cards = await Promise.all(
      [writerA, writerB].map(async (w) => ok(await w.socket.emitWithAck('case:create', newCard())).card),
    );

    let writing = true;
    const seen: number[] = [];
    let cursor = 0;
    const resync = async () => {
      const answer: TAck<TSyncResponse> = await reader.socket.emitWithAck('sync:since', { afterSeq: cursor });
      if (!answer.ok || !answer.data.isComplete) throw new Error('sync failed');
      for (const entry of answer.data.entries) seen.push(entry.seq);
      cursor = Math.max(cursor, ...answer.data.entries.map((e) => e.seq));
    };
    const readerLoop = (async () => {
      while (writing) await resync();
    })();
    const notes = (writer: typeof writerA, caseId: string) =>
      Promise.all(
        Array.from({ length: 40 }, (_, i) =>
          writer.socket.emitWithAck('case:add-note', {
            commandId: commandId(),
            caseId,
            text: `note ${i}`,
            visibility: 'clinical',
          }),
        ),
      );
    const written = await Promise.all([
      notes(writerA, cards[0]?.id ?? ''),
      notes(writerB, cards[1]?.id ?? ''),
      notes(writerA, cards[1]?.id ?? ''),
    ]);
    expect(written.flat().every((r) => r.ok)).toBe(true);
    writing = false;
    await readerLoop;
    await resync();

    const all = await a.app.services.store.cases.eventsSince('kestrel-vale', 0, 10_000);
    expect(all.length).toBe(2 + 120);
    expect(new Set(seen).size).toBe(seen.length);
    expect([...seen].sort((x, y) => x - y)).toEqual(all.map((e) => e.seq));
  });
});
