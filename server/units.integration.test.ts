import { describe, expect, it } from 'vitest';
import { ALERT_RULES } from '@shared/config/alert-rules';
import { DISPATCH_RULES } from '@shared/config/dispatch';
import type { TAck } from '@shared/errors';
import type { TUnitChanged } from '@shared/protocol';
import type { TResponseIntervals, TUnit, TUnitCommandResult } from '@shared/schemas/unit';
import type { TService } from '@shared/schemas/service';
import type { TBoard } from '@shared/schemas/board';
import { escalateUnacknowledgedAlerts } from './jobs/alert-escalation';
import { escalateOverdueDispatches } from './jobs/dispatch-escalation';
import {
  aRegistration,
  commandId,
  newCard,
  serversOnAClock,
  streetTriageOnShift,
  until,
  type TTestSocket,
} from './test-support';

const MIN = 60_000;
const servers = serversOnAClock();

const ok = (ack: TAck<TUnitCommandResult>): TUnit => {
  if (!ack.ok) throw new Error(`${ack.error.code}: ${ack.error.message}`);
  return ack.data.unit;
};

/** A server on a hand-moved clock with ST1 (the demo triage nurse and officer) on shift, and a card. */
async function setUp() {
  const clock = { now: Date.parse('2026-11-23T20:00:00Z') };
  const server = await servers.at(clock);
  const manager = await server.consoleAs('duty-manager');
  const operator = await server.consoleAs('operator');
  const nurse = await server.consoleAs('triage-clinician');
  const unitId = await streetTriageOnShift(manager.socket, nurse.socket);
  const created = await operator.socket.emitWithAck('case:create', newCard());
  if (!created.ok) throw new Error(created.error.message);
  return { clock, server, manager, operator, nurse, unitId, caseId: created.data.card.id };
}

function unitChanges(socket: TTestSocket): TUnitChanged[] {
  const seen: TUnitChanged[] = [];
  socket.on('unit:changed', (m) => seen.push(m));
  return seen;
}

describe('dispatch with accepted handoffs', () => {
  it('dispatch → accept → status changes reach the operator’s console, in order', async () => {
    const { operator, nurse, unitId, caseId } = await setUp();
    const seen = unitChanges(operator.socket);
    ok(await operator.socket.emitWithAck('unit:dispatch', { commandId: commandId(), unitId, caseId }));
    const accepted = ok(await nurse.socket.emitWithAck('unit:accept', { commandId: commandId(), unitId }));
    const enRoute = ok(
      await nurse.socket.emitWithAck('unit:set-status', {
        commandId: commandId(),
        unitId,
        status: 'en-route',
        expectedVersion: accepted.version,
      }),
    );
    ok(
      await nurse.socket.emitWithAck('unit:set-status', {
        commandId: commandId(),
        unitId,
        status: 'on-scene',
        expectedVersion: enRoute.version,
      }),
    );
    await until(() => seen.length >= 4);
    expect(seen.map((m) => m.unit.status)).toEqual(['dispatched', 'dispatched', 'en-route', 'on-scene']);
    expect(seen[1]?.unit.assignment?.acceptedAt).not.toBeNull();
    expect(seen.map((m) => m.seq)).toEqual([...seen.map((m) => m.seq)].sort((a, b) => a - b));
  });

  it('S-23: an unaccepted dispatch escalates back to the hub after the configured time, once', async () => {
    const { clock, server, operator, unitId, caseId } = await setUp();
    ok(await operator.socket.emitWithAck('unit:dispatch', { commandId: commandId(), unitId, caseId }));
    clock.now += (DISPATCH_RULES.acceptWithinMinutes - 1) * MIN;
    expect(await escalateOverdueDispatches(server.app.services)).toBe(0);
    clock.now += 1 * MIN;
    const seen = unitChanges(operator.socket);
    expect(await escalateOverdueDispatches(server.app.services)).toBe(1);
    expect(await escalateOverdueDispatches(server.app.services)).toBe(0);
    await until(() => seen.length === 1);
    expect(seen[0]?.unit.assignment?.escalatedAt).toBe(new Date(clock.now).toISOString());
    expect(seen[0]?.unit.status).toBe('dispatched');
  });

  it('a unit committed elsewhere is taken only by a re-task with a reason', async () => {
    const { operator, unitId, caseId } = await setUp();
    ok(await operator.socket.emitWithAck('unit:dispatch', { commandId: commandId(), unitId, caseId }));
    const other = await operator.socket.emitWithAck('case:create', newCard());
    if (!other.ok) throw new Error(other.error.message);
    const refused = await operator.socket.emitWithAck('unit:dispatch', {
      commandId: commandId(),
      unitId,
      caseId: other.data.card.id,
    });
    expect(refused).toMatchObject({ ok: false, error: { code: 'RULE_VIOLATION' } });
    const retasked = ok(
      await operator.socket.emitWithAck('unit:dispatch', {
        commandId: commandId(),
        unitId,
        caseId: other.data.card.id,
        retaskReason: 'Higher risk: person on the bridge',
      }),
    );
    expect(retasked.assignment?.caseId).toBe(other.data.card.id);
  });

  it('a crew member of another unit cannot accept, and a board cannot see units', async () => {
    const { server, operator, unitId, caseId } = await setUp();
    ok(await operator.socket.emitWithAck('unit:dispatch', { commandId: commandId(), unitId, caseId }));
    const paramedic = await server.consoleAs('ambulance-clinician');
    expect(await paramedic.socket.emitWithAck('unit:accept', { commandId: commandId(), unitId })).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
    const board = await server.login('board');
    expect(await (await server.http(board, '/units')).json()).toEqual({ units: [] });
  });
});

describe('SOS the crew can trust', () => {
  it('SOS: the crew’s SOS carries the job and the position at that moment; the crew’s screen learns who acknowledged it and when, live', async () => {
    const { clock, operator, nurse, unitId, caseId } = await setUp();
    ok(await operator.socket.emitWithAck('unit:dispatch', { commandId: commandId(), unitId, caseId }));
    ok(await nurse.socket.emitWithAck('unit:accept', { commandId: commandId(), unitId }));
    const crew = unitChanges(nurse.socket);
    const raised = ok(
      await nurse.socket.emitWithAck('unit:sos', {
        commandId: commandId(),
        unitId,
        position: { lat: 52.4101, lng: -1.5102 },
      }),
    );
    expect(raised.sos).toMatchObject({
      at: new Date(clock.now).toISOString(),
      location: { lat: 52.4101, lng: -1.5102, source: 'device' },
      acknowledgedBy: null,
      acknowledgedAt: null,
    });
    expect(raised.sos?.caseRef).toMatch(/^C-/);
    clock.now += 40_000;
    ok(await operator.socket.emitWithAck('unit:acknowledge-sos', { commandId: commandId(), unitId }));
    await until(() => crew.some((m) => m.unit.sos?.acknowledgedBy));
    expect(crew.at(-1)?.unit.sos).toMatchObject({
      acknowledgedBy: 'Olu Adeyemi',
      acknowledgedAt: new Date(clock.now).toISOString(),
    });
    // A crew cannot acknowledge their own SOS.
    const second = ok(await nurse.socket.emitWithAck('unit:sos', { commandId: commandId(), unitId }));
    const refused = await nurse.socket.emitWithAck('unit:acknowledge-sos', { commandId: commandId(), unitId });
    expect(refused.ok ? null : refused.error.code).toBe('FORBIDDEN');
    expect(second.sos?.location?.lat).toBe(52.4101);
  });
});

describe('replays from a tablet that was offline', () => {
  it('S-30: a tablet’s kept changes go in one round trip, in order, chained on each other; a repeat applies nothing twice', async () => {
    const { server, manager, operator, nurse, unitId, caseId } = await setUp();
    const serviceId = crypto.randomUUID();
    const registered = await manager.socket.emitWithAck('service:register', aRegistration({ serviceId }));
    expect(registered.ok).toBe(true);
    const dispatched = ok(
      await operator.socket.emitWithAck('unit:dispatch', { commandId: commandId(), unitId, caseId }),
    );
    const entries = [
      { name: 'unit:accept' as const, payload: { commandId: commandId(), unitId }, followsPrevious: false },
      {
        name: 'unit:set-status' as const,
        // Made offline on the screen's version: the server bases it on the accept's result instead.
        payload: { commandId: commandId(), unitId, status: 'en-route', expectedVersion: dispatched.version },
        followsPrevious: true,
      },
      {
        name: 'case:add-note' as const,
        payload: { commandId: commandId(), caseId, text: 'Approaching from the car park', visibility: 'all-agencies' },
        followsPrevious: false,
      },
      {
        name: 'unit:set-status' as const,
        payload: { commandId: commandId(), unitId, status: 'on-scene', expectedVersion: dispatched.version },
        followsPrevious: true,
      },
      {
        name: 'unit:set-location' as const,
        payload: { commandId: commandId(), unitId, lat: 52.4102, lng: -1.5107, source: 'device' },
        followsPrevious: true,
      },
      {
        name: 'hold:place' as const,
        payload: {
          commandId: commandId(),
          serviceId,
          holdId: crypto.randomUUID(),
          caseId,
          category: 'adult',
          note: '',
        },
        followsPrevious: false,
      },
    ];
    const answer = await nurse.socket.emitWithAck('outbox:replay', { entries });
    if (!answer.ok) throw new Error(answer.error.message);
    expect(answer.data.results.map((r) => r?.ok)).toEqual([true, true, true, true, true, true]);
    const units = (await (await server.http(nurse.cookie, '/units')).json()) as { units: TUnit[] };
    expect(units.units[0]).toMatchObject({ status: 'on-scene', version: dispatched.version + 4 });
    expect(units.units[0]?.location).toMatchObject({ lat: 52.4102, lng: -1.5107 });
    const held = (await (await server.http(nurse.cookie, `/services/${serviceId}`)).json()) as TService;
    expect(held.holds.map((h) => h.caseId)).toEqual([caseId]);
    // The answer was lost and the tablet sends the same again: every change is recognised, none doubled.
    const again = await nurse.socket.emitWithAck('outbox:replay', { entries });
    expect(again.ok && again.data.results.every((r) => r?.ok)).toBe(true);
    const after = (await (await server.http(nurse.cookie, '/units')).json()) as { units: TUnit[] };
    expect(after.units[0]?.version).toBe(dispatched.version + 4);
    // Someone else's replay is each refused by the same rules as a single command.
    const board = await server.consoleAs('board');
    const refused = await board.socket.emitWithAck('outbox:replay', { entries: entries.slice(0, 1) });
    expect(refused.ok && refused.data.results[0]).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });

  it('S-4, S-24: the same command replayed three times is applied once', async () => {
    const { server, operator, nurse, unitId, caseId } = await setUp();
    ok(await operator.socket.emitWithAck('unit:dispatch', { commandId: commandId(), unitId, caseId }));
    const accept = { commandId: commandId(), unitId };
    const results = [];
    for (let i = 0; i < 3; i++) results.push(ok(await nurse.socket.emitWithAck('unit:accept', accept)));
    expect(new Set(results.map((u) => u.version)).size).toBe(1);
    const units = (await (await server.http(nurse.cookie, '/units')).json()) as { units: TUnit[] };
    expect(units.units[0]?.version).toBe(results[0]?.version);
  });

  it('S-24: a replay based on a stale version returns a conflict and changes nothing', async () => {
    const { server, operator, nurse, unitId, caseId } = await setUp();
    ok(await operator.socket.emitWithAck('unit:dispatch', { commandId: commandId(), unitId, caseId }));
    const accepted = ok(await nurse.socket.emitWithAck('unit:accept', { commandId: commandId(), unitId }));
    // Offline, the tablet recorded "en route" against this version…
    const offline = { commandId: commandId(), unitId, status: 'en-route' as const, expectedVersion: accepted.version };
    // …while the officer's phone, online, moved the unit on.
    const officer = await server.consoleAs('police-officer');
    const moved = ok(await officer.socket.emitWithAck('unit:set-status', { ...offline, commandId: commandId() }));
    const replay = await nurse.socket.emitWithAck('unit:set-status', offline);
    expect(replay).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    const units = (await (await server.http(nurse.cookie, '/units')).json()) as { units: TUnit[] };
    expect(units.units[0]?.version).toBe(moved.version);
  });
});

describe('response intervals', () => {
  it('each stamp comes from an event and is served for the card', async () => {
    const { server, operator, nurse, unitId, caseId, clock } = await setUp();
    ok(await operator.socket.emitWithAck('unit:dispatch', { commandId: commandId(), unitId, caseId }));
    clock.now += MIN;
    const accepted = ok(await nurse.socket.emitWithAck('unit:accept', { commandId: commandId(), unitId }));
    clock.now += MIN;
    ok(
      await nurse.socket.emitWithAck('unit:set-status', {
        commandId: commandId(),
        unitId,
        status: 'en-route',
        expectedVersion: accepted.version,
      }),
    );
    const stamps = (await (
      await server.http(operator.cookie, `/cases/${caseId}/intervals`)
    ).json()) as TResponseIntervals;
    expect(stamps).toMatchObject({
      dispatched: '2026-11-23T20:00:00.000Z',
      accepted: '2026-11-23T20:01:00.000Z',
      enRoute: '2026-11-23T20:02:00.000Z',
      onScene: null,
    });
    expect(stamps.callReceived).not.toBeNull();
  });

  it('S-25: a status the tablet kept offline is stamped when the crew made it, and the server time is kept too', async () => {
    const { server, operator, nurse, unitId, caseId, clock } = await setUp();
    ok(await operator.socket.emitWithAck('unit:dispatch', { commandId: commandId(), unitId, caseId }));
    clock.now += MIN;
    const accepted = ok(await nurse.socket.emitWithAck('unit:accept', { commandId: commandId(), unitId }));
    const madeAt = new Date(clock.now + MIN).toISOString();
    // No signal for twenty minutes; then the outbox sends it.
    clock.now += 21 * MIN;
    const sent = {
      commandId: commandId(),
      unitId,
      status: 'en-route' as const,
      expectedVersion: accepted.version,
      occurredAt: madeAt,
    };
    const unit = ok(await nurse.socket.emitWithAck('unit:set-status', sent));
    expect(unit.statusSince).toBe(madeAt);
    const stamps = (await (
      await server.http(operator.cookie, `/cases/${caseId}/intervals`)
    ).json()) as TResponseIntervals;
    expect(stamps.enRoute).toBe(madeAt);
    const events = await server.app.services.store.units.eventsForCase(caseId);
    expect(events.at(-1)).toMatchObject({ at: new Date(clock.now).toISOString(), data: { occurredAt: madeAt } });
  });
});

describe('the board’s map (R-IG-MIN, boardMap)', () => {
  it('R-IG-MIN: the board and the hub see units by call sign and cases by reference to about 100 m; every other role’s board has no map', async () => {
    const { server, operator, nurse, unitId } = await setUp();
    ok(
      await nurse.socket.emitWithAck('unit:set-location', {
        commandId: commandId(),
        unitId,
        lat: 52.41234,
        lng: -1.51234,
        source: 'device',
      }),
    );
    const placed = await operator.socket.emitWithAck(
      'case:create',
      newCard({
        location: { description: '14 Orchard Row', type: 'own-home', coordinates: { lat: 52.42317, lng: -1.50049 } },
      }),
    );
    if (!placed.ok) throw new Error(placed.error.message);
    const boardOf = async (username: string) => {
      const reader = await server.consoleAs(username);
      return ((await (await server.http(reader.cookie, '/capacity/board')).json()) as TBoard).map;
    };
    for (const username of ['board', 'operator', 'duty-manager']) {
      const map = await boardOf(username);
      expect(map?.units).toEqual([
        {
          callSign: 'ST1',
          status: 'available',
          lat: 52.41234,
          lng: -1.51234,
          at: expect.any(String),
          hasOpenSos: false,
        },
      ]);
      expect(map?.cases).toEqual([{ caseRef: placed.data.card.ref, priority: 'urgent', lat: 52.423, lng: -1.5 }]);
      const text = JSON.stringify(map);
      for (const withheld of [unitId, placed.data.card.id, '14 Orchard Row', 'demo-triage-clinician']) {
        expect(text).not.toContain(withheld);
      }
    }
    for (const username of ['provider', 'pos-staff', 'police-officer', 'triage-clinician']) {
      expect(await boardOf(username), username).toBeNull();
    }
  });
});

describe('escalation of unacknowledged alerts (R-ALERT-ESCALATE)', () => {
  it(`R-ALERT-ESCALATE: an SOS nobody acknowledges in ${ALERT_RULES.escalateAfterMinutes} min is escalated once, recorded on the unit and the card's timeline, live to the hub`, async () => {
    const { clock, server, operator, nurse, unitId, caseId } = await setUp();
    ok(await operator.socket.emitWithAck('unit:dispatch', { commandId: commandId(), unitId, caseId }));
    ok(await nurse.socket.emitWithAck('unit:accept', { commandId: commandId(), unitId }));
    ok(await nurse.socket.emitWithAck('unit:sos', { commandId: commandId(), unitId }));
    const seen = unitChanges(operator.socket);

    clock.now += (ALERT_RULES.escalateAfterMinutes - 1) * 60_000;
    expect(await escalateUnacknowledgedAlerts(server.app.services)).toBe(0);
    clock.now += 60_000;
    expect(await escalateUnacknowledgedAlerts(server.app.services)).toBe(1);
    expect(await escalateUnacknowledgedAlerts(server.app.services)).toBe(0);
    await until(() => seen.some((m) => Boolean(m.unit.sos?.escalatedAt)));

    const { timeline } = (await (await server.http(operator.cookie, `/cases/${caseId}`)).json()) as {
      timeline: { text: string }[];
    };
    expect(timeline.map((e) => e.text)).toContain(
      `ST1's SOS escalated to the duty manager: not acknowledged in ${ALERT_RULES.escalateAfterMinutes} min`,
    );
    // Acknowledged after escalation: nothing more to escalate.
    ok(await operator.socket.emitWithAck('unit:acknowledge-sos', { commandId: commandId(), unitId }));
    clock.now += 60 * 60_000;
    expect(await escalateUnacknowledgedAlerts(server.app.services)).toBe(0);
  });
});
