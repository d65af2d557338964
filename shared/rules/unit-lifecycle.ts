import { DISPATCH_RULES, type TDispatchRules } from '../config/dispatch';
import { DomainError } from '../errors';
import type { TUnitCommand } from '../protocol';
import type {
  TResponseIntervals,
  TUnit,
  TUnitDispatchRequest,
  TUnitRegisterRequest,
  TUnitUpdateDetailsRequest,
  TUnitSetLocationRequest,
  TUnitSosRequest,
  TUnitStatus,
} from '../schemas/unit';
import type { TActor, TRole } from '../schemas/user';
import type { TUnitEvent, TUnitEventData } from './unit-events';

/** Crew roles: members of a unit act for it (membership is checked in each decision). */
const CREW: readonly TRole[] = ['triage-clinician', 'police-officer', 'ambulance-clinician', 'amhp'];
const HUB: readonly TRole[] = ['operator', 'duty-manager'];

/** Roles that may run each unit command. */
export const UNIT_COMMAND_ROLES: Record<TUnitCommand, readonly TRole[]> = {
  'unit:register': ['duty-manager', 'admin'],
  'unit:update-details': ['duty-manager', 'admin'],
  'unit:set-crew': ['duty-manager', 'admin'],
  'unit:set-shift': [...CREW, 'duty-manager', 'admin'],
  'unit:dispatch': HUB,
  'unit:accept': CREW,
  'unit:decline': CREW,
  'unit:set-status': CREW,
  'unit:set-location': CREW,
  'unit:sos': CREW,
  'unit:acknowledge-sos': HUB,
  'unit:stand-down': HUB,
};

export function canRunUnitCommand(role: TRole, command: TUnitCommand): boolean {
  return UNIT_COMMAND_ROLES[command].includes(role);
}

export interface TUnitContext {
  actor: TActor & { role: TRole };
  areaId: string;
  now: Date;
}

/**
 * The status machine a person drives from the tablet. Dispatch is not here: only an operator's dispatch
 * makes a unit `dispatched`, and only its acceptance lets it go `en-route`. Going `available` from a job
 * is "clear": it ends the assignment.
 */
export const STATUS_TRANSITIONS: Record<TUnitStatus, readonly TUnitStatus[]> = {
  available: ['unavailable'],
  dispatched: ['en-route'],
  'en-route': ['on-scene', 'available'],
  'on-scene': ['conveying', 'handing-over', 'available'],
  conveying: ['at-destination'],
  'at-destination': ['handing-over', 'available'],
  'handing-over': ['available'],
  unavailable: ['available'],
};

export function canMoveTo(unit: Pick<TUnit, 'status' | 'assignment'>, to: TUnitStatus): boolean {
  if (!STATUS_TRANSITIONS[unit.status].includes(to)) return false;
  // The hub owns the person until a unit accepts: a unit cannot set off on a dispatch it has not accepted.
  if (unit.status === 'dispatched' && !unit.assignment?.acceptedAt) return false;
  return true;
}

/** A unit committed to a case (dispatched, accepted or working it) cannot simply be sent elsewhere. */
export function isCommitted(unit: Pick<TUnit, 'assignment'>): boolean {
  return unit.assignment !== null;
}

export function isMember(unit: Pick<TUnit, 'members'>, userId: string): boolean {
  return unit.members.some((m) => m.userId === userId);
}

/** Folds one event into the unit. Pure; the projection and a rebuild both use it. */
export function evolveUnit(unit: TUnit | null, event: TUnitEvent): TUnit {
  if (event.type === 'unit.registered') {
    return {
      id: event.unitId,
      areaId: event.data.areaId,
      version: event.version,
      updatedAt: event.at,
      callSign: event.data.callSign,
      kind: event.data.kind,
      organisationId: event.data.organisationId,
      members: event.data.members,
      isOnShift: false,
      status: 'unavailable',
      statusSince: event.at,
      location: null,
      assignment: null,
      stoodDown: null,
      sos: null,
    };
  }
  if (!unit) throw new Error(`Event ${event.type} for a unit that was never registered`);
  const next: TUnit = { ...unit, version: event.version, updatedAt: event.at };
  switch (event.type) {
    case 'unit.details-updated':
      return { ...next, ...event.data.changes };
    case 'unit.crew-changed':
      return { ...next, members: event.data.members };
    case 'unit.shift-changed': {
      // Starting or ending a shift moves an idle unit between available and unavailable.
      const isIdle = unit.status === 'available' || unit.status === 'unavailable';
      const to: TUnitStatus = event.data.isOnShift ? 'available' : 'unavailable';
      const moves = isIdle && to !== unit.status;
      return { ...next, isOnShift: event.data.isOnShift, ...(moves ? { status: to, statusSince: event.at } : {}) };
    }
    case 'unit.dispatched':
      return {
        ...next,
        status: 'dispatched',
        statusSince: event.at,
        stoodDown: null,
        assignment: {
          caseId: event.data.caseId,
          caseRef: event.data.caseRef,
          dispatchedAt: event.at,
          dispatchedBy: event.actor.name,
          acceptBy: event.data.acceptBy,
          acceptedAt: null,
          escalatedAt: null,
        },
      };
    case 'unit.accepted':
      return unit.assignment ? { ...next, assignment: { ...unit.assignment, acceptedAt: event.at } } : next;
    case 'unit.declined':
      return { ...next, status: 'available', statusSince: event.at, assignment: null };
    case 'unit.dispatch-escalated':
      return unit.assignment ? { ...next, assignment: { ...unit.assignment, escalatedAt: event.at } } : next;
    case 'unit.stood-down':
      return {
        ...next,
        status: unit.isOnShift ? 'available' : 'unavailable',
        statusSince: event.at,
        assignment: null,
        stoodDown: { at: event.at, by: event.actor.name, caseRef: event.data.caseRef, reason: event.data.reason },
      };
    case 'unit.status-changed':
      return {
        ...next,
        status: event.data.to,
        statusSince: statusTime(event),
        assignment: event.data.to === 'available' || event.data.to === 'unavailable' ? null : unit.assignment,
      };
    case 'unit.location-set':
      return { ...next, location: event.data };
    case 'unit.sos-raised':
      return {
        ...next,
        // A position taken at the moment of the SOS is also the unit's latest location.
        location: event.data.location?.at === event.at ? event.data.location : next.location,
        sos: {
          at: event.at,
          location: event.data.location ?? unit.location,
          acknowledgedBy: null,
          acknowledgedAt: null,
          caseRef: event.data.caseRef ?? null,
        },
      };
    case 'unit.sos-acknowledged':
      return unit.sos
        ? { ...next, sos: { ...unit.sos, acknowledgedBy: event.actor.name, acknowledgedAt: event.at } }
        : next;
    case 'unit.sos-escalated':
      return unit.sos ? { ...next, sos: { ...unit.sos, escalatedAt: event.at } } : next;
  }
}

function assertMember(unit: TUnit, ctx: TUnitContext): void {
  if (!isMember(unit, ctx.actor.id)) {
    throw new DomainError('FORBIDDEN', `Only ${unit.callSign}'s crew can do this`);
  }
}

/** Crew are people who go out or phone: the roles that work a unit's jobs. */
export const CREW_ROLES: readonly TRole[] = CREW;

/**
 * A unit's crew are enabled accounts of its area in a crew role; anyone else is named in the refusal
 * (hazard "stale unit crew": a unit must never be sent out on the strength of someone who is not there).
 */
export function assertCrewable(
  candidates: readonly { id: string; displayName: string; role: TRole; isEnabled: boolean; areaId: string }[],
  requestedIds: readonly string[],
  areaId: string,
): TUnit['members'] {
  const problems: string[] = [];
  const members: TUnit['members'] = [];
  for (const id of new Set(requestedIds)) {
    const person = candidates.find((c) => c.id === id && c.areaId === areaId);
    if (!person) problems.push(`no account ${id} in this area`);
    else if (!person.isEnabled) problems.push(`${person.displayName}'s account is disabled`);
    else if (!CREW.includes(person.role)) problems.push(`${person.displayName} is not in a crew role`);
    else members.push({ userId: person.id, name: person.displayName, role: person.role });
  }
  if (problems.length > 0) throw new DomainError('VALIDATION', `Cannot crew the unit: ${problems.join('; ')}`);
  return members;
}

export function decideRegisterUnit(
  current: TUnit | null,
  input: TUnitRegisterRequest,
  members: TUnit['members'],
  ctx: TUnitContext,
): TUnitEventData {
  if (current) throw new DomainError('CONFLICT', `${current.callSign} is already registered`);
  return {
    type: 'unit.registered',
    data: {
      areaId: ctx.areaId,
      callSign: input.callSign,
      kind: input.kind,
      organisationId: input.organisationId,
      members,
    },
  };
}

export function decideUpdateUnitDetails(unit: TUnit, input: TUnitUpdateDetailsRequest): TUnitEventData {
  const changes = Object.fromEntries(
    Object.entries(input.changes).filter(([k, v]) => v !== undefined && v !== unit[k as keyof TUnit]),
  ) as TUnitUpdateDetailsRequest['changes'];
  if (Object.keys(changes).length === 0) throw new DomainError('VALIDATION', 'Nothing has changed');
  return { type: 'unit.details-updated', data: { changes, reason: input.reason } };
}

export function decideSetCrew(unit: TUnit, members: TUnit['members'], reason: string): TUnitEventData {
  const same = (a: TUnit['members'], b: TUnit['members']) =>
    JSON.stringify(a.map((m) => m.userId).sort()) === JSON.stringify(b.map((m) => m.userId).sort());
  if (same(unit.members, members)) throw new DomainError('VALIDATION', 'The crew is unchanged');
  return { type: 'unit.crew-changed', data: { members, reason } };
}

/**
 * The crew a unit keeps when one member's account changes: renamed, given another role, or disabled.
 * Null when the unit does not need to change.
 */
export function crewAfterAccountChange(
  unit: TUnit,
  account: { id: string; displayName: string; role: TRole; isEnabled: boolean },
): TUnit['members'] | null {
  const member = unit.members.find((m) => m.userId === account.id);
  if (!member) return null;
  const stays = account.isEnabled && CREW.includes(account.role);
  const members = stays
    ? unit.members.map((m) => (m.userId === account.id ? { ...m, name: account.displayName, role: account.role } : m))
    : unit.members.filter((m) => m.userId !== account.id);
  return JSON.stringify(members) === JSON.stringify(unit.members) ? null : members;
}

export function decideSetShift(unit: TUnit, isOnShift: boolean, ctx: TUnitContext): TUnitEventData {
  if (ctx.actor.role !== 'duty-manager' && ctx.actor.role !== 'admin') assertMember(unit, ctx);
  if (isOnShift && unit.members.length === 0) {
    throw new DomainError('RULE_VIOLATION', `${unit.callSign} has no crew: add its crew first`);
  }
  if (unit.isOnShift === isOnShift)
    throw new DomainError('VALIDATION', `${unit.callSign} is already ${isOnShift ? 'on' : 'off'} shift`);
  if (!isOnShift && isCommitted(unit)) {
    throw new DomainError('RULE_VIOLATION', `${unit.callSign} is still on ${unit.assignment?.caseRef}: clear it first`);
  }
  return { type: 'unit.shift-changed', data: { isOnShift } };
}

/**
 * An operator sends a unit to a card. It must be on shift; a unit committed elsewhere is taken only by an
 * explicit re-task with a reason. The unit then has DISPATCH_RULES.acceptWithinMinutes to accept.
 */
export function decideDispatch(
  unit: TUnit,
  input: TUnitDispatchRequest,
  caseRef: string,
  ctx: TUnitContext,
  rules: TDispatchRules = DISPATCH_RULES,
): TUnitEventData {
  if (!unit.isOnShift) throw new DomainError('RULE_VIOLATION', `${unit.callSign} is not on shift`);
  if (unit.members.length === 0) throw new DomainError('RULE_VIOLATION', `${unit.callSign} has no crew`);
  if (unit.assignment?.caseId === input.caseId) {
    throw new DomainError('RULE_VIOLATION', `${unit.callSign} is already on ${caseRef}`);
  }
  const retaskReason = input.retaskReason?.trim() || null;
  if (isCommitted(unit) && !retaskReason) {
    throw new DomainError(
      'RULE_VIOLATION',
      `${unit.callSign} is committed to ${unit.assignment?.caseRef}: re-task it with a reason, or choose another unit`,
    );
  }
  if (unit.status === 'unavailable') throw new DomainError('RULE_VIOLATION', `${unit.callSign} is unavailable`);
  return {
    type: 'unit.dispatched',
    data: {
      caseId: input.caseId,
      caseRef,
      acceptBy: new Date(ctx.now.getTime() + rules.acceptWithinMinutes * 60_000).toISOString(),
      retaskReason,
      previousCaseId: unit.assignment?.caseId ?? null,
    },
  };
}

function pendingAssignment(unit: TUnit) {
  if (!unit.assignment || unit.status !== 'dispatched' || unit.assignment.acceptedAt) {
    throw new DomainError('RULE_VIOLATION', `${unit.callSign} has no dispatch waiting to be accepted`);
  }
  return unit.assignment;
}

export function decideAccept(unit: TUnit, ctx: TUnitContext): TUnitEventData {
  assertMember(unit, ctx);
  return { type: 'unit.accepted', data: { caseId: pendingAssignment(unit).caseId } };
}

export function decideDecline(unit: TUnit, reason: string, ctx: TUnitContext): TUnitEventData {
  assertMember(unit, ctx);
  return { type: 'unit.declined', data: { caseId: pendingAssignment(unit).caseId, reason } };
}

/**
 * The hub takes a unit off its job, or cancels a dispatch not yet accepted, with a reason the crew read
 * (R-LINK-STANDDOWN). Closing a card does the same for every unit on it. `caseId`, when given, is the job
 * the decision is about: a unit since sent elsewhere is not stood down from that one.
 */
export function decideStandDown(unit: TUnit, reason: string, caseId?: string): TUnitEventData {
  const assignment = unit.assignment;
  if (!assignment) throw new DomainError('RULE_VIOLATION', `${unit.callSign} is not on a job`);
  if (caseId !== undefined && assignment.caseId !== caseId) {
    throw new DomainError('RULE_VIOLATION', `${unit.callSign} is now on ${assignment.caseRef}`);
  }
  return { type: 'unit.stood-down', data: { caseId: assignment.caseId, caseRef: assignment.caseRef, reason } };
}

/** Run by the dispatch job: an unaccepted dispatch past its deadline goes back to the hub, once. */
export function decideEscalateDispatch(unit: TUnit, now: Date): TUnitEventData {
  const assignment = pendingAssignment(unit);
  if (assignment.escalatedAt) throw new DomainError('RULE_VIOLATION', 'Already escalated');
  if (new Date(assignment.acceptBy).getTime() > now.getTime()) {
    throw new DomainError('RULE_VIOLATION', 'The acceptance time has not run out');
  }
  return { type: 'unit.dispatch-escalated', data: { caseId: assignment.caseId } };
}

/**
 * The call signs of units sent to each card that have not accepted yet and whose time to accept has not
 * run out (after that, the "Not accepted" alert speaks for them), so the queue shows a job is waiting.
 */
export function awaitingAcceptance(units: readonly TUnit[]): Map<string, string[]> {
  const byCase = new Map<string, string[]>();
  for (const unit of units) {
    const a = unit.assignment;
    if (!a || a.acceptedAt || a.escalatedAt) continue;
    byCase.set(a.caseId, [...(byCase.get(a.caseId) ?? []), unit.callSign]);
  }
  return byCase;
}

/** Dispatches whose acceptance time has run out and that have not been escalated yet. */
export function overdueDispatch(unit: TUnit, now: Date): boolean {
  const a = unit.assignment;
  return Boolean(
    a &&
    unit.status === 'dispatched' &&
    !a.acceptedAt &&
    !a.escalatedAt &&
    new Date(a.acceptBy).getTime() <= now.getTime(),
  );
}

export function decideSetStatus(unit: TUnit, to: TUnitStatus, ctx: TUnitContext, reportedAt?: string): TUnitEventData {
  assertMember(unit, ctx);
  if (!canMoveTo(unit, to)) {
    const why = unit.status === 'dispatched' && !unit.assignment?.acceptedAt ? ' — accept the dispatch first' : '';
    throw new DomainError('RULE_VIOLATION', `${unit.callSign} cannot go from ${unit.status} to ${to}${why}`);
  }
  if (to === 'available' && !unit.isOnShift) throw new DomainError('RULE_VIOLATION', 'Start the shift first');
  const occurredAt = occurredTime(reportedAt, unit, ctx.now);
  return {
    type: 'unit.status-changed',
    data: { from: unit.status, to, caseId: unit.assignment?.caseId ?? null, ...(occurredAt ? { occurredAt } : {}) },
  };
}

/**
 * When a status change really happened, for one a tablet kept offline and sent later (SPEC S-25). The
 * device's time is believed only between the unit's previous status and now: a tablet clock can be
 * wrong, and a late change cannot rewrite what came before it. Undefined when it is simply now.
 */
export function occurredTime(reportedAt: string | undefined, unit: TUnit, now: Date): string | undefined {
  if (!reportedAt) return undefined;
  const earliest = new Date(unit.statusSince).getTime();
  const time = Math.min(Math.max(new Date(reportedAt).getTime(), earliest), now.getTime());
  return time < now.getTime() ? new Date(time).toISOString() : undefined;
}

/** The time a status event counts from: when the crew made it, if it was kept offline. */
const statusTime = (event: TUnitEvent): string =>
  event.type === 'unit.status-changed' ? (event.data.occurredAt ?? event.at) : event.at;

export function decideSetLocation(unit: TUnit, input: TUnitSetLocationRequest, ctx: TUnitContext): TUnitEventData {
  assertMember(unit, ctx);
  return {
    type: 'unit.location-set',
    data: { lat: input.lat, lng: input.lng, source: input.source, at: ctx.now.toISOString() },
  };
}

/**
 * SOS / duress: raised by the crew at once; stays until an operator or duty manager acknowledges it. It
 * carries the position the device gave at that moment (else the last shared one) and the current job.
 */
export function decideSos(
  unit: TUnit,
  ctx: TUnitContext,
  input: Pick<TUnitSosRequest, 'position'> = {},
): TUnitEventData {
  assertMember(unit, ctx);
  if (unit.sos && !unit.sos.acknowledgedBy)
    throw new DomainError('RULE_VIOLATION', 'SOS already raised and not yet acknowledged');
  const location = input.position
    ? { ...input.position, at: ctx.now.toISOString(), source: 'device' as const }
    : unit.location;
  // The job goes with it, so the card's timeline keeps the SOS (R-LINK-TIMELINE).
  const job = unit.assignment;
  return { type: 'unit.sos-raised', data: { location, caseRef: job?.caseRef ?? null, caseId: job?.caseId ?? null } };
}

export function decideAcknowledgeSos(unit: TUnit): TUnitEventData {
  if (!unit.sos || unit.sos.acknowledgedBy)
    throw new DomainError('RULE_VIOLATION', 'No SOS waiting to be acknowledged');
  // On the timeline of the card the SOS was sent from, if the crew is still on it.
  const job = unit.assignment;
  return {
    type: 'unit.sos-acknowledged',
    data: { caseId: job && job.caseRef === unit.sos.caseRef ? job.caseId : null },
  };
}

/**
 * The response-interval stamps of one case, each the first event that records it: the call from the
 * card's creation, triage from the first ownership, the rest from unit events for the case.
 */
export function responseIntervals(
  caseEvents: readonly { type: string; at: string }[],
  unitEvents: readonly TUnitEvent[],
  caseId: string,
): TResponseIntervals {
  const first = (match: (e: TUnitEvent) => boolean) => {
    const event = unitEvents.find(match);
    return event ? statusTime(event) : null;
  };
  const forCase = (e: TUnitEvent) => 'caseId' in e.data && e.data.caseId === caseId;
  const moved = (e: TUnitEvent, test: (d: { from: TUnitStatus; to: TUnitStatus }) => boolean) =>
    e.type === 'unit.status-changed' && e.data.caseId === caseId && test(e.data);
  return {
    callReceived: caseEvents.find((e) => e.type === 'case.created')?.at ?? null,
    triaged: caseEvents.find((e) => e.type === 'case.ownership-taken')?.at ?? null,
    dispatched: first((e) => e.type === 'unit.dispatched' && forCase(e)),
    accepted: first((e) => e.type === 'unit.accepted' && forCase(e)),
    enRoute: first((e) => moved(e, (d) => d.to === 'en-route')),
    onScene: first((e) => moved(e, (d) => d.to === 'on-scene')),
    leftScene: first((e) => moved(e, (d) => d.from === 'on-scene')),
    atDestination: first((e) => moved(e, (d) => d.to === 'at-destination')),
    handedOver: first((e) => moved(e, (d) => d.from === 'handing-over')),
    clear: first((e) => moved(e, (d) => d.to === 'available')),
  };
}
