import { describe, expect, it } from 'vitest';
import { logOf, ok } from './audit-test-support';
import { commandId, expectJson, newCard, s136Detention, serversOnAClock, waitForSeq } from './test-support';

const MIN = 60_000;
const servers = serversOnAClock();

describe('every disclosure of a card is recorded (R-IG-AUDIT)', () => {
  it('R-IG-AUDIT: queue, view, replays, detentions, intervals, command answers, conflicts and live pushes each leave an entry; the board none', async () => {
    const clock = { now: Date.parse('2026-12-01T09:00:00Z') };
    const server = await servers.at(clock);
    const police = await server.consoleAs('police-officer');
    const manager = await server.consoleAs('duty-manager');
    const board = await server.consoleAs('board');
    const person = newCard().person;
    const created = ok(await police.socket.emitWithAck('case:create', newCard({ channel: 'police', person })));
    const detained = ok(
      await police.socket.emitWithAck('case:detain', s136Detention(created.card, new Date(clock.now).toISOString())),
    );
    const id = detained.card.id;
    await waitForSeq(manager, detained.seq);
    // A stale change: refused with the card as it now is.
    const stale = await manager.socket.emitWithAck('case:update', {
      commandId: commandId(),
      caseId: id,
      expectedVersion: 1,
      changes: { priority: 'emergency' },
    });
    expect(stale.ok).toBe(false);
    await expectJson(await server.http(manager.cookie, '/cases'));
    await expectJson(await server.http(manager.cookie, `/cases/${id}`));
    await expectJson(await server.http(manager.cookie, '/events?after=0'));
    await expectJson(await server.http(manager.cookie, '/detentions'));
    await expectJson(await server.http(manager.cookie, `/cases/${id}/intervals`));
    const sync = await police.socket.emitWithAck('sync:since', { afterSeq: 0 });
    expect(sync.ok).toBe(true);
    expect(await (await server.http(board.cookie, '/cases')).json()).toMatchObject({ code: 'FORBIDDEN' });

    const log = await logOf(server, id);
    const sessions = async (username: string) =>
      (await server.app.services.store.sessions.listForUser(`demo-${username}`)).map((s) => `session:${s.id}`);
    const [policeSession] = await sessions('police-officer');
    const [managerSession] = await sessions('duty-manager');
    const entries = new Set(log.map((e) => `${e.user} ${e.action} ${e.source}`));
    expect([...entries].sort()).toEqual(
      [
        `police-officer command ${policeSession}`,
        `police-officer push ${policeSession}`,
        `police-officer replay ${policeSession}`,
        `duty-manager push ${managerSession}`,
        `duty-manager conflict ${managerSession}`,
        `duty-manager queue ${managerSession}`,
        `duty-manager view ${managerSession}`,
        `duty-manager replay ${managerSession}`,
        `duty-manager detentions ${managerSession}`,
        `duty-manager intervals ${managerSession}`,
      ].sort(),
    );
    expect(log.some((e) => e.user === 'board')).toBe(false);
  });

  it('R-IG-AUDIT: repeats of a card to one session are recorded once per 15-minute window; opening it once a minute', async () => {
    const clock = { now: Date.parse('2026-12-01T09:00:00Z') };
    const server = await servers.at(clock);
    const operator = await server.consoleAs('operator');
    const manager = await server.consoleAs('duty-manager');
    // A second console of the same session, and a second session of the same person.
    const sameSession = await server.connect(manager.cookie);
    const otherSession = await server.consoleAs('duty-manager');
    expect(sameSession.connected).toBe(true);
    let card = ok(await operator.socket.emitWithAck('case:create', newCard())).card;
    for (const priority of ['emergency', 'urgent', 'routine'] as const) {
      const changed = ok(
        await operator.socket.emitWithAck('case:update', {
          commandId: commandId(),
          caseId: card.id,
          expectedVersion: card.version,
          changes: { priority },
        }),
      );
      card = changed.card;
      await waitForSeq(manager, changed.seq);
      await waitForSeq(otherSession, changed.seq);
    }
    await expectJson(await server.http(manager.cookie, '/cases'));
    await expectJson(await server.http(manager.cookie, '/cases'));
    await expectJson(await server.http(manager.cookie, `/cases/${card.id}`));
    await expectJson(await server.http(manager.cookie, `/cases/${card.id}`));
    const count = (log: Awaited<ReturnType<typeof logOf>>, user: string, action: string) =>
      log.filter((e) => e.user === user && e.action === action).length;
    let log = await logOf(server, card.id);
    expect(count(log, 'duty-manager', 'push')).toBe(2); // one per session, four pushes each
    expect(count(log, 'operator', 'push')).toBe(1);
    expect(count(log, 'operator', 'command')).toBe(1);
    expect(count(log, 'duty-manager', 'queue')).toBe(1);
    expect(count(log, 'duty-manager', 'view')).toBe(1);
    // Opened again from another session, and from the same one a minute later: each is an entry.
    await expectJson(await server.http(otherSession.cookie, `/cases/${card.id}`));
    clock.now += 1 * MIN;
    await expectJson(await server.http(manager.cookie, `/cases/${card.id}`));
    log = await logOf(server, card.id);
    expect(count(log, 'duty-manager', 'view')).toBe(3);

    clock.now += 13 * MIN;
    await expectJson(await server.http(manager.cookie, '/cases'));
    log = await logOf(server, card.id);
    expect(count(log, 'duty-manager', 'queue')).toBe(1);
    clock.now += 2 * MIN;
    await expectJson(await server.http(manager.cookie, '/cases'));
    log = await logOf(server, card.id);
    expect(count(log, 'duty-manager', 'queue')).toBe(2);
  });
});
