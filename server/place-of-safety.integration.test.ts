import { describe, expect, it } from 'vitest';
import type { TAck } from '@shared/errors';
import type { TServiceChanged } from '@shared/protocol';
import { freePlaces } from '@shared/rules/capacity';
import type { TCaseCard, TCaseWithTimeline, TCommandResult } from '@shared/schemas/case';
import type { TIncomingList } from '@shared/schemas/incoming';
import type { TService, TServiceCommandResult } from '@shared/schemas/service';
import { DEMO_ORGANISATIONS } from './demo/demo-organisations';
import {
  aRegistration,
  arrivalAt,
  commandId,
  expectJson,
  newCard,
  s136Detention,
  serversOnAClock,
  until,
  type TTestSocket,
} from './test-support';

const servers = serversOnAClock();

function ok<T>(ack: TAck<T>): T {
  if (!ack.ok) throw new Error(`${ack.error.code}: ${ack.error.message}`);
  return ack.data;
}

function refusal(ack: TAck<unknown>) {
  if (ack.ok) throw new Error('expected the command to be refused');
  return ack.error;
}

const suiteOf = (name: string, organisationId: string, places: { adult: number; under18: number }) =>
  aRegistration({
    name,
    kind: 'A20',
    organisationId,
    places,
    eligibility: {
      minAge: null,
      maxAge: null,
      referralRoutes: ['professional-referral'],
      acceptsS136: true,
      acceptsIntoxicated: true,
      excludesUrgentMedicalNeed: true,
      accessNotes: '',
    },
  });

/**
 * An area with two s136 suites — Willowbank (the demo place-of-safety staff's, with an under-18 room)
 * and Kestrel Vale's (another organisation's, adults only) — an emergency department that counts no
 * rooms, and a police officer with a card to detain on.
 */
async function setUp(person: Partial<ReturnType<typeof newCard>['person']> = {}) {
  const clock = { now: Date.parse('2026-11-23T20:00:00Z') };
  const server = await servers.at(clock);
  const manager = await server.consoleAs('duty-manager');
  const officer = await server.consoleAs('police-officer');
  const suiteStaff = await server.consoleAs('pos-staff');
  const provider = await server.consoleAs('provider');
  const register = async (registration: ReturnType<typeof aRegistration>) =>
    ok<TServiceCommandResult>(await manager.socket.emitWithAck('service:register', registration)).service;
  const willowbank = await register(
    suiteOf('Willowbank s136 Suite', DEMO_ORGANISATIONS.willowbank.id, { adult: 2, under18: 1 }),
  );
  const kestrel = await register(
    suiteOf('Kestrel Vale s136 Suite', DEMO_ORGANISATIONS.trust.id, { adult: 2, under18: 0 }),
  );
  const ed = await register(
    aRegistration({
      name: 'Kestrel Vale Emergency Department',
      kind: 'ED',
      organisationId: DEMO_ORGANISATIONS.hospitals.id,
      places: { adult: 0, under18: 0 },
    }),
  );
  const base = newCard().person;
  let card = ok<TCommandResult>(
    await officer.socket.emitWithAck('case:create', newCard({ channel: 'police', person: { ...base, ...person } })),
  ).card;
  card = ok<TCommandResult>(
    await officer.socket.emitWithAck('case:detain', s136Detention(card, new Date(clock.now).toISOString())),
  ).card;
  const services = async () => {
    const list = await expectJson<{ services: TService[] }>(await server.http(manager.cookie, '/services'));
    const byId = (id: string) => list.services.find((s) => s.id === id) as TService;
    return { willowbank: byId(willowbank.id), kestrel: byId(kestrel.id), ed: byId(ed.id) };
  };
  return { clock, server, manager, officer, suiteStaff, provider, willowbank, kestrel, ed, card, services };
}

type TWorld = Awaited<ReturnType<typeof setUp>>;

type TStep = 'case:choose-place-of-safety' | 'case:record-arrival' | 'case:end-detention';

/** One Mental Health Act step on the world's card, on the version it now has. */
async function step(w: TWorld, socket: TTestSocket, name: TStep, payload: object): Promise<TCaseCard> {
  const current = await expectJson<TCaseWithTimeline>(await w.server.http(w.manager.cookie, `/cases/${w.card.id}`));
  const input = { commandId: commandId(), caseId: w.card.id, expectedVersion: current.card.version, ...payload };
  return ok(await socket.emitWithAck(name, input as never)).card;
}

const choose = (w: TWorld, serviceId: string | null, extra: object = {}) =>
  step(w, w.officer.socket, 'case:choose-place-of-safety', {
    kind: 'health-based-suite',
    name: 'typed by hand',
    transport: { mode: 'ambulance' },
    policeStation: null,
    ageStatement: null,
    serviceId,
    ...extra,
  });
const arrive = (w: TWorld) =>
  step(w, w.officer.socket, 'case:record-arrival', {
    arrivedOnSiteAt: new Date(w.clock.now).toISOString(),
    enteredAt: null,
  });

const counts = (s: TService, category: 'adult' | 'under18') => ({
  free: freePlaces(s, category),
  held: s.holds.filter((h) => h.category === category).length,
  occupied: s.capacity[category].occupied,
  cleaning: s.capacity[category].cleaning,
});

describe('the place of safety comes from the registry (R-POS-REGISTRY)', () => {
  it('R-POS-REGISTRY: choosing a suite for a child holds its under-18 room; arrival fills it, a transfer sends it to cleaning and holds the next, the end frees that one', async () => {
    const w = await setUp({ age: { kind: 'age', years: 15 } });
    // Kestrel Vale's suite has no under-18 room: refused, and nothing changes.
    const refused = refusal(
      await w.officer.socket.emitWithAck('case:choose-place-of-safety', {
        commandId: commandId(),
        caseId: w.card.id,
        expectedVersion: w.card.version,
        kind: 'health-based-suite',
        name: 'x',
        transport: { mode: 'ambulance' },
        policeStation: null,
        ageStatement: null,
        serviceId: w.kestrel.id,
      }),
    );
    expect(refused).toMatchObject({ code: 'RULE_VIOLATION', ruleId: 'R-POS-REGISTRY' });
    expect(refused.message).toContain('no under-18 room');

    let card = await choose(w, w.willowbank.id);
    const place = card.detention?.places[0];
    expect(place).toMatchObject({ name: 'Willowbank s136 Suite', serviceId: w.willowbank.id, category: 'under18' });
    let s = await w.services();
    expect(counts(s.willowbank, 'under18')).toEqual({ free: 0, held: 1, occupied: 0, cleaning: 0 });
    expect(counts(s.willowbank, 'adult').held).toBe(0);
    expect(s.willowbank.holds[0]).toMatchObject({ purpose: 'place-of-safety', caseRef: card.ref });

    await arrive(w);
    s = await w.services();
    expect(counts(s.willowbank, 'under18')).toEqual({ free: 0, held: 0, occupied: 1, cleaning: 0 });

    // Transferred to the emergency department (which counts no rooms): the suite's room is to be cleaned.
    card = await choose(w, w.ed.id);
    expect(card.detention?.places[1]).toMatchObject({
      kind: 'emergency-department',
      serviceId: w.ed.id,
      category: null,
    });
    s = await w.services();
    expect(counts(s.willowbank, 'under18')).toEqual({ free: 0, held: 0, occupied: 0, cleaning: 1 });
    expect(s.ed.holds).toEqual([]);

    // The card's timeline tells the story of the room.
    const { timeline } = await expectJson<TCaseWithTimeline>(
      await w.server.http(w.manager.cookie, `/cases/${w.card.id}`),
    );
    const lines = timeline.map((e) => e.text);
    expect(lines).toContain('Under-18 place held at Willowbank s136 Suite');
    expect(lines).toContain('Arrived at Willowbank s136 Suite');
    expect(lines).toContain('Left Willowbank s136 Suite: the room is to be cleaned');
  });

  it('R-POS-REGISTRY: an adult transferred before arriving releases the first hold and holds the second; the end of the detention releases that', async () => {
    const w = await setUp({ age: { kind: 'age', years: 40 } });
    await choose(w, w.willowbank.id);
    await choose(w, w.kestrel.id);
    let s = await w.services();
    expect(counts(s.willowbank, 'adult')).toEqual({ free: 2, held: 0, occupied: 0, cleaning: 0 });
    expect(s.willowbank.lastReleasedHold?.reason).toContain('moved to Kestrel Vale s136 Suite');
    expect(counts(s.kestrel, 'adult')).toEqual({ free: 1, held: 1, occupied: 0, cleaning: 0 });
    // Health staff end a detention (R-S136-END): the AMHP here.
    const amhp = await w.server.consoleAs('amhp');
    await step(w, amhp.socket, 'case:end-detention', { outcome: 'no-mental-disorder', note: '' });
    s = await w.services();
    expect(counts(s.kestrel, 'adult')).toEqual({ free: 2, held: 0, occupied: 0, cleaning: 0 });
  });

  it('R-POS-REGISTRY: a place typed by hand is recorded as outside the registry and holds nothing; a full suite is refused', async () => {
    const w = await setUp({ age: { kind: 'age', years: 40 } });
    const card = await choose(w, null, { name: 'St Jude’s private clinic', kind: 'other' });
    expect(card.detention?.places[0]).toMatchObject({
      name: 'St Jude’s private clinic',
      serviceId: null,
      holdId: null,
    });
    const s = await w.services();
    expect([s.willowbank, s.kestrel, s.ed].flatMap((x) => x.holds)).toEqual([]);

    // Fill Kestrel Vale's two adult rooms, then try it: refused with nothing changed.
    for (let i = 0; i < 2; i++) {
      ok(
        await w.manager.socket.emitWithAck('service:move-places', {
          commandId: commandId(),
          serviceId: w.kestrel.id,
          category: 'adult',
          from: 'free',
          to: 'occupied',
          count: 1,
        }),
      );
    }
    const before = card.version;
    const refused = refusal(
      await w.officer.socket.emitWithAck('case:choose-place-of-safety', {
        commandId: commandId(),
        caseId: w.card.id,
        expectedVersion: before,
        kind: 'health-based-suite',
        name: 'x',
        transport: { mode: 'ambulance' },
        policeStation: null,
        ageStatement: null,
        serviceId: w.kestrel.id,
      }),
    );
    expect(refused.message).toContain('No free adult room at Kestrel Vale s136 Suite');
    const after = await expectJson<TCaseWithTimeline>(await w.server.http(w.manager.cookie, `/cases/${w.card.id}`));
    expect(after.card.version).toBe(before);
  });
});

describe('the suite records the arrival (R-POS-REGISTRY)', () => {
  it('R-POS-REGISTRY, R-S136-CLOCK-1: the suite’s staff marking the held room arrived start the card’s clock, and the room is counted once', async () => {
    const w = await setUp({ age: { kind: 'age', years: 40 } });
    const card = await choose(w, w.willowbank.id);
    const holdId = card.detention?.places[0]?.holdId as string;
    ok(
      await w.suiteStaff.socket.emitWithAck('hold:arrive', {
        commandId: commandId(),
        serviceId: w.willowbank.id,
        holdId,
      }),
    );
    const after = await expectJson<TCaseWithTimeline>(await w.server.http(w.manager.cookie, `/cases/${card.id}`));
    expect(after.card.detention?.places[0]?.arrivedOnSiteAt).toBe(new Date(w.clock.now).toISOString());
    const again = refusal(
      await w.officer.socket.emitWithAck(
        'case:record-arrival',
        arrivalAt(after.card, new Date(w.clock.now).toISOString()),
      ),
    );
    expect(again.ruleId).toBe('R-S136-CLOCK-1');
    const s = await w.services();
    expect(counts(s.willowbank, 'adult')).toEqual({ free: 1, held: 0, occupied: 1, cleaning: 0 });
  });
});

describe('receiving services see who is coming (R-LINK-RECEIVING)', () => {
  it('R-LINK-RECEIVING: the suite’s staff receive the incoming card in their role’s view, live, and list it as incoming; another suite’s staff and a café do not', async () => {
    const w = await setUp({ age: { kind: 'age', years: 15 } });
    const services: TServiceChanged[] = [];
    w.suiteStaff.socket.on('service:changed', (m) => services.push(m));

    // An adult going to Kestrel Vale's suite (another organisation's): Willowbank's staff hear nothing of it.
    const adult = await setUp({ age: { kind: 'age', years: 30 } });
    await choose(adult, adult.kestrel.id);
    await new Promise((r) => setTimeout(r, 200));
    expect(adult.suiteStaff.received.filter((m) => m.card.id === adult.card.id)).toEqual([]);
    const notMine = await adult.server.http(adult.suiteStaff.cookie, `/cases/${adult.card.id}`);
    expect(notMine.status).toBe(403);
    expect(
      (await expectJson<TIncomingList>(await adult.server.http(adult.suiteStaff.cookie, '/cases/incoming'))).items,
    ).toEqual([]);

    // Going to Willowbank: its staff receive the card in the clinical view (they are clinicians).
    const expectedArrivalAt = new Date(w.clock.now + 25 * 60_000).toISOString();
    const card = await choose(w, w.willowbank.id, { expectedArrivalAt });
    await until(() => w.suiteStaff.received.some((m) => m.card.id === card.id));
    const pushed = w.suiteStaff.received.find((m) => m.card.id === card.id)?.card;
    expect(pushed?.person.nhsNumber).toBe(newCard().person.nhsNumber);
    expect(pushed?.detention?.places[0]?.expectedArrivalAt).toBe(expectedArrivalAt);
    await until(() => services.some((m) => m.service.holds.some((h) => h.caseId === card.id)));

    const incoming = await expectJson<TIncomingList>(await w.server.http(w.suiteStaff.cookie, '/cases/incoming'));
    expect(incoming.items).toHaveLength(1);
    expect(incoming.items[0]).toMatchObject({
      service: { id: w.willowbank.id },
      state: 'expected',
      bringing: { name: 'PC Dan Hollis', role: 'police-officer' },
      hold: { category: 'under18', purpose: 'place-of-safety' },
    });
    expect(incoming.items[0]?.deadlines?.state).toBe('awaiting-arrival');
    expect(incoming.items[0]?.card.person.age).toEqual({ kind: 'age', years: 15 });
    const opened = await w.server.http(w.suiteStaff.cookie, `/cases/${card.id}`);
    expect(opened.status).toBe(200);

    // The café's staff (another organisation) get nothing.
    expect(w.provider.received.filter((m) => m.card.id === card.id)).toEqual([]);
    expect((await w.server.http(w.provider.cookie, `/cases/${card.id}`)).status).toBe(403);

    // Arrival: still theirs, now "arrived"; after the detention ends and the window passes, no longer.
    await arrive(w);
    const here = await expectJson<TIncomingList>(await w.server.http(w.suiteStaff.cookie, '/cases/incoming'));
    expect(here.items[0]?.state).toBe('arrived');
    const amhp = await w.server.consoleAs('amhp');
    await step(w, amhp.socket, 'case:end-detention', { outcome: 'informal-admission', note: '' });
    const left = await expectJson<TIncomingList>(await w.server.http(w.suiteStaff.cookie, '/cases/incoming'));
    expect(left.items[0]?.state).toBe('left');
    w.clock.now += 13 * 3_600_000;
    const nextShift = await w.server.login('pos-staff');
    expect((await expectJson<TIncomingList>(await w.server.http(nextShift, '/cases/incoming'))).items).toEqual([]);
    expect((await w.server.http(nextShift, `/cases/${card.id}`)).status).toBe(403);
  });

  it('R-LINK-RECEIVING: a crisis café sees the card of a person held a place with it in the receiving view — no NHS number, caller, address or clinical history — until a set time after release', async () => {
    const w = await setUp({ age: { kind: 'age', years: 30 } });
    const operator = await w.server.consoleAs('operator');
    const cafe = ok<TServiceCommandResult>(
      await w.manager.socket.emitWithAck('service:register', aRegistration()),
    ).service;
    const card = ok<TCommandResult>(
      await operator.socket.emitWithAck(
        'case:create',
        newCard({ presentingConcerns: 'Hearing voices since Tuesday', summary: 'Walking by the canal, upset' }),
      ),
    ).card;
    expect((await w.server.http(w.provider.cookie, `/cases/${card.id}`)).status).toBe(403);
    const holdId = crypto.randomUUID();
    ok(
      await operator.socket.emitWithAck('hold:place', {
        commandId: commandId(),
        serviceId: cafe.id,
        holdId,
        caseId: card.id,
        category: 'adult',
        note: 'Prefers a quiet room',
      }),
    );
    const incoming = await expectJson<TIncomingList>(await w.server.http(w.provider.cookie, '/cases/incoming'));
    const item = incoming.items[0];
    expect(item).toMatchObject({ state: 'expected', hold: { note: 'Prefers a quiet room' } });
    expect(item?.card.summary).toBe('Walking by the canal, upset');
    expect(item?.card.person.name).toBe(card.person.name);
    for (const withheld of ['presentingConcerns', 'caller', 'location', 'detention'] as const) {
      expect(item?.card[withheld], withheld).toBeNull();
    }
    expect(item?.card.person.nhsNumber).toBeNull();
    expect(item?.card.withheld).toContain('presentingConcerns');

    // A change to the card reaches the café live while the person is expected.
    const update = ok<TCommandResult>(
      await operator.socket.emitWithAck('case:update', {
        commandId: commandId(),
        caseId: card.id,
        expectedVersion: card.version,
        changes: { summary: 'Now at the bus station, calmer' },
      }),
    ).card;
    await until(() => w.provider.received.some((m) => m.card.version === update.version));
    expect(w.provider.received.find((m) => m.card.id === card.id)?.card.presentingConcerns).toBeNull();

    ok(
      await operator.socket.emitWithAck('hold:release', {
        commandId: commandId(),
        serviceId: cafe.id,
        holdId,
        reason: 'Went home with his brother',
      }),
    );
    const released = await expectJson<TIncomingList>(await w.server.http(w.provider.cookie, '/cases/incoming'));
    expect(released.items[0]?.state).toBe('not-coming');
    w.clock.now += 12 * 3_600_000 + 60_000;
    expect((await w.server.http(await w.server.login('provider'), `/cases/${card.id}`)).status).toBe(403);
  });
});
