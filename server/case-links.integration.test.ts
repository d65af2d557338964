import { describe, expect, it } from 'vitest';
import type { TAck } from '@shared/errors';
import type { TServiceChanged, TUnitChanged } from '@shared/protocol';
import { freePlaces } from '@shared/rules/capacity';
import type { TBoard } from '@shared/schemas/board';
import type { TCaseCard, TCommandResult } from '@shared/schemas/case';
import type { TServiceCommandResult } from '@shared/schemas/service';
import type { TUnitCommandResult } from '@shared/schemas/unit';
import {
  aRegistration,
  commandId,
  newCard,
  serversOnAClock,
  streetTriageOnShift,
  until,
  type TTestSocket,
} from './test-support';

const servers = serversOnAClock();

function ok<T>(ack: TAck<T>): T {
  if (!ack.ok) throw new Error(`${ack.error.code}: ${ack.error.message}`);
  return ack.data;
}

function collect<E extends 'unit:changed' | 'service:changed'>(socket: TTestSocket, event: E) {
  const seen: (E extends 'unit:changed' ? TUnitChanged : TServiceChanged)[] = [];
  socket.on(event, ((m: never) => seen.push(m)) as never);
  return seen;
}

const CLOSE_OUTCOME = {
  kind: 'stayed-home-with-safety-plan' as const,
  destinationOrSafetyNet: 'At home with her sister',
};

/**
 * A card with street-triage unit ST1 on shift (the demo nurse and officer), and a crisis café run by the
 * demo provider's organisation with four adult places (aRegistration).
 */
async function setUp() {
  const clock = { now: Date.parse('2026-11-23T20:00:00Z') };
  const server = await servers.at(clock);
  const manager = await server.consoleAs('duty-manager');
  const operator = await server.consoleAs('operator');
  const nurse = await server.consoleAs('triage-clinician');
  const provider = await server.consoleAs('provider');
  const unitId = await streetTriageOnShift(manager.socket, nurse.socket);
  const serviceId = crypto.randomUUID();
  ok<TServiceCommandResult>(await manager.socket.emitWithAck('service:register', aRegistration({ serviceId })));
  const card = ok<TCommandResult>(await operator.socket.emitWithAck('case:create', newCard())).card;
  return { clock, server, manager, operator, nurse, provider, unitId, serviceId, card };
}

const dispatch = (socket: TTestSocket, unitId: string, caseId: string) =>
  socket.emitWithAck('unit:dispatch', { commandId: commandId(), unitId, caseId });
const hold = (socket: TTestSocket, serviceId: string, caseId: string) =>
  socket.emitWithAck('hold:place', {
    commandId: commandId(),
    serviceId,
    holdId: crypto.randomUUID(),
    caseId,
    category: 'adult',
    note: '',
  });
const close = (socket: TTestSocket, card: TCaseCard) =>
  socket.emitWithAck('case:close', {
    commandId: commandId(),
    caseId: card.id,
    expectedVersion: card.version,
    outcome: CLOSE_OUTCOME,
  });

describe('a card, its crews and its places change together (R-LINK-CLOSE)', () => {
  it('R-LINK-CLOSE: closing a card with an accepted unit and a held place stands the unit down and releases the place in the same transaction; the crew, the provider and the board see it live', async () => {
    const { server, manager, operator, nurse, provider, unitId, serviceId, card } = await setUp();
    ok(await dispatch(operator.socket, unitId, card.id));
    ok(await nurse.socket.emitWithAck('unit:accept', { commandId: commandId(), unitId }));
    ok(await hold(operator.socket, serviceId, card.id));
    const boardBefore = (await (await server.http(manager.cookie, '/capacity/board')).json()) as TBoard;
    const crewSees = collect(nurse.socket, 'unit:changed');
    const providerSees = collect(provider.socket, 'service:changed');

    const closed = ok(await close(operator.socket, card));

    await until(() => crewSees.length > 0 && providerSees.length > 0);
    const stoodDown = crewSees.at(-1)?.unit;
    expect(stoodDown).toMatchObject({ status: 'available', assignment: null });
    expect(stoodDown?.stoodDown).toMatchObject({
      by: 'Olu Adeyemi',
      caseRef: card.ref,
      reason: `Card ${card.ref} was closed`,
    });
    const released = providerSees.at(-1)?.service;
    expect(released?.holds).toEqual([]);
    expect(released && freePlaces(released, 'adult')).toBe(4);
    // One command: the close, the stand-down and the release carry one commandId, in one run of sequence numbers.
    const closing = await server.app.services.store.streams.recentEvents(
      card.areaId,
      ['case.closed', 'hold.released', 'unit.stood-down'],
      closed.seq + 1,
      10,
    );
    expect(closing.map((e) => e.type).sort()).toEqual(['case.closed', 'hold.released', 'unit.stood-down']);
    expect(closing.map((e) => e.seq).sort()).toEqual([closed.seq - 2, closed.seq - 1, closed.seq]);
    expect(new Set(closing.map((e) => e.commandId)).size).toBe(1);
    const boardAfter = (await (await server.http(manager.cookie, '/capacity/board')).json()) as TBoard;
    expect(boardAfter.openCases.total).toBe(boardBefore.openCases.total - 1);
  });

  it('R-LINK-CLOSED: nothing is dispatched, held or accepted on a closed card', async () => {
    const { operator, nurse, unitId, serviceId, card } = await setUp();
    ok(await dispatch(operator.socket, unitId, card.id));
    ok(await close(operator.socket, card));
    // The close stood the unit down, so there is no dispatch left to accept.
    expect(await nurse.socket.emitWithAck('unit:accept', { commandId: commandId(), unitId })).toMatchObject({
      ok: false,
      error: { code: 'RULE_VIOLATION' },
    });
    expect(await dispatch(operator.socket, unitId, card.id)).toMatchObject({
      ok: false,
      error: { code: 'RULE_VIOLATION', ruleId: 'R-LINK-CLOSED' },
    });
    expect(await hold(operator.socket, serviceId, card.id)).toMatchObject({
      ok: false,
      error: { code: 'RULE_VIOLATION', ruleId: 'R-LINK-CLOSED' },
    });
  });

  it('R-LINK-CLOSE: a close racing the crew’s accept and a new hold ends consistent every time', async () => {
    const { server, operator, nurse, unitId, serviceId, card: first } = await setUp();
    let card = first;
    for (let round = 0; round < 15; round++) {
      ok(await dispatch(operator.socket, unitId, card.id));
      const [closing, accepting, holding] = await Promise.all([
        close(operator.socket, card),
        nurse.socket.emitWithAck('unit:accept', { commandId: commandId(), unitId }),
        hold(operator.socket, serviceId, card.id),
      ]);
      expect(closing.ok).toBe(true);
      const [unit, service, closed] = await Promise.all([
        server.app.services.store.units.get(unitId),
        server.app.services.store.services.get(serviceId),
        server.app.services.store.cases.get(card.id),
      ]);
      expect(closed?.status).toBe('closed');
      // Whatever won the race, nothing is left sent to or held for the closed card.
      expect(unit?.assignment).toBeNull();
      expect(service?.holds.filter((h) => h.caseId === card.id)).toEqual([]);
      // The accept and the hold either went first (and were undone by the close) or were refused.
      for (const ack of [accepting, holding]) if (!ack.ok) expect(ack.error.code).toBe('RULE_VIOLATION');
      card = ok<TCommandResult>(await operator.socket.emitWithAck('case:create', newCard())).card;
    }
  });

  it('R-LINK-STANDDOWN: the hub stands a unit down with a reason; the crew read who and why; crews cannot', async () => {
    const { operator, nurse, unitId, card } = await setUp();
    ok(await dispatch(operator.socket, unitId, card.id));
    expect(
      await nurse.socket.emitWithAck('unit:stand-down', { commandId: commandId(), unitId, reason: 'Not needed' }),
    ).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const crewSees = collect(nurse.socket, 'unit:changed');
    const unit = ok<TUnitCommandResult>(
      await operator.socket.emitWithAck('unit:stand-down', {
        commandId: commandId(),
        unitId,
        reason: 'Ambulance crew already on scene',
      }),
    ).unit;
    expect(unit).toMatchObject({ status: 'available', assignment: null });
    await until(() => crewSees.length > 0);
    expect(crewSees[0]?.unit.stoodDown).toMatchObject({
      by: 'Olu Adeyemi',
      caseRef: card.ref,
      reason: 'Ambulance crew already on scene',
    });
    expect(
      await operator.socket.emitWithAck('unit:stand-down', { commandId: commandId(), unitId, reason: 'Again' }),
    ).toMatchObject({ ok: false, error: { code: 'RULE_VIOLATION' } });
    // The next dispatch starts clean.
    const again = ok<TUnitCommandResult>(await dispatch(operator.socket, unitId, card.id)).unit;
    expect(again.stoodDown).toBeNull();
  });
});

describe('reopening a closed card (R-LINK-REOPEN)', () => {
  it('R-LINK-REOPEN: an operator reopens a closed card with a reason; it comes back open without its outcome, and nothing it had comes back', async () => {
    const { server, operator, nurse, unitId, card } = await setUp();
    ok(await dispatch(operator.socket, unitId, card.id));
    const closed = ok<TCommandResult>(await close(operator.socket, card)).card;
    expect(
      await nurse.socket.emitWithAck('case:reopen', {
        commandId: commandId(),
        caseId: card.id,
        expectedVersion: closed.version,
        reason: 'Caller rang back',
      }),
    ).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const reopened = ok<TCommandResult>(
      await operator.socket.emitWithAck('case:reopen', {
        commandId: commandId(),
        caseId: card.id,
        expectedVersion: closed.version,
        reason: 'Caller rang back',
      }),
    ).card;
    expect(reopened).toMatchObject({ status: 'open', outcome: null, closedAt: null });
    expect((await server.app.services.store.units.get(unitId))?.assignment).toBeNull();
    expect(
      await operator.socket.emitWithAck('case:reopen', {
        commandId: commandId(),
        caseId: card.id,
        expectedVersion: reopened.version,
        reason: 'Again',
      }),
    ).toMatchObject({ ok: false, error: { code: 'RULE_VIOLATION', ruleId: 'R-LINK-REOPEN' } });
    // A unit can be sent to it again.
    ok(await dispatch(operator.socket, unitId, card.id));
  });
});

describe('one timeline per card (R-LINK-TIMELINE)', () => {
  it('R-LINK-TIMELINE: the card’s timeline shows its crew’s dispatch, acceptance, statuses, SOS and stand-down and its place held and released, in commit order, for clinical and police readers, with no hold note and reasons for the clinical view only', async () => {
    const { server, operator, nurse, unitId, serviceId, card } = await setUp();
    ok(await dispatch(operator.socket, unitId, card.id));
    const accepted = ok<TUnitCommandResult>(
      await nurse.socket.emitWithAck('unit:accept', { commandId: commandId(), unitId }),
    ).unit;
    ok(
      await nurse.socket.emitWithAck('unit:set-status', {
        commandId: commandId(),
        unitId,
        status: 'en-route',
        expectedVersion: accepted.version,
      }),
    );
    // The crew's SOS and its acknowledgement stay on the card they were on.
    ok(await nurse.socket.emitWithAck('unit:sos', { commandId: commandId(), unitId }));
    ok(await operator.socket.emitWithAck('unit:acknowledge-sos', { commandId: commandId(), unitId }));
    ok(
      await operator.socket.emitWithAck('hold:place', {
        commandId: commandId(),
        serviceId,
        holdId: crypto.randomUUID(),
        caseId: card.id,
        category: 'adult',
        note: 'CANARY-HOLD-NOTE known to CMHT',
      }),
    );
    ok(await close(operator.socket, card));

    const police = await server.login('police-officer');
    for (const [cookie, standDown] of [
      [operator.cookie, `ST1 stood down: Card ${card.ref} was closed`],
      // Police read that the crew was stood down, not the hub's free-text reason (linkedReasonsTo).
      [police, 'ST1 stood down'],
    ] as const) {
      const answer = await server.http(cookie, `/cases/${card.id}`);
      const body = (await answer.json()) as { timeline: { seq: number; text: string; type: string }[] };
      expect(answer.status, JSON.stringify(body)).toBe(200);
      const { timeline } = body;
      expect(timeline.map((e) => e.seq)).toEqual([...timeline.map((e) => e.seq)].sort((a, b) => a - b));
      const lines = timeline.map((e) => e.text);
      expect(lines).toEqual(
        expect.arrayContaining([
          'ST1 dispatched',
          'ST1 accepted the dispatch',
          'ST1: En route',
          'ST1 sent an SOS',
          "ST1's SOS acknowledged",
          'Adult place held at Harbour Lights Crisis Café',
          standDown,
          'Released the adult place at Harbour Lights Crisis Café',
        ]),
      );
      expect(lines.indexOf('ST1 dispatched')).toBeLessThan(lines.indexOf('ST1 accepted the dispatch'));
      expect(JSON.stringify(timeline)).not.toContain('CANARY-HOLD-NOTE');
    }
  });
});
