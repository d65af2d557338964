import { describe, expect, it } from 'vitest';
import { DISPATCH_RULES } from '../config/dispatch';
import { DomainError } from '../errors';
import type { TUnit, TUnitStatus } from '../schemas/unit';
import type { TRole } from '../schemas/user';
import type { TUnitEvent, TUnitEventData } from './unit-events';
import {
  assertCrewable,
  canMoveTo,
  crewAfterAccountChange,
  decideAccept,
  decideDecline,
  decideDispatch,
  decideEscalateDispatch,
  decideSetShift,
  decideSetStatus,
  decideSos,
  evolveUnit,
  occurredTime,
  overdueDispatch,
  awaitingAcceptance,
  responseIntervals,
  type TUnitContext,
} from './unit-lifecycle';

const T0 = new Date('2026-11-23T20:00:00Z');
const UNIT_ID = '4d7c2a1e-9b3f-4e5d-8a6c-1f2e3d4c5b6a';
const CASE_A = '11111111-2222-4333-8444-555555555555';
const CASE_B = '66666666-7777-4888-9999-aaaaaaaaaaaa';
const at = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);
const ctx = (minutes = 0, role: TRole = 'triage-clinician', id = 'user-tess'): TUnitContext => ({
  actor: { id, name: `A ${role}`, role },
  areaId: 'kestrel-vale',
  now: at(minutes),
});
const operator = (minutes = 0) => ctx(minutes, 'operator', 'user-olu');

let seq = 0;
function apply(unit: TUnit | null, data: TUnitEventData, c: TUnitContext): TUnit {
  const event = {
    ...data,
    seq: ++seq,
    unitId: UNIT_ID,
    version: (unit?.version ?? 0) + 1,
    at: c.now.toISOString(),
    actor: c.actor,
    commandId: `c${seq}`,
  };
  log.push(event);
  return evolveUnit(unit, event);
}
let log: TUnitEvent[] = [];

function onShiftCar(): TUnit {
  log = [];
  const registered = apply(
    null,
    {
      type: 'unit.registered',
      data: {
        areaId: 'kestrel-vale',
        callSign: 'ST1',
        kind: 'street-triage-car',
        organisationId: 'kv-mh-trust',
        members: [
          { userId: 'user-tess', name: 'Tess', role: 'triage-clinician' },
          { userId: 'user-dan', name: 'Dan', role: 'police-officer' },
        ],
      },
    },
    ctx(-60, 'duty-manager', 'user-dm'),
  );
  return apply(registered, decideSetShift(registered, true, ctx(-30)), ctx(-30));
}
const dispatched = (unit = onShiftCar(), caseId = CASE_A) =>
  apply(unit, decideDispatch(unit, { commandId: 'x', unitId: UNIT_ID, caseId }, 'C-111111', operator()), operator());

const refusal = (fn: () => unknown) => {
  try {
    fn();
  } catch (e) {
    if (e instanceof DomainError) return { code: e.code, message: e.message };
    throw e;
  }
  throw new Error('expected a refusal');
};

describe('unit status machine', () => {
  it('starting a shift makes the unit available; ending it makes it unavailable', () => {
    const unit = onShiftCar();
    expect(unit).toMatchObject({ isOnShift: true, status: 'available' });
    expect(apply(unit, decideSetShift(unit, false, ctx()), ctx()).status).toBe('unavailable');
  });

  it('a dispatched unit cannot set off before it accepts: the hub owns the person until then', () => {
    const unit = dispatched();
    expect(unit.status).toBe('dispatched');
    expect(canMoveTo(unit, 'en-route')).toBe(false);
    expect(refusal(() => decideSetStatus(unit, 'en-route', ctx()))).toMatchObject({
      code: 'RULE_VIOLATION',
      message: expect.stringContaining('accept the dispatch first'),
    });
    const accepted = apply(unit, decideAccept(unit, ctx(1)), ctx(1));
    expect(canMoveTo(accepted, 'en-route')).toBe(true);
  });

  it('follows the journey and refuses jumps that skip a step', () => {
    let unit = dispatched();
    unit = apply(unit, decideAccept(unit, ctx(1)), ctx(1));
    const path: TUnitStatus[] = ['en-route', 'on-scene', 'conveying', 'at-destination', 'handing-over', 'available'];
    for (const [i, to] of path.entries()) unit = apply(unit, decideSetStatus(unit, to, ctx(2 + i)), ctx(2 + i));
    expect(unit).toMatchObject({ status: 'available', assignment: null });
    expect(refusal(() => decideSetStatus(unit, 'on-scene', ctx(10)))).toMatchObject({ code: 'RULE_VIOLATION' });
  });

  it('only the unit’s own crew changes its status', () => {
    const unit = onShiftCar();
    expect(
      refusal(() => decideSetStatus(unit, 'unavailable', ctx(0, 'ambulance-clinician', 'user-priya'))),
    ).toMatchObject({
      code: 'FORBIDDEN',
    });
  });
});

describe('dispatch with accepted handoffs', () => {
  it('a unit committed elsewhere is dispatched only by an explicit re-task with a reason', () => {
    const busy = dispatched();
    expect(
      refusal(() => decideDispatch(busy, { commandId: 'y', unitId: UNIT_ID, caseId: CASE_B }, 'C-666666', operator(1))),
    ).toMatchObject({
      message: expect.stringContaining('re-task it with a reason'),
    });
    const retasked = decideDispatch(
      busy,
      { commandId: 'y', unitId: UNIT_ID, caseId: CASE_B, retaskReason: 'Life at risk on the bridge' },
      'C-666666',
      operator(1),
    );
    expect(retasked).toMatchObject({
      type: 'unit.dispatched',
      data: { previousCaseId: CASE_A, retaskReason: 'Life at risk on the bridge' },
    });
  });

  it(`must be accepted within ${DISPATCH_RULES.acceptWithinMinutes} minutes, or it escalates back to the hub once`, () => {
    const unit = dispatched();
    expect(unit.assignment?.acceptBy).toBe(at(DISPATCH_RULES.acceptWithinMinutes).toISOString());
    expect(overdueDispatch(unit, at(DISPATCH_RULES.acceptWithinMinutes - 0.1))).toBe(false);
    expect(refusal(() => decideEscalateDispatch(unit, at(1)))).toMatchObject({ code: 'RULE_VIOLATION' });
    const late = at(DISPATCH_RULES.acceptWithinMinutes);
    expect(overdueDispatch(unit, late)).toBe(true);
    const escalated = apply(unit, decideEscalateDispatch(unit, late), ctx(3, 'admin', 'system'));
    expect(escalated.assignment?.escalatedAt).toBe(late.toISOString());
    expect(overdueDispatch(escalated, at(10))).toBe(false);
  });

  it('the queue shows a dispatch waiting to be accepted until it is accepted or its time runs out', () => {
    const waiting = dispatched();
    expect(awaitingAcceptance([waiting, onShiftCar()])).toEqual(new Map([[CASE_A, [waiting.callSign]]]));
    const accepted = apply(waiting, decideAccept(waiting, ctx(1)), ctx(1));
    expect(awaitingAcceptance([accepted]).size).toBe(0);
    const late = at(DISPATCH_RULES.acceptWithinMinutes);
    const escalated = apply(waiting, decideEscalateDispatch(waiting, late), ctx(3, 'admin', 'system'));
    expect(awaitingAcceptance([escalated]).size).toBe(0);
  });

  it('a unit can decline with a reason, and is free again', () => {
    const unit = dispatched();
    const declined = apply(unit, decideDecline(unit, 'Already with a patient', ctx(1)), ctx(1));
    expect(declined).toMatchObject({ status: 'available', assignment: null });
  });

  it('SOS cannot be raised twice before it is acknowledged', () => {
    const unit = onShiftCar();
    const raised = apply(unit, decideSos(unit, ctx()), ctx());
    expect(raised.sos).toMatchObject({ acknowledgedBy: null });
    expect(refusal(() => decideSos(raised, ctx()))).toMatchObject({ code: 'RULE_VIOLATION' });
  });
});

describe('response intervals', () => {
  it('derives every stamp from the first event that records it', () => {
    let unit = dispatched();
    unit = apply(unit, decideAccept(unit, ctx(1)), ctx(1));
    const steps: TUnitStatus[] = ['en-route', 'on-scene', 'conveying', 'at-destination', 'handing-over', 'available'];
    for (const [i, to] of steps.entries())
      unit = apply(unit, decideSetStatus(unit, to, ctx(10 * (i + 1))), ctx(10 * (i + 1)));
    const caseEvents = [
      { type: 'case.created', at: at(-5).toISOString() },
      { type: 'case.ownership-taken', at: at(-2).toISOString() },
    ];
    expect(responseIntervals(caseEvents, log, CASE_A)).toEqual({
      callReceived: at(-5).toISOString(),
      triaged: at(-2).toISOString(),
      dispatched: at(0).toISOString(),
      accepted: at(1).toISOString(),
      enRoute: at(10).toISOString(),
      onScene: at(20).toISOString(),
      leftScene: at(30).toISOString(),
      atDestination: at(40).toISOString(),
      handedOver: at(60).toISOString(),
      clear: at(60).toISOString(),
    });
    expect(responseIntervals([], log, CASE_B).dispatched).toBeNull();
  });

  it('S-25: a status kept offline counts from when the crew made it, not from when it arrived', () => {
    let unit = dispatched();
    unit = apply(unit, decideAccept(unit, ctx(1)), ctx(1));
    // On scene at minute 4 with no signal; the tablet sends it at minute 25.
    unit = apply(unit, decideSetStatus(unit, 'en-route', ctx(2)), ctx(2));
    const late = decideSetStatus(unit, 'on-scene', ctx(25), at(4).toISOString());
    expect(late).toMatchObject({ data: { to: 'on-scene', occurredAt: at(4).toISOString() } });
    unit = apply(unit, late, ctx(25));
    expect(unit.statusSince).toBe(at(4).toISOString());
    expect(responseIntervals([], log, CASE_A).onScene).toBe(at(4).toISOString());
  });

  it('S-25: a device clock is believed only between the previous status and now', () => {
    let unit = dispatched();
    unit = apply(unit, decideAccept(unit, ctx(1)), ctx(1));
    unit = apply(unit, decideSetStatus(unit, 'en-route', ctx(10)), ctx(10));
    expect(occurredTime(at(3).toISOString(), unit, at(20))).toBe(at(10).toISOString());
    expect(occurredTime(at(45).toISOString(), unit, at(20))).toBeUndefined();
    expect(occurredTime(undefined, unit, at(20))).toBeUndefined();
    expect(decideSetStatus(unit, 'on-scene', ctx(20), at(30).toISOString()).data).not.toHaveProperty('occurredAt');
  });
});

describe('who crews a unit (hazard "stale unit crew")', () => {
  const people = [
    { id: 'tess', displayName: 'Tess', role: 'triage-clinician' as const, isEnabled: true, areaId: 'kestrel-vale' },
    { id: 'dan', displayName: 'Dan', role: 'police-officer' as const, isEnabled: true, areaId: 'kestrel-vale' },
    { id: 'gone', displayName: 'Gone', role: 'police-officer' as const, isEnabled: false, areaId: 'kestrel-vale' },
    { id: 'desk', displayName: 'Olu', role: 'operator' as const, isEnabled: true, areaId: 'kestrel-vale' },
  ];

  it('only enabled accounts of the area in a crew role; every other one is named', () => {
    expect(assertCrewable(people, ['tess', 'dan'], 'kestrel-vale').map((m) => m.name)).toEqual(['Tess', 'Dan']);
    try {
      assertCrewable(people, ['tess', 'gone', 'desk', 'stranger'], 'kestrel-vale');
      throw new Error('expected a refusal');
    } catch (e) {
      expect((e as Error).message).toBe(
        "Cannot crew the unit: Gone's account is disabled; Olu is not in a crew role; no account stranger in this area",
      );
    }
  });

  it('follows an account: renamed on the crew, taken off when disabled or moved out of the crew roles', () => {
    const unit = onShiftCar();
    expect(
      crewAfterAccountChange(unit, {
        id: 'user-dan',
        displayName: 'PC Daniel',
        role: 'police-officer',
        isEnabled: true,
      }),
    ).toEqual([
      { userId: 'user-tess', name: 'Tess', role: 'triage-clinician' },
      { userId: 'user-dan', name: 'PC Daniel', role: 'police-officer' },
    ]);
    expect(
      crewAfterAccountChange(unit, { id: 'user-dan', displayName: 'Dan', role: 'police-officer', isEnabled: false }),
    ).toEqual([{ userId: 'user-tess', name: 'Tess', role: 'triage-clinician' }]);
    expect(
      crewAfterAccountChange(unit, { id: 'user-dan', displayName: 'Dan', role: 'operator', isEnabled: true }),
    ).toHaveLength(1);
    expect(
      crewAfterAccountChange(unit, { id: 'someone-else', displayName: 'X', role: 'amhp', isEnabled: true }),
    ).toBeNull();
  });

  it('a unit with nobody on its crew cannot start a shift or be dispatched', () => {
    const empty = { ...onShiftCar(), members: [] };
    expect(() =>
      decideDispatch(empty, { commandId: 'c', unitId: UNIT_ID, caseId: CASE_A }, 'C-1', ctx(0, 'operator', 'op')),
    ).toThrow(/no crew/);
    expect(() => decideSetShift({ ...empty, isOnShift: false }, true, ctx(0, 'duty-manager', 'dm'))).toThrow(/no crew/);
  });
});
