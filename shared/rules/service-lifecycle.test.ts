import { describe, expect, it } from 'vitest';
import { CAPACITY_RULES } from '../config/capacity';
import { DomainError } from '../errors';
import type { TService } from '../schemas/service';
import type { TRole } from '../schemas/user';
import { canManageService, expiredHolds, figureAgeMinutes, freePlaces, isStale, reliableFirst } from './capacity';
import type { TServiceEventData } from './service-events';
import {
  decideAcceptHold,
  decideArriveHold,
  decideDeclineHold,
  decideExpireHold,
  decideMovePlaces,
  decidePlaceHold,
  decideRegister,
  decideReleaseHold,
  decideSetPlaces,
  decideSetTotals,
  decideUpdateDetails,
  evolveService,
  type TServiceContext,
} from './service-lifecycle';
import { aService, counts, MONDAY_8PM, minutesBefore } from './test-fixtures';

const CASE_ID = '7b0c6f3e-4a1d-4c2b-9f6e-2d8a1b3c4d5e';
const HOLD_ID = '1f2e3d4c-5b6a-4978-8a9b-0c1d2e3f4a5b';
const suite = aService({
  id: 'c8f5d2a1-0b3e-4f6a-9d7c-1e2f3a4b5c6d',
  kind: 'A20',
  organisationId: 'willowbank',
  capacity: { adult: counts(2, 1), under18: counts(1), confirmedAt: minutesBefore(20), confirmedBy: 'Gwen' },
});

const ctx = (role: TRole = 'pos-staff', organisationId = 'willowbank', now = MONDAY_8PM): TServiceContext => ({
  actor: { id: `user-${role}`, name: `A ${role}`, role },
  organisationId,
  areaId: 'kestrel-vale',
  now,
});

/** Applies decided events the way the runner does, so a test reads as a sequence of actions. */
function apply(service: TService, data: TServiceEventData, c = ctx()): TService {
  return evolveService(service, {
    ...data,
    seq: 0,
    serviceId: service.id,
    version: service.version + 1,
    at: c.now.toISOString(),
    actor: c.actor,
    commandId: 'cmd',
  });
}

const hold = (service: TService, c = ctx('operator', 'Crisis Line')) =>
  apply(
    service,
    decidePlaceHold(
      service,
      { commandId: 'x', serviceId: service.id, holdId: HOLD_ID, caseId: CASE_ID, category: 'adult', note: '' },
      'C-7B0C6F',
      c,
    ),
    c,
  );

const rejection = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    if (error instanceof DomainError) return { code: error.code, message: error.message };
    throw error;
  }
  throw new Error('expected a rejection');
};

describe('capacity figures', () => {
  it('free is total minus occupied, cleaning, closed and held, never stored', () => {
    const s = {
      ...suite,
      capacity: { ...suite.capacity, adult: { ...counts(5, 1), cleaning: 1, closed: 1, closedReason: 'Broken door' } },
    };
    expect(freePlaces(s, 'adult')).toBe(2);
    expect(freePlaces(hold(s), 'adult')).toBe(1);
  });

  it('a figure past its kind’s limit is stale; an emergency department’s is never stale', () => {
    const limit = CAPACITY_RULES.staleAfterMinutes.A20;
    const at = (m: number) => ({ ...suite, capacity: { ...suite.capacity, confirmedAt: minutesBefore(m) } });
    expect(isStale(at(limit), MONDAY_8PM)).toBe(false);
    expect(isStale(at(limit + 1), MONDAY_8PM)).toBe(true);
    expect(figureAgeMinutes(at(limit + 1), MONDAY_8PM)).toBe(limit + 1);
    expect(isStale({ ...at(10_000), kind: 'ED' }, MONDAY_8PM)).toBe(false);
  });

  it('staff change only their own organisation’s services; duty managers change any', () => {
    expect(canManageService({ role: 'pos-staff', organisationId: 'willowbank' }, suite)).toBe(true);
    expect(canManageService({ role: 'provider', organisationId: 'harbour-lights' }, suite)).toBe(false);
    expect(canManageService({ role: 'duty-manager', organisationId: 'trust' }, suite)).toBe(true);
    expect(canManageService({ role: 'operator', organisationId: 'willowbank' }, suite)).toBe(false);
  });
});

describe('moving places between states', () => {
  it('a room becomes occupied, is cleaned, and comes back: each change confirms the figure', () => {
    const later = ctx('pos-staff', 'willowbank', new Date(MONDAY_8PM.getTime() + 60_000));
    const move = (s: TService, from: 'free' | 'occupied' | 'cleaning', to: 'free' | 'occupied' | 'cleaning') =>
      apply(
        s,
        decideMovePlaces(s, { commandId: 'x', serviceId: s.id, category: 'adult', from, to, count: 1 }, later),
        later,
      );
    const taken = move(suite, 'free', 'occupied');
    expect(freePlaces(taken, 'adult')).toBe(0);
    expect(taken.capacity.confirmedAt).toBe(later.now.toISOString());
    expect(taken.capacity.confirmedBy).toBe('A pos-staff');
    const cleaning = move(taken, 'occupied', 'cleaning');
    expect(cleaning.capacity.adult).toMatchObject({ occupied: 1, cleaning: 1 });
    expect(freePlaces(move(cleaning, 'cleaning', 'free'), 'adult')).toBe(1);
  });

  it('refuses to take a place that is not there, and never lets a held place be used', () => {
    const held = hold(suite);
    expect(
      rejection(() =>
        decideMovePlaces(
          held,
          { commandId: 'x', serviceId: suite.id, category: 'adult', from: 'free', to: 'occupied', count: 1 },
          ctx(),
        ),
      ),
    ).toMatchObject({ code: 'RULE_VIOLATION', message: expect.stringContaining('Only 0 free') });
  });

  it('another organisation’s staff cannot change the figures', () => {
    expect(
      rejection(() =>
        decideMovePlaces(
          suite,
          { commandId: 'x', serviceId: suite.id, category: 'adult', from: 'free', to: 'occupied', count: 1 },
          ctx('provider', 'harbour-lights'),
        ),
      ),
    ).toMatchObject({ code: 'FORBIDDEN' });
  });

  it('a recount must leave room for places already held', () => {
    const held = hold(suite);
    expect(
      rejection(() =>
        decideSetPlaces(
          held,
          {
            commandId: 'x',
            serviceId: suite.id,
            expectedVersion: held.version,
            category: 'adult',
            counts: counts(2, 2),
          },
          ctx(),
        ),
      ),
    ).toMatchObject({ code: 'RULE_VIOLATION' });
  });
});

describe('holds', () => {
  it('a hold takes the place until it ends; the last place can be held once only', () => {
    const held = hold(suite);
    expect(freePlaces(held, 'adult')).toBe(0);
    expect(held.holds[0]).toMatchObject({ caseRef: 'C-7B0C6F', state: 'held', placedBy: { role: 'operator' } });
    const other = {
      commandId: 'y',
      serviceId: suite.id,
      holdId: CASE_ID,
      caseId: HOLD_ID,
      category: 'adult' as const,
      note: '',
    };
    expect(rejection(() => decidePlaceHold(held, other, 'C-1F2E3D', ctx('operator')))).toMatchObject({
      code: 'RULE_VIOLATION',
      message: expect.stringContaining('No free place'),
    });
  });

  it('expires by itself after the configured time, and its place comes back', () => {
    const held = hold(suite);
    const expiry = new Date(MONDAY_8PM.getTime() + CAPACITY_RULES.holdMinutes * 60_000);
    expect(held.holds[0]?.expiresAt).toBe(expiry.toISOString());
    expect(expiredHolds(held, new Date(expiry.getTime() - 1))).toEqual([]);
    expect(expiredHolds(held, expiry).map((h) => h.id)).toEqual([HOLD_ID]);
    expect(rejection(() => decideExpireHold(held, HOLD_ID, new Date(expiry.getTime() - 1)))).toMatchObject({
      code: 'RULE_VIOLATION',
    });
    const expired = apply(held, decideExpireHold(held, HOLD_ID, expiry));
    expect(freePlaces(expired, 'adult')).toBe(1);
    // Once ended, it cannot end again: the place comes back exactly once.
    expect(rejection(() => decideExpireHold(expired, HOLD_ID, expiry))).toMatchObject({ code: 'NOT_FOUND' });
  });

  it('the receiving service accepts, then arrival turns the hold into an occupied place', () => {
    const accepted = apply(hold(suite), decideAcceptHold(hold(suite), HOLD_ID, ctx()));
    expect(accepted.holds[0]?.state).toBe('accepted');
    const arrived = apply(accepted, decideArriveHold(accepted, HOLD_ID, ctx()));
    expect(arrived.holds).toEqual([]);
    expect(arrived.capacity.adult.occupied).toBe(2);
    expect(freePlaces(arrived, 'adult')).toBe(0);
  });

  it('R-NTA-1: a decline needs a reason and an onward route, and returns the place', () => {
    const held = hold(suite);
    const declined = decideDeclineHold(
      held,
      { commandId: 'x', serviceId: suite.id, holdId: HOLD_ID, reason: 'No staff', onwardRoute: 'Elm House' },
      ctx(),
    );
    expect(declined).toEqual({
      type: 'hold.declined',
      data: { holdId: HOLD_ID, reason: 'No staff', onwardRoute: 'Elm House' },
    });
    expect(freePlaces(apply(held, declined), 'adult')).toBe(1);
  });

  const release = { commandId: 'x', serviceId: suite.id, holdId: HOLD_ID, reason: 'Went home with family' };

  it('the people who held it can release it, and the place comes back at once', () => {
    const held = hold(suite);
    const released = apply(held, decideReleaseHold(held, release, ctx('operator', 'Crisis Line')));
    expect(freePlaces(released, 'adult')).toBe(1);
  });

  it('R-IG-MIN: a hold is released only by the hub, whoever placed it, or the receiving service', () => {
    const byPolice = ctx('police-officer', 'police');
    const held = hold(suite, byPolice);
    expect(() => decideReleaseHold(held, release, byPolice)).not.toThrow();
    expect(() => decideReleaseHold(held, release, ctx('pos-staff', 'willowbank'))).not.toThrow();
    expect(() => decideReleaseHold(held, release, ctx('duty-manager', 'trust'))).not.toThrow();
    expect(() => decideReleaseHold(held, release, ctx('amhp', 'council'))).not.toThrow();
    // Another officer, and a café's staff at another organisation, may not.
    const anotherOfficer = {
      ...ctx('police-officer', 'police'),
      actor: { id: 'pc-2', name: 'PC Two', role: 'police-officer' as const },
    };
    expect(rejection(() => decideReleaseHold(held, release, anotherOfficer)).code).toBe('FORBIDDEN');
    expect(rejection(() => decideReleaseHold(held, release, ctx('provider', 'haven-cafe'))).code).toBe('FORBIDDEN');
  });

  it('no holds at a closed or diverting service, nor at an emergency department (R-LRO-1: it counts no places)', () => {
    const input = {
      commandId: 'x',
      serviceId: suite.id,
      holdId: HOLD_ID,
      caseId: CASE_ID,
      category: 'adult' as const,
      note: '',
    };
    expect(
      rejection(() =>
        decidePlaceHold({ ...suite, status: 'diverting', statusReason: 'Staffing' }, input, 'C-1', ctx()),
      ),
    ).toMatchObject({
      message: expect.stringContaining('diverting: Staffing'),
    });
    expect(rejection(() => decidePlaceHold({ ...suite, kind: 'ED' }, input, 'C-1', ctx()))).toMatchObject({
      code: 'RULE_VIOLATION',
    });
    // Opening hours are the server's rule too: a café open from 18:00 cannot be held at 17:00 (R-LRO-1).
    const evenings = {
      ...suite,
      name: 'Harbour Lights',
      hours: { isAlwaysOpen: false, weekly: [{ day: 1, opens: '18:00', closes: '23:00' }], exceptions: [] },
    };
    const fivePm = new Date(MONDAY_8PM.getTime() - 3 * 3_600_000);
    expect(rejection(() => decidePlaceHold(evenings, input, 'C-1', ctx('operator', 'x', fivePm)))).toMatchObject({
      code: 'RULE_VIOLATION',
      message: 'Harbour Lights is closed until 18:00',
    });
    expect(decidePlaceHold(evenings, input, 'C-1', ctx('operator', 'x', MONDAY_8PM))).toMatchObject({
      type: 'hold.placed',
    });
  });
});

describe('the registry', () => {
  const update = (changes: object, role: TRole = 'pos-staff') =>
    decideUpdateDetails(suite, { commandId: 'c', serviceId: suite.id, expectedVersion: 1, changes }, ctx(role));

  it('its own staff keep its phone, hours and access notes current', () => {
    expect(update({ phone: '01632 000000' })).toMatchObject({ type: 'service.details-updated' });
    expect(update({ eligibility: { ...suite.eligibility, accessNotes: 'Ring the bell' } })).toMatchObject({
      type: 'service.details-updated',
    });
  });

  it('but cannot change what it is, who runs it or whom it takes: those are for a duty manager or administrator', () => {
    expect(() => update({ kind: 'A21' })).toThrow(/Only a duty manager or an administrator can change kind/);
    expect(() =>
      update({ eligibility: { ...suite.eligibility, acceptsS136: !suite.eligibility.acceptsS136 } }),
    ).toThrow(/eligibility/);
    expect(() => update({ organisationId: 'harbour-lights' }, 'provider')).toThrow(DomainError);
    expect(update({ kind: 'A21' }, 'admin')).toMatchObject({ type: 'service.details-updated' });
    expect(update({ kind: 'A21' }, 'duty-manager')).toMatchObject({ type: 'service.details-updated' });
  });

  it('an emergency department or custody record is registered without places', () => {
    const {
      id: _id,
      areaId: _a,
      version: _v,
      updatedAt: _u,
      capacity: _c,
      status: _s,
      statusReason: _r,
      holds: _h,
      ...details
    } = suite;
    const register = (kind: TService['kind'], adult: number) =>
      decideRegister(
        null,
        { ...details, kind, commandId: 'c', serviceId: suite.id, places: { adult, under18: 0 } },
        ctx('duty-manager'),
      );
    expect(() => register('ED', 2)).toThrow(/does not count places/);
    expect(register('ED', 0)).toMatchObject({ type: 'service.registered' });
    expect(register('A21', 2)).toMatchObject({ type: 'service.registered' });
  });

  it('totals cannot fall below the places in use, cleaning, closed or held', () => {
    const held = hold(suite);
    const totals = (adult: number) =>
      decideSetTotals(held, { commandId: 'c', serviceId: suite.id, expectedVersion: 1, totals: { adult, under18: 1 } });
    expect(() => totals(1)).toThrow(/2 are in use, held, cleaning or closed/);
    const after = apply(held, totals(3));
    expect(after.capacity.adult).toMatchObject({ total: 3, occupied: 1 });
    expect(freePlaces(after, 'adult')).toBe(1);
  });
});

describe('lists put what can be relied on first', () => {
  it('an open service with a fresh figure comes before one with a stale figure, and closed ones come last', () => {
    const now = MONDAY_8PM;
    const fresh = aService({ id: 'Zephyr House', kind: 'A21' });
    const stale = aService({
      id: 'Alder Café',
      kind: 'A21',
      capacity: { ...fresh.capacity, confirmedAt: '2026-11-20T08:00:00.000Z' },
    });
    const closed = aService({ id: 'Birch Haven', kind: 'A21', status: 'closed' });
    expect(reliableFirst([closed, stale, fresh], now, (s) => s.status !== 'closed').map((s) => s.name)).toEqual([
      'Zephyr House',
      'Alder Café',
      'Birch Haven',
    ]);
    expect(isStale(stale, now)).toBe(true);
  });
});
