import { describe, expect, it } from 'vitest';
import { CAPACITY_RULES } from '@shared/config/capacity';
import type { TAck } from '@shared/errors';
import type { TServiceChanged } from '@shared/protocol';
import { freePlaces } from '@shared/rules/capacity';
import type { TBoard } from '@shared/schemas/board';
import type { TService, TServiceCommandResult, TServiceRegisterRequest } from '@shared/schemas/service';
import { DEMO_ORGANISATIONS } from './demo/demo-organisations';
import { expireDueHolds } from './jobs/hold-expiry';
import { aRegistration, commandId, newCard, serversOnAClock, type TTestServer, type TTestSocket } from './test-support';

const MIN = 60_000;
const servers = serversOnAClock();
const serverAt = servers.at;

const ok = (ack: TAck<TServiceCommandResult>): TServiceCommandResult => {
  if (!ack.ok) throw new Error(`${ack.error.code}: ${ack.error.message}`);
  return ack.data;
};

/** Registers a service as the duty manager and returns it. */
async function registered(server: TTestServer, overrides: Partial<TServiceRegisterRequest> = {}) {
  const manager = await server.consoleAs('duty-manager');
  return {
    manager,
    service: ok(await manager.socket.emitWithAck('service:register', aRegistration(overrides))).service,
  };
}

/** Holds an adult place at a service for a case, as the operator's "Hold" button does. */
function holdPlace(socket: TTestSocket, serviceId: string, caseId: string, holdId = crypto.randomUUID(), note = '') {
  return socket.emitWithAck('hold:place', {
    commandId: commandId(),
    serviceId,
    holdId,
    caseId,
    category: 'adult',
    note,
  });
}

/** Resolves with the next service:changed a socket receives. */
function nextServiceChange(socket: TTestSocket, timeoutMs = 3000): Promise<TServiceChanged> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no service:changed received')), timeoutMs);
    socket.once('service:changed', (m) => {
      clearTimeout(timer);
      resolve(m);
    });
  });
}

describe('live capacity', () => {
  it('S-20: a provider changes places and a duty manager’s console receives it, with who confirmed it', async () => {
    const server = await serverAt({ now: Date.now() });
    const { manager, service } = await registered(server);
    const provider = await server.consoleAs('provider');
    const seen = nextServiceChange(manager.socket);
    const result = ok(
      await provider.socket.emitWithAck('service:move-places', {
        commandId: commandId(),
        serviceId: service.id,
        category: 'adult',
        from: 'free',
        to: 'occupied',
        count: 3,
      }),
    );
    const message = await seen;
    expect(message.seq).toBe(result.seq);
    expect(freePlaces(message.service, 'adult')).toBe(1);
    expect(message.service.capacity.confirmedBy).toBe('Ravi Castell');
  });

  it('a provider cannot edit another organisation’s service, and nothing changes', async () => {
    const server = await serverAt({ now: Date.now() });
    const { service } = await registered(server, {
      name: 'Willowbank s136 Suite',
      kind: 'A20',
      organisationId: DEMO_ORGANISATIONS.willowbank.id,
    });
    const provider = await server.consoleAs('provider');
    const ack = await provider.socket.emitWithAck('service:set-status', {
      commandId: commandId(),
      serviceId: service.id,
      status: 'full',
      reason: 'not ours',
    });
    expect(ack).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const after = (await (await server.http(provider.cookie, `/services/${service.id}`)).json()) as TService;
    expect(after.version).toBe(service.version);
    expect(after.status).toBe('open');
  });

  it('S-22: two holds on the last place at the same moment: exactly one succeeds', async () => {
    const server = await serverAt({ now: Date.now() });
    const { service } = await registered(server, { places: { adult: 1, under18: 0 } });
    const operator = await server.consoleAs('operator');
    const triage = await server.consoleAs('triage-clinician');
    const [a, b] = await Promise.all(
      [operator, triage].map(async (c) => {
        const created = await c.socket.emitWithAck('case:create', newCard());
        if (!created.ok) throw new Error(created.error.message);
        return holdPlace(c.socket, service.id, created.data.card.id);
      }),
    );
    const results = [a, b];
    expect(results.filter((r) => r?.ok)).toHaveLength(1);
    expect(results.find((r) => !r?.ok)).toMatchObject({ ok: false, error: { code: 'RULE_VIOLATION' } });
    const after = (await (await server.http(operator.cookie, `/services/${service.id}`)).json()) as TService;
    expect(after.holds).toHaveLength(1);
    expect(freePlaces(after, 'adult')).toBe(0);
  });

  it('S-21: an expired hold returns its place exactly once, even if the server restarts in between', async () => {
    const databasePath = servers.durableDatabase('hold.db');
    const clock = { now: Date.parse('2026-11-23T20:00:00Z') };
    const first = await serverAt(clock, databasePath);
    const { service } = await registered(first, { places: { adult: 1, under18: 0 } });
    const operator = await first.consoleAs('operator');
    const created = await operator.socket.emitWithAck('case:create', newCard());
    if (!created.ok) throw new Error(created.error.message);
    ok(await holdPlace(operator.socket, service.id, created.data.card.id));
    // Not yet: the job leaves a live hold alone.
    clock.now += (CAPACITY_RULES.holdMinutes - 1) * MIN;
    expect(await expireDueHolds(first.app.services)).toBe(0);
    // The server was down when the hold ran out; the start-up pass returns the place.
    clock.now += 2 * MIN;
    const second = await servers.restart(first, clock, databasePath);
    await new Promise((r) => setTimeout(r, 100));
    expect(await expireDueHolds(second.app.services)).toBe(0);
    const third = await servers.restart(second, clock, databasePath);
    expect(await expireDueHolds(third.app.services)).toBe(0);
    const after = await third.app.services.store.services.get(service.id);
    expect(after?.holds).toEqual([]);
    expect(after && freePlaces(after, 'adult')).toBe(1);
    const since = await third.app.services.store.services.eventsSince(after?.areaId ?? '', '2000-01-01T00:00:00Z');
    expect(since.filter((e) => e.type === 'hold.expired')).toHaveLength(1);
    expect(since.find((e) => e.type === 'hold.expired')?.actor.id).toBe('system');
  });

  it('R-NTA-1: a declined hold needs an onward route and is counted as a turn-away on the board', async () => {
    const server = await serverAt({ now: Date.now() });
    const { manager, service } = await registered(server);
    const operator = await server.consoleAs('operator');
    const created = await operator.socket.emitWithAck('case:create', newCard());
    if (!created.ok) throw new Error(created.error.message);
    const holdId = crypto.randomUUID();
    ok(await holdPlace(operator.socket, service.id, created.data.card.id, holdId, 'On the way'));
    const provider = await server.consoleAs('provider');
    const decline = { commandId: commandId(), serviceId: service.id, holdId, reason: 'Two staff off sick' };
    expect(await provider.socket.emitWithAck('hold:decline', { ...decline, onwardRoute: '' })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION' },
    });
    ok(await provider.socket.emitWithAck('hold:decline', { ...decline, onwardRoute: 'Riverside Sanctuary' }));
    const board = (await (await server.http(manager.cookie, '/capacity/board')).json()) as TBoard;
    expect(board.turnAways24h).toBe(1);
    expect(board.escalation.summary).toContain('1 person turned away in 24 h');
  });
});

describe('the display-only board login', () => {
  it('S-20: sees counts, levels and a hold’s card reference, never who it is for or an internal id, and cannot change or read cases', async () => {
    const server = await serverAt({ now: Date.now() });
    const { service } = await registered(server);
    const operator = await server.consoleAs('operator');
    const board = await server.consoleAs('board');
    const created = await operator.socket.emitWithAck('case:create', newCard());
    if (!created.ok) throw new Error(created.error.message);
    const seen = nextServiceChange(board.socket);
    ok(await holdPlace(operator.socket, service.id, created.data.card.id, undefined, 'Jordan, 34, has been drinking'));
    const hold = (await seen).service.holds[0];
    expect(hold).toMatchObject({ caseId: null, caseRef: created.data.card.ref, placedBy: null, note: null });
    expect(board.received).toEqual([]);
    expect((await server.http(board.cookie, '/cases')).status).toBe(403);
    const summary = (await (await server.http(board.cookie, '/capacity/board')).json()) as TBoard;
    expect(summary.openCases.total).toBe(1);
    expect(JSON.stringify(summary)).not.toContain(created.data.card.person.name);
    expect(
      await board.socket.emitWithAck('service:confirm', { commandId: commandId(), serviceId: service.id }),
    ).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });
});

describe('capacity over HTTP', () => {
  it('lists services, serves occupancy history, and documents both in OpenAPI', async () => {
    const server = await serverAt({ now: Date.now() });
    const { manager, service } = await registered(server);
    const list = (await (await server.http(manager.cookie, '/services')).json()) as { services: TService[] };
    expect(list.services.map((s) => s.id)).toEqual([service.id]);
    const moved = await server.http(manager.cookie, `/services/${service.id}/place-moves`, {
      method: 'POST',
      body: { commandId: commandId(), category: 'adult', from: 'free', to: 'occupied', count: 2 },
    });
    expect(moved.status).toBe(200);
    const history = (await (await server.http(manager.cookie, '/capacity/history?range=24h')).json()) as {
      points: { alternatives: { inUse: number; total: number } }[];
    };
    expect(history.points.at(-1)?.alternatives).toEqual({ inUse: 2, total: 4 });
    expect((await server.http(manager.cookie, '/capacity/history?range=1y')).status).toBe(400);
    const doc = (await (await server.http(null, '/openapi.json')).json()) as { paths: Record<string, unknown> };
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/api/v1/services', '/api/v1/services/{id}/holds', '/api/v1/capacity/board']),
    );
  });
});
