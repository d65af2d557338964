import type { TCaseCard, TCaseCreateRequest } from '../schemas/case';
import type { TDetainRequest, TPoliceStationAuthority } from '../schemas/detention';
import type { TPlaceCounts, TService } from '../schemas/service';
import type { TUnit } from '../schemas/unit';
import type { TRole } from '../schemas/user';
import type { TCaseEvent } from './case-events';
import { evolve } from './case-lifecycle';
import type { TDecisionContext } from './case-lifecycle';

/** A valid new-card payload; tests override only what they are about. */
export function aCreateRequest(overrides: Partial<TCaseCreateRequest> = {}): TCaseCreateRequest {
  return {
    commandId: '00000000-0000-4000-8000-000000000001',
    channel: '111-option-2',
    caller: { name: 'Alex', relationship: 'self', callbackNumber: '07700 900000' },
    person: {
      name: 'Alex Doe',
      age: { kind: 'age', years: 30 },
      sex: 'not-known',
      ethnicity: 'Z',
      nhsNumber: '9434765919',
    },
    location: { description: 'Market Square', type: 'public-place', coordinates: null },
    presentingConcerns: 'Hearing voices; stopped medication',
    riskFlags: { toSelf: true, toOthers: false, fromOthers: false, safeguarding: false },
    priority: 'urgent',
    summary: 'Distressed caller in the square',
    ...overrides,
  };
}

export function aContext(role: TRole = 'operator', id = `user-${role}`): TDecisionContext {
  let n = 0;
  return {
    actor: { id, name: `Test ${role}`, role },
    areaId: 'test-area',
    newId: () => `id-${++n}`,
    now: new Date('2026-11-23T03:00:00Z'),
  };
}

/** Builds an event around decided data, as the command runner does. */
export function asEvent(
  data: Pick<TCaseEvent, 'type' | 'data'>,
  caseId: string,
  version: number,
  ctx: TDecisionContext,
  at = '2026-11-23T03:00:00.000Z',
): TCaseEvent {
  return { ...data, seq: version, caseId, version, at, actor: ctx.actor, commandId: `cmd-${version}` } as TCaseEvent;
}

/** A card folded from a create event, ready for further decisions. */
export function aCard(overrides: Partial<TCaseCreateRequest> = {}) {
  const ctx = aContext();
  const caseId = '11111111-1111-4111-8111-111111111111';
  const { commandId: _c, ...details } = aCreateRequest(overrides);
  return evolve(
    null,
    asEvent({ type: 'case.created', data: { ...details, ref: 'C-111111', areaId: ctx.areaId } }, caseId, 1, ctx),
  );
}

// Monday 23 November 2026, 20:00 in London (GMT): the services fixtures' "now".
export const MONDAY_8PM = new Date('2026-11-23T20:00:00Z');
export const minutesBefore = (m: number, from = MONDAY_8PM) => new Date(from.getTime() - m * 60_000).toISOString();

export const counts = (total: number, occupied = 0): TPlaceCounts => ({
  total,
  occupied,
  cleaning: 0,
  closed: 0,
  closedReason: null,
});

/** A 24/7 adult service with 2 of 4 places free, confirmed 30 minutes before MONDAY_8PM. */
export function aService(overrides: Partial<TService> & Pick<TService, 'id' | 'kind'>): TService {
  return {
    name: overrides.id,
    organisationId: 'kestrel-vale-mind',
    address: '1 High Street',
    version: 1,
    updatedAt: minutesBefore(30),
    statusReason: null,
    holds: [],
    areaId: 'kestrel-vale',
    coordinates: { lat: 52.41, lng: -1.51 },
    phone: '01632 960000',
    hours: { isAlwaysOpen: true, weekly: [], exceptions: [] },
    eligibility: {
      minAge: 18,
      maxAge: null,
      referralRoutes: ['self-referral', 'professional-referral', 'walk-in'],
      acceptsS136: false,
      acceptsIntoxicated: true,
      excludesUrgentMedicalNeed: false,
      accessNotes: '',
    },
    capacity: { adult: counts(4, 2), under18: counts(0), confirmedAt: minutesBefore(30), confirmedBy: 'staff' },
    status: 'open',
    ...overrides,
  };
}

/** A section 136 detention decided at 01:00 on 23 November 2026 in a public place; tests override the rest. */
export function aDetainRequest(card: TCaseCard, overrides: Partial<TDetainRequest> = {}): TDetainRequest {
  return {
    commandId: '00000000-0000-4000-8000-0000000000aa',
    caseId: card.id,
    expectedVersion: card.version,
    power: 's136',
    officer: { name: 'PC Hollis', collarNumber: '4471' },
    decidedAt: '2026-11-23T01:00:00.000Z',
    place: 'public-place',
    consultation: { kind: 'consulted', profession: 'nurse', name: 'Tess Marlow' },
    keptAtPlaceOfSafety: false,
    ...overrides,
  };
}

/** Every condition for an adult at a police station met, authorised by an inspector (R-POS-ADULT). */
export const POLICE_STATION_AUTHORITY: TPoliceStationAuthority = {
  imminentRiskOfSeriousInjuryOrDeath: true,
  noOtherPlaceCanReasonablyDetain: true,
  healthcareProfessionalWillBePresent: true,
  healthProfessionalConsulted: 'yes',
  authorisingOfficer: { name: 'Insp. Rowe', rank: 'inspector' },
  arrestedForSubstantiveOffence: false,
};

/** An on-shift street-triage car with no job and no position; tests override what they are about. */
export function aUnit(overrides: Partial<TUnit> = {}): TUnit {
  return {
    id: 'unit-st1',
    areaId: 'kestrel-vale',
    version: 3,
    updatedAt: '2026-12-02T02:00:00.000Z',
    callSign: 'ST1',
    kind: 'street-triage-car',
    organisationId: 'kv-mh-trust',
    members: [],
    isOnShift: true,
    status: 'available',
    statusSince: '2026-12-02T02:00:00.000Z',
    location: null,
    assignment: null,
    sos: null,
    ...overrides,
  };
}
