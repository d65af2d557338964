import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INFORMATION_SHARING_POLICY as POLICY, type TCaseView } from '@shared/config/information-sharing';
import type { TAck } from '@shared/errors';
import { SERVICE_COMMANDS, UNIT_COMMANDS, COMMAND_SCHEMAS } from '@shared/protocol';
import { canRunServiceCommand } from '@shared/rules/capacity';
import {
  canAdminister,
  canReadPersonHistory,
  canRunCommand,
  caseViewForRole,
  type TCaseCommand,
  reportAccess,
} from '@shared/rules/permissions';
import { receivingViewFor } from '@shared/rules/receiving';
import { holdAudience, isCardPathShared, unitAudience, type TReader } from '@shared/rules/redaction';
import { canRunUnitCommand } from '@shared/rules/unit-lifecycle';
import type { TCommandResult } from '@shared/schemas/case';
import type { TService, TServiceCommandResult, TServiceRegisterRequest } from '@shared/schemas/service';
import type { TUnit, TUnitCommandResult } from '@shared/schemas/unit';
import { ROLES, type TRole } from '@shared/schemas/user';
import { DEMO_ORGANISATIONS } from './demo/demo-organisations';
import { DEMO_USERS } from './demo/seed-demo-area';
import { buildOpenApiDocument } from './http/openapi';
import {
  commandId,
  newCard,
  startTestServer,
  streetTriageOnShift,
  type TTestServer,
  type TTestSocket,
} from './test-support';

/**
 * The disclosure matrix (R-IG-MIN): every role — and an officer who is not on the crew — works next to
 * a shift in which canary text is planted in every withheld field. Everything each of them receives is
 * recorded byte for byte: every socket event, every GET route, the replay from sequence 0, and the
 * conflict report of a stale edit. What each may see is worked out from the information-sharing policy
 * itself, so a canary found where the policy withholds it fails, and so does one missing where the
 * policy shares it (the duty to share).
 */

const CANARY = {
  concerns: 'CANARY-CONCERNS hearing voices, on clozapine',
  concernsLater: 'CANARY-CONCERNS-2 self-harm last week',
  caller: 'CANARY-CALLER Ann',
  situation: 'CANARY-SITUATION man on the footbridge',
  safety: 'CANARY-SAFETY said he has a knife',
  clinicalNote: 'CANARY-CLINICAL-NOTE known to CMHT',
  sharedNote: 'CANARY-SHARED-NOTE approach from the car park',
  lostNote: 'CANARY-LOST-NOTE line went dead after mentioning pills',
  restoredNote: 'CANARY-RESTORED-NOTE rang back from his sister’s',
  holdNote: 'CANARY-HOLD-NOTE depot due; prefers a female worker',
  whyNotS12: 'CANARY-WHY-NOT-S12 only the FY2 was free',
  endNote: 'CANARY-END-NOTE informal admission to Elm ward',
  outcome: 'CANARY-OUTCOME went to his sister with a safety plan',
  nhsNumber: '9434765919',
  unitLatitude: '52.123987',
} as const;

type TReaderAccount = TReader & { username: string; areaId: string };
const byUsername = new Map(DEMO_USERS.map((u) => [u.username, u]));
const account = (username: string): TReaderAccount => {
  const u = byUsername.get(username);
  if (!u) throw new Error(`no demo user ${username}`);
  return { id: u.id, role: u.role, organisationId: u.organisationId, username, areaId: u.areaId };
};
/** One account per role, and a police officer who is not on ST1's crew. */
const READERS: TReaderAccount[] = [...ROLES.map((r) => account(r)), account('st2-officer')];

function registration(name: string, kind: TService['kind'], organisationId: string): TServiceRegisterRequest {
  return {
    commandId: commandId(),
    serviceId: crypto.randomUUID(),
    name,
    kind,
    organisationId,
    address: '1 Test Street',
    coordinates: { lat: 52.41, lng: -1.51 },
    phone: '01632 960000',
    hours: { isAlwaysOpen: true, weekly: [], exceptions: [] },
    eligibility: {
      minAge: null,
      maxAge: null,
      referralRoutes: ['professional-referral'],
      acceptsS136: kind === 'A20',
      acceptsIntoxicated: true,
      excludesUrgentMedicalNeed: false,
      accessNotes: '',
    },
    places: { adult: 3, under18: 0 },
  };
}

function ok<T>(ack: TAck<T>): T {
  if (!ack.ok) throw new Error(`${ack.error.code}: ${ack.error.message}`);
  return ack.data;
}

interface TReaderState {
  reader: TReaderAccount;
  cookie: string;
  socket: TTestSocket;
  /** Every byte this reader received, one entry per message or response, labelled by where it came from. */
  received: { from: string; body: string }[];
  events: Set<string>;
}

let server: TTestServer;
const readers = new Map<string, TReaderState>();
const planted = {
  cardA: { id: '', ref: '' },
  cardB: '',
  cardC: '',
  house: null as TService | null,
  suite: null as TService | null,
  unit: null as TUnit | null,
};

async function plantTheShift(): Promise<void> {
  const as = (username: string) => {
    const state = readers.get(username);
    if (!state) throw new Error(`no reader ${username}`);
    return state.socket;
  };
  const manager = as('duty-manager');
  const operator = as('operator');
  const nurse = as('triage-clinician');
  const officer = as('police-officer');

  // The crisis house is the provider's, the suite the place-of-safety staff's: each receives one card.
  planted.house = ok<TServiceCommandResult>(
    await manager.emitWithAck('service:register', registration('Harbour House', 'A25', DEMO_ORGANISATIONS.harbour.id)),
  ).service;
  ok(await manager.emitWithAck('service:register', registration('Elm Café', 'A21', DEMO_ORGANISATIONS.trust.id)));
  planted.suite = ok<TServiceCommandResult>(
    await manager.emitWithAck('service:register', registration('Willowbank', 'A20', DEMO_ORGANISATIONS.willowbank.id)),
  ).service;

  const unitId = await streetTriageOnShift(manager, nurse);
  ok(
    await nurse.emitWithAck('unit:set-location', {
      commandId: commandId(),
      unitId,
      lat: Number(CANARY.unitLatitude),
      lng: -1.5,
      source: 'device',
    }),
  );

  // Card A: a call with every kind of free text, a hold, a crew sent.
  let a = ok<TCommandResult>(
    await operator.emitWithAck(
      'case:create',
      newCard({
        summary: CANARY.situation,
        presentingConcerns: CANARY.concerns,
        caller: { name: CANARY.caller, relationship: 'mother', callbackNumber: '07700 900111' },
        person: {
          name: 'Jon Mackenzie',
          age: { kind: 'age', years: 40 },
          sex: 'male',
          ethnicity: 'A',
          nhsNumber: CANARY.nhsNumber,
        },
        safety: { weapons: true, violence: false, addressHazards: false, note: CANARY.safety },
      }),
    ),
  ).card;
  planted.cardA = { id: a.id, ref: a.ref };
  ok(
    await nurse.emitWithAck('case:add-note', {
      commandId: commandId(),
      caseId: a.id,
      text: CANARY.clinicalNote,
      visibility: 'clinical',
    }),
  );
  ok(
    await nurse.emitWithAck('case:add-note', {
      commandId: commandId(),
      caseId: a.id,
      text: CANARY.sharedNote,
      visibility: 'all-agencies',
    }),
  );
  a = ok<TCommandResult>(
    await operator.emitWithAck('case:update', {
      commandId: commandId(),
      caseId: a.id,
      expectedVersion: a.version + 2,
      changes: { presentingConcerns: CANARY.concernsLater },
    }),
  ).card;
  a = ok<TCommandResult>(
    await operator.emitWithAck('case:mark-contact-lost', {
      commandId: commandId(),
      caseId: a.id,
      expectedVersion: a.version,
      followUp: 'welfare-check-police',
      note: CANARY.lostNote,
    }),
  ).card;
  a = ok<TCommandResult>(
    await operator.emitWithAck('case:restore-contact', {
      commandId: commandId(),
      caseId: a.id,
      expectedVersion: a.version,
      note: CANARY.restoredNote,
    }),
  ).card;
  planted.house = ok<TServiceCommandResult>(
    await operator.emitWithAck('hold:place', {
      commandId: commandId(),
      serviceId: planted.house.id,
      holdId: crypto.randomUUID(),
      caseId: a.id,
      category: 'adult',
      note: CANARY.holdNote,
    }),
  ).service;
  ok(await operator.emitWithAck('unit:dispatch', { commandId: commandId(), unitId, caseId: a.id }));
  planted.unit = ok<TUnitCommandResult>(
    await nurse.emitWithAck('unit:accept', { commandId: commandId(), unitId }),
  ).unit;
  planted.unit = ok<TUnitCommandResult>(await officer.emitWithAck('unit:sos', { commandId: commandId(), unitId })).unit;

  // Card B: a section 136 from detention to its end, with the doctor's reason and the outcome note.
  let b = ok<TCommandResult>(
    await officer.emitWithAck(
      'case:create',
      newCard({
        channel: 'police',
        summary: 'Officers with a woman at the station',
        // Another person: the suite's staff read this card in full, but never card A's NHS number.
        person: { name: 'Mary Oduya', age: { kind: 'age', years: 29 }, sex: 'female', ethnicity: 'Z', nhsNumber: null },
      }),
    ),
  ).card;
  planted.cardB = b.id;
  const step = async (socket: TTestSocket, name: TCaseCommand, payload: object) => {
    b = ok<TCommandResult>(
      await socket.emitWithAck(name, {
        commandId: commandId(),
        caseId: b.id,
        expectedVersion: b.version,
        ...payload,
      }),
    ).card;
  };
  const now = () => new Date().toISOString();
  await step(officer, 'case:detain', {
    power: 's136',
    officer: { name: 'PC Dan Hollis', collarNumber: '4471' },
    decidedAt: now(),
    place: 'public-place',
    consultation: { kind: 'consulted', profession: 'nurse', name: 'Tess Marlow' },
    keptAtPlaceOfSafety: false,
  });
  await step(officer, 'case:choose-place-of-safety', {
    kind: 'health-based-suite',
    name: 'Willowbank',
    serviceId: planted.suite?.id,
    transport: { mode: 'ambulance' },
    policeStation: null,
    ageStatement: null,
  });
  await step(officer, 'case:record-arrival', { arrivedOnSiteAt: now(), enteredAt: null });
  await step(nurse, 'case:record-assessment', {
    assessment: {
      kind: 'doctor',
      at: now(),
      doctorName: 'Dr Okoro',
      isS12Approved: false,
      whyNotS12: CANARY.whyNotS12,
    },
  });
  await step(nurse, 'case:end-detention', { outcome: 'informal-admission', note: CANARY.endNote });

  // Card C: closed with where the person went.
  const c = ok<TCommandResult>(await operator.emitWithAck('case:create', newCard())).card;
  planted.cardC = c.id;
  ok(
    await operator.emitWithAck('case:close', {
      commandId: commandId(),
      caseId: c.id,
      expectedVersion: c.version,
      outcome: { kind: 'stayed-home-with-safety-plan', destinationOrSafetyNet: CANARY.outcome },
    }),
  );
}

/** The GET routes, each with the roles that may read it; every GET in the OpenAPI document must be here. */
function readRoutes(): { path: string; template: string; allowed: (r: TReaderAccount) => boolean }[] {
  const cards = (r: TReaderAccount) => caseViewForRole(r.role) !== 'none';
  const card = (c: 'A' | 'B' | 'C') => (r: TReaderAccount) => viewOf(r, c) !== 'none';
  const everyone = () => true;
  const a = planted.cardA.id;
  const house = planted.house?.id ?? '';
  return [
    { template: '/cases', path: '/cases', allowed: cards },
    { template: '/cases/incoming', path: '/cases/incoming', allowed: (r) => receivingViewFor(r.role) !== null },
    { template: '/cases/{id}', path: `/cases/${a}`, allowed: card('A') },
    { template: '/cases/{id}', path: `/cases/${planted.cardB}`, allowed: card('B') },
    { template: '/cases/{id}', path: `/cases/${planted.cardC}`, allowed: card('C') },
    { template: '/cases/{id}/intervals', path: `/cases/${a}/intervals`, allowed: cards },
    // Search by a name every card view reads, and by an NHS number only health views read (R-SEARCH-REDACT).
    { template: '/cases/search', path: '/cases/search?q=john+mckenzie', allowed: cards },
    { template: '/cases/search', path: `/cases/search?q=${CANARY.nhsNumber}`, allowed: cards },
    { template: '/cases/closed', path: '/cases/closed?period=30d', allowed: cards },
    { template: '/cases/{id}/person', path: `/cases/${a}/person`, allowed: (r) => canReadPersonHistory(r.role) },
    { template: '/cases/{id}/record', path: `/cases/${a}/record`, allowed: card('A') },
    { template: '/handover', path: '/handover', allowed: (r) => POLICY.unitAudienceByRole[r.role] === 'hub' },
    { template: '/detentions', path: '/detentions', allowed: cards },
    // Reports (R-REPORT-ACCESS): aggregates to duty managers and commissioners; cards and the return to duty managers.
    { template: '/reports', path: '/reports?period=month', allowed: (r) => reportAccess(r.role) !== null },
    {
      template: '/reports/cards',
      path: `/reports/cards?period=month&set=cards&where=${encodeURIComponent('{}')}`,
      allowed: (r) => reportAccess(r.role) === 'exact',
    },
    {
      template: '/reports/home-office-return/validation',
      path: '/reports/home-office-return/validation',
      allowed: (r) => r.role === 'duty-manager',
    },
    {
      template: '/reports/home-office-return.{format}',
      path: '/reports/home-office-return.csv',
      allowed: (r) => r.role === 'duty-manager',
    },
    { template: '/services', path: '/services', allowed: everyone },
    { template: '/services/{id}', path: `/services/${house}`, allowed: everyone },
    { template: '/units', path: '/units', allowed: everyone },
    { template: '/capacity/board', path: '/capacity/board', allowed: everyone },
    { template: '/capacity/history', path: '/capacity/history?range=24h', allowed: everyone },
    { template: '/directory', path: '/directory', allowed: everyone },
    { template: '/instance', path: '/instance', allowed: everyone },
    { template: '/session', path: '/session', allowed: everyone },
    { template: '/openapi.json', path: '/openapi.json', allowed: everyone },
    {
      template: '/crew-candidates',
      path: '/crew-candidates',
      allowed: (r) => r.role === 'duty-manager' || r.role === 'admin',
    },
    {
      template: '/audit/access',
      path: '/audit/access',
      allowed: (r) => r.role === 'ig-lead' || r.role === 'duty-manager',
    },
    {
      template: '/audit/access.csv',
      path: '/audit/access.csv',
      allowed: (r) => r.role === 'ig-lead' || r.role === 'duty-manager',
    },
    { template: '/admin/area', path: '/admin/area', allowed: (r) => canAdminister(r.role) },
    { template: '/admin/history', path: '/admin/history', allowed: (r) => canAdminister(r.role) },
    { template: '/admin/organisations', path: '/admin/organisations', allowed: (r) => canAdminister(r.role) },
    { template: '/admin/users', path: '/admin/users', allowed: (r) => canAdminister(r.role) },
    {
      template: '/admin/users/{id}/sessions',
      path: '/admin/users/demo-operator/sessions',
      allowed: (r) => canAdminister(r.role),
    },
  ];
}

beforeAll(async () => {
  server = await startTestServer();
  for (const reader of READERS) {
    const cookie = await server.login(reader.username);
    const socket = await server.connect(cookie);
    const state: TReaderState = { reader, cookie, socket, received: [], events: new Set() };
    socket.onAny((event: string, payload: unknown) => {
      state.events.add(event);
      state.received.push({ from: `socket ${event}`, body: JSON.stringify(payload) });
    });
    readers.set(reader.username, state);
  }
  await plantTheShift();
  // Every live push has been sent once the duty manager has seen the last change.
  await new Promise((r) => setTimeout(r, 300));

  for (const state of readers.values()) {
    for (const route of readRoutes()) {
      const res = await server.http(state.cookie, route.path);
      state.received.push({ from: `GET ${route.path} (${res.status})`, body: await res.text() });
    }
    const replay = await state.socket.emitWithAck('sync:since', { afterSeq: 0 });
    state.received.push({ from: 'sync:since 0', body: JSON.stringify(replay) });
    // A stale edit: its conflict report is a payload too.
    const conflict = await state.socket.emitWithAck('case:update', {
      commandId: commandId(),
      caseId: planted.cardA.id,
      expectedVersion: 1,
      changes: { priority: 'emergency' },
    });
    state.received.push({ from: 'conflict', body: JSON.stringify(conflict) });
  }
}, 120_000);

afterAll(async () => {
  await server.close();
});

/**
 * The view a reader has of each planted card: their role's, or — for the staff of the service its person
 * is coming to (card A's crisis house, card B's suite) — their role's receiving view (R-LINK-RECEIVING).
 */
function viewOf(r: TReaderAccount, card: 'A' | 'B' | 'C'): TCaseView {
  const view = caseViewForRole(r.role);
  if (view !== 'none') return view;
  const receivedBy = { A: planted.house?.organisationId, B: planted.suite?.organisationId, C: undefined }[card];
  return receivedBy === r.organisationId ? (receivingViewFor(r.role) ?? 'none') : 'none';
}

/** Where the policy sends each canary: worked out for a reader from the policy's own functions. */
function mayReceive(r: TReaderAccount): Record<keyof typeof CANARY, boolean> {
  const onCard = { A: viewOf(r, 'A'), B: viewOf(r, 'B'), C: viewOf(r, 'C') };
  const shared = (c: 'A' | 'B' | 'C', path: string) => {
    const view = onCard[c];
    return view !== 'none' && isCardPathShared(path, view);
  };
  const card = (path: string) => shared('A', path);
  const notes = (v: 'clinical' | 'all-agencies') =>
    onCard.A !== 'none' && (POLICY.noteVisibilities[onCard.A] as readonly string[]).includes(v);
  const hold = holdAudience(r, planted.house ?? { organisationId: '' });
  const unit = planted.unit ? unitAudience(r, planted.unit) : null;
  return {
    concerns: card('presentingConcerns'),
    concernsLater: card('presentingConcerns'),
    caller: card('caller'),
    situation: card('summary'),
    safety: card('safety'),
    clinicalNote: notes('clinical'),
    sharedNote: notes('all-agencies'),
    lostNote: card('contactLost.note'),
    restoredNote: card('contactLost.note'),
    holdNote: (POLICY.holdFields.note.to as readonly string[]).includes(hold),
    whyNotS12: shared('B', 'detention.doctorExamination.whyNotS12'),
    endNote: shared('B', 'detention.outcome.note'),
    outcome: shared('C', 'outcome.destinationOrSafetyNet'),
    nhsNumber: card('person.nhsNumber'),
    // A unit's live position goes to its audience, and to the board's map for the roles it names (boardMap).
    unitLatitude:
      (unit !== null && (POLICY.unitFields.location.to as readonly string[]).includes(unit)) ||
      POLICY.boardMap.roles.includes(r.role),
  };
}

const where = (state: TReaderState, text: string) =>
  state.received.filter((m) => m.body.includes(text)).map((m) => m.from);

describe('the disclosure matrix: every role, every path, canaries in every withheld field (R-IG-MIN)', () => {
  for (const reader of READERS) {
    it(`R-IG-MIN: ${reader.username} (${reader.role}) receives exactly what the policy shares with it`, () => {
      const state = readers.get(reader.username);
      if (!state) throw new Error('no state');
      const expected = mayReceive(reader);
      const found: Record<string, string[]> = {};
      const missing: string[] = [];
      for (const [key, text] of Object.entries(CANARY) as [keyof typeof CANARY, string][]) {
        const seenIn = where(state, text);
        if (!expected[key] && seenIn.length > 0) found[key] = seenIn;
        if (expected[key] && seenIn.length === 0) missing.push(key);
      }
      expect(found, 'withheld canaries that reached this reader (and where)').toEqual({});
      expect(missing, 'canaries the policy shares with this reader that never arrived').toEqual([]);
    });
  }

  it('R-IG-MIN, R-LINK-RECEIVING: the board and the administrator never receive a card id, and a service only those of people coming to it; the board gets the readable reference', () => {
    const ids = { A: planted.cardA.id, B: planted.cardB, C: planted.cardC };
    for (const username of ['board', 'provider', 'pos-staff', 'admin']) {
      const state = readers.get(username);
      if (!state) throw new Error('no state');
      for (const c of ['A', 'B', 'C'] as const) {
        const isReceived = viewOf(state.reader, c) !== 'none';
        expect(where(state, ids[c]).length > 0, `${username} and card ${c}`).toBe(isReceived);
      }
    }
    // The staff of each receiving service did receive their card, live and on request.
    expect(where(readers.get('pos-staff') as TReaderState, CANARY.endNote)).toContain('socket case:changed');
    expect(where(readers.get('provider') as TReaderState, CANARY.situation)).toContain('GET /cases/incoming (200)');
    const board = readers.get('board');
    expect(board && where(board, planted.cardA.ref).length).toBeGreaterThan(0);
  });

  it('R-IG-MIN: units reach the hub and their own crew, never café or suite staff, other officers or the board', () => {
    const unitId = planted.unit?.id ?? 'none';
    for (const state of readers.values()) {
      const audience = planted.unit ? unitAudience(state.reader, planted.unit) : null;
      expect(where(state, unitId).length > 0, `${state.reader.username} and unit ${unitId}`).toBe(audience !== null);
    }
  });

  it('R-IG-MIN: a conflict report does not name a withheld field someone else changed', () => {
    const police = readers.get('police-officer');
    const conflict = police?.received.find((m) => m.from === 'conflict')?.body ?? '';
    expect(conflict).toContain('CONFLICT');
    const changes = (JSON.parse(conflict) as { error: { conflict: { changes: { fields: string[] }[] } } }).error
      .conflict.changes;
    expect(changes.flatMap((c) => c.fields)).not.toContain('presentingConcerns');
    expect(changes.flatMap((c) => c.fields)).toContain('clinical details');
  });

  it('R-IG-MIN: every GET route is allowed or refused as the matrix says, and every route in the API is in it', () => {
    const doc = buildOpenApiDocument() as unknown as { paths: Record<string, Record<string, unknown>> };
    const gets = Object.entries(doc.paths)
      .filter(([, ops]) => 'get' in ops)
      .map(([p]) => p.replace(/^\/api\/v1/, ''));
    const covered = new Set(readRoutes().map((r) => r.template));
    expect(
      gets.filter((p) => !covered.has(p)),
      'GET routes with no expectation',
    ).toEqual([]);
    for (const path of Object.keys(doc.paths)) {
      const segment = path.replace(/^\/api\/v1\//, '').split('/')[0] ?? '';
      expect(POLICY.routeKinds, `route ${path} has no payload kind in the policy`).toHaveProperty([segment]);
    }
    for (const state of readers.values()) {
      for (const route of readRoutes()) {
        const status = Number(
          /\((\d+)\)$/.exec(state.received.find((m) => m.from.startsWith(`GET ${route.path} `))?.from ?? '')?.[1],
        );
        expect(status, `${state.reader.username} GET ${route.path}`).toBe(route.allowed(state.reader) ? 200 : 403);
      }
    }
  });

  it('R-IG-MIN: every socket event anyone received has a payload kind in the policy', () => {
    const events = new Set([...readers.values()].flatMap((s) => [...s.events]));
    for (const e of events) expect(POLICY.eventKinds, `event ${e}`).toHaveProperty([e]);
  });

  it('R-IG-MIN: every role × every socket command is refused or let through to validation as its role table says', async () => {
    const commands: { name: string; allowed: (role: TRole) => boolean }[] = [
      ...(Object.keys(COMMAND_SCHEMAS) as TCaseCommand[]).map((c) => ({
        name: c,
        allowed: (r: TRole) => canRunCommand(r, c),
      })),
      ...SERVICE_COMMANDS.map((c) => ({ name: c, allowed: (r: TRole) => canRunServiceCommand(r, c) })),
      ...UNIT_COMMANDS.map((c) => ({ name: c, allowed: (r: TRole) => canRunUnitCommand(r, c) })),
    ];
    const wrong: string[] = [];
    for (const role of ROLES) {
      const state = readers.get(role);
      if (!state) throw new Error('no state');
      for (const command of commands) {
        const ack = await (state.socket.emitWithAck as (e: string, p: unknown) => Promise<TAck<unknown>>)(
          command.name,
          {},
        );
        const code = ack.ok ? 'OK' : ack.error.code;
        const expected = command.allowed(role) ? 'VALIDATION' : 'FORBIDDEN';
        if (code !== expected) wrong.push(`${role} ${command.name}: ${code}, expected ${expected}`);
      }
    }
    expect(wrong).toEqual([]);
  });
});
