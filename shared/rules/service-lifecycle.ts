import { CAPACITY_RULES, type TCapacityRules } from '../config/capacity';
import { DomainError } from '../errors';
import type {
  TEndedHold,
  THold,
  THoldDeclineRequest,
  THoldPlaceRequest,
  THoldReleaseRequest,
  TPlaceCounts,
  TService,
  TServiceMovePlacesRequest,
  TServiceRegisterRequest,
  TServiceSetPlacesRequest,
  TServiceSetStatusRequest,
  TServiceDetails,
  TServiceSetTotalsRequest,
  TServiceUpdateDetailsRequest,
} from '../schemas/service';
import { PLACE_CATEGORIES, PLACE_CATEGORY_LABELS } from '../schemas/service';
import type { TActor, TRole } from '../schemas/user';
import { canManageService, canReleaseHold, freePlaces, heldPlaces, holdExpiry, isRegistryRole } from './capacity';
import { closedUntilText, isOpenAt, nextOpening } from './opening-hours';
import { receivingWindowMs } from './receiving';
import type { TServiceEvent, TServiceEventData } from './service-events';

/** Who is acting, for which organisation, and when. */
export interface TServiceContext {
  actor: TActor & { role: TRole };
  organisationId: string;
  areaId: string;
  now: Date;
}

const emptyCounts = (total: number): TPlaceCounts => ({
  total,
  occupied: 0,
  cleaning: 0,
  closed: 0,
  closedReason: null,
});

/** Figures confirmed by this event: every change a person makes to places or status counts as a check. */
const CONFIRMS: ReadonlySet<TServiceEvent['type']> = new Set([
  'service.places-changed',
  'service.status-changed',
  'service.confirmed',
  'hold.arrived',
]);

function withoutHold(service: TService, holdId: string): THold[] {
  return service.holds.filter((h) => h.id !== holdId);
}

/**
 * The service's recently ended holds with this one added, dropping those past the receiving window
 * (R-LINK-RECEIVING): the list stays short however long the service runs.
 */
function ended(service: TService, hold: THold | undefined, how: TEndedHold['how'], at: string): TEndedHold[] {
  const keepFrom = new Date(at).getTime() - receivingWindowMs();
  const kept = (service.recentHolds ?? []).filter((h) => new Date(h.endedAt).getTime() >= keepFrom);
  if (!hold) return kept;
  const { id, caseId, caseRef, category, purpose } = hold;
  return [...kept, { holdId: id, caseId, caseRef, category, ...(purpose ? { purpose } : {}), how, endedAt: at }];
}

/** Folds one event into the service. Pure; the projection and a full rebuild both use it. */
export function evolveService(service: TService | null, event: TServiceEvent): TService {
  if (event.type === 'service.registered') {
    const { areaId, places, ...details } = event.data;
    return {
      ...details,
      id: event.serviceId,
      areaId,
      version: event.version,
      updatedAt: event.at,
      capacity: {
        adult: emptyCounts(places.adult),
        under18: emptyCounts(places.under18),
        confirmedAt: event.at,
        confirmedBy: event.actor.name,
      },
      status: 'open',
      statusReason: null,
      holds: [],
    };
  }
  if (!service) throw new Error(`Event ${event.type} for a service that was never registered`);
  let next: TService = { ...service, version: event.version, updatedAt: event.at };
  switch (event.type) {
    case 'service.details-updated':
      next = { ...next, ...event.data.changes };
      break;
    case 'service.places-changed':
      next = { ...next, capacity: { ...next.capacity, [event.data.category]: event.data.counts } };
      break;
    case 'service.totals-changed':
      next = {
        ...next,
        capacity: {
          ...next.capacity,
          adult: { ...next.capacity.adult, total: event.data.totals.adult },
          under18: { ...next.capacity.under18, total: event.data.totals.under18 },
        },
      };
      break;
    case 'service.status-changed':
      next = { ...next, status: event.data.status, statusReason: event.data.reason };
      break;
    case 'service.confirmed':
      break;
    case 'hold.placed':
      next = {
        ...next,
        holds: [
          ...next.holds,
          {
            ...event.data.hold,
            state: 'held',
            placedAt: event.at,
            placedBy: { id: event.actor.id, name: event.actor.name, role: event.actor.role },
          },
        ],
      };
      break;
    case 'hold.accepted':
      next = {
        ...next,
        holds: next.holds.map((h) => (h.id === event.data.holdId ? { ...h, state: 'accepted' as const } : h)),
      };
      break;
    case 'hold.arrived': {
      const hold = next.holds.find((h) => h.id === event.data.holdId);
      next = {
        ...next,
        holds: withoutHold(next, event.data.holdId),
        recentHolds: ended(next, hold, 'arrived', event.at),
      };
      if (hold) {
        const counts = next.capacity[hold.category];
        next = {
          ...next,
          capacity: { ...next.capacity, [hold.category]: { ...counts, occupied: counts.occupied + 1 } },
        };
      }
      break;
    }
    case 'service.room-changed': {
      const c = next.capacity[event.data.category];
      const counts =
        event.data.change === 'occupied'
          ? { ...c, occupied: c.occupied + 1 }
          : { ...c, occupied: Math.max(0, c.occupied - 1), cleaning: c.cleaning + 1 };
      next = { ...next, capacity: { ...next.capacity, [event.data.category]: counts } };
      break;
    }
    case 'hold.declined': {
      const hold = next.holds.find((h) => h.id === event.data.holdId);
      next = {
        ...next,
        holds: withoutHold(next, event.data.holdId),
        recentHolds: ended(next, hold, 'declined', event.at),
      };
      break;
    }
    case 'hold.released':
    case 'hold.expired': {
      const hold = next.holds.find((h) => h.id === event.data.holdId);
      const reason = event.type === 'hold.released' ? event.data.reason : 'The hold ran out of time';
      next = {
        ...next,
        holds: withoutHold(next, event.data.holdId),
        recentHolds: ended(next, hold, event.type === 'hold.released' ? 'released' : 'expired', event.at),
        lastReleasedHold: { caseRef: hold?.caseRef ?? null, at: event.at, by: event.actor.name, reason },
      };
      break;
    }
  }
  // A room filled by a detention's arrival recorded on the card by police is not a recount of the service.
  const isCount = event.type !== 'hold.arrived' || keepsFigures(event.actor.role);
  if (CONFIRMS.has(event.type) && isCount) {
    next = { ...next, capacity: { ...next.capacity, confirmedAt: event.at, confirmedBy: event.actor.name } };
  }
  return next;
}

/** Roles that keep a service's figures: its own staff, and the registry roles. */
function keepsFigures(role: TRole): boolean {
  return role === 'pos-staff' || role === 'provider' || isRegistryRole(role);
}

function assertManages(service: TService, ctx: TServiceContext): void {
  if (!canManageService({ role: ctx.actor.role, organisationId: ctx.organisationId }, service)) {
    throw new DomainError('FORBIDDEN', `Only ${service.name}'s own staff or a duty manager can change it`);
  }
}

function assertHasPlaces(service: TService): void {
  if (service.kind === 'ED' || service.kind === 'custody') {
    throw new DomainError('RULE_VIOLATION', `${service.name} does not count places`, { ruleId: 'R-LRO-1' });
  }
}

/** Why a new service's places are not right for its kind, or null: ED and custody count no places. */
export function registeredPlacesProblem(
  kind: TService['kind'],
  places: { adult: number; under18: number },
): string | null {
  return (kind === 'ED' || kind === 'custody') && (places.adult > 0 || places.under18 > 0)
    ? 'An emergency department or a custody record does not count places: leave them at 0'
    : null;
}

export function decideRegister(
  current: TService | null,
  input: TServiceRegisterRequest,
  ctx: TServiceContext,
): TServiceEventData {
  if (!isRegistryRole(ctx.actor.role)) {
    throw new DomainError('FORBIDDEN', 'Only a duty manager or an administrator can add a service');
  }
  if (current) throw new DomainError('CONFLICT', `${current.name} is already registered`);
  const { commandId: _c, serviceId: _s, places, ...details } = input;
  const placesProblem = registeredPlacesProblem(details.kind, places);
  if (placesProblem)
    throw new DomainError('VALIDATION', placesProblem, { issues: [{ path: 'places', message: placesProblem }] });
  return { type: 'service.registered', data: { ...details, areaId: ctx.areaId, places } };
}

export function decideUpdateDetails(
  service: TService,
  input: TServiceUpdateDetailsRequest,
  ctx: TServiceContext,
): TServiceEventData {
  const changes = Object.fromEntries(
    Object.entries(input.changes).filter(
      ([k, v]) => v !== undefined && JSON.stringify(v) !== JSON.stringify(service[k as keyof TService]),
    ),
  ) as Partial<TServiceDetails>;
  if (Object.keys(changes).length === 0) throw new DomainError('VALIDATION', 'Nothing has changed');
  if (!isRegistryRole(ctx.actor.role)) {
    assertManages(service, ctx);
    // What a service is, who runs it and whom it takes are registry decisions: its own staff keep its
    // phone, hours and access notes current, but cannot, say, turn a café into an s136 suite.
    const decided = registryDecisions(service, changes);
    if (decided.length > 0) {
      throw new DomainError('FORBIDDEN', `Only a duty manager or an administrator can change ${decided.join(', ')}`);
    }
  }
  return { type: 'service.details-updated', data: { changes, reason: input.reason || null } };
}

/** The changed fields that only a duty manager or an administrator may change. */
function registryDecisions(service: TService, changes: Partial<TServiceDetails>): string[] {
  const decided: string[] = (Object.keys(changes) as (keyof TServiceDetails)[]).filter((k) => !STAFF_EDITABLE.has(k));
  if (changes.eligibility) {
    const { accessNotes: _a, ...rest } = changes.eligibility;
    const { accessNotes: _b, ...current } = service.eligibility;
    if (JSON.stringify(rest) !== JSON.stringify(current)) decided.push('eligibility');
  }
  return decided;
}
const STAFF_EDITABLE: ReadonlySet<keyof TServiceDetails> = new Set(['phone', 'hours', 'eligibility']);

/**
 * The registry's place totals (rooms built, beds commissioned). The places occupied, cleaning, closed and
 * held must still fit inside them.
 */
export function decideSetTotals(service: TService, input: TServiceSetTotalsRequest): TServiceEventData {
  assertHasPlaces(service);
  for (const category of PLACE_CATEGORIES) {
    const c = service.capacity[category];
    const inUse = c.occupied + c.cleaning + c.closed + heldPlaces(service, category);
    if (input.totals[category] < inUse) {
      throw new DomainError(
        'RULE_VIOLATION',
        `${PLACE_CATEGORY_LABELS[category]} places: ${inUse} are in use, held, cleaning or closed now; the total cannot be below that`,
      );
    }
  }
  const changed = PLACE_CATEGORIES.some((c) => service.capacity[c].total !== input.totals[c]);
  if (!changed) throw new DomainError('VALIDATION', 'Nothing has changed');
  return { type: 'service.totals-changed', data: { totals: input.totals, reason: input.reason || null } };
}

/** "A room is now occupied", "room 2 cleaned": moves places between states, never below zero. */
export function decideMovePlaces(
  service: TService,
  input: TServiceMovePlacesRequest,
  ctx: TServiceContext,
): TServiceEventData {
  assertManages(service, ctx);
  assertHasPlaces(service);
  const counts = { ...service.capacity[input.category] };
  const available = input.from === 'free' ? freePlaces(service, input.category) : counts[input.from];
  if (available < input.count) {
    const what = input.from === 'free' ? 'free (held places cannot be used)' : input.from;
    throw new DomainError('RULE_VIOLATION', `Only ${available} ${what} — the figure may have just changed`);
  }
  if (input.from !== 'free') counts[input.from] -= input.count;
  if (input.to !== 'free') counts[input.to] += input.count;
  if (input.to === 'closed') counts.closedReason = input.reason ?? null;
  if (counts.closed === 0) counts.closedReason = null;
  return { type: 'service.places-changed', data: { category: input.category, counts, reason: input.reason || null } };
}

/** A recount of one category; held places must still fit. */
export function decideSetPlaces(
  service: TService,
  input: TServiceSetPlacesRequest,
  ctx: TServiceContext,
): TServiceEventData {
  assertManages(service, ctx);
  assertHasPlaces(service);
  const c = input.counts;
  const held = heldPlaces(service, input.category);
  if (c.occupied + c.cleaning + c.closed + held > c.total) {
    throw new DomainError(
      'RULE_VIOLATION',
      `${held} place(s) are held for people on their way: the total must include them`,
    );
  }
  const counts = { ...c, closedReason: c.closed > 0 ? c.closedReason : null };
  return { type: 'service.places-changed', data: { category: input.category, counts, reason: input.reason || null } };
}

export function decideSetStatus(
  service: TService,
  input: TServiceSetStatusRequest,
  ctx: TServiceContext,
): TServiceEventData {
  assertManages(service, ctx);
  if (service.status === input.status && (service.statusReason ?? '') === (input.reason ?? '')) {
    throw new DomainError('VALIDATION', `${service.name} is already ${input.status}`);
  }
  return { type: 'service.status-changed', data: { status: input.status, reason: input.reason || null } };
}

/** One tap: "still accurate". Logs who checked and when. */
export function decideConfirm(service: TService, ctx: TServiceContext): TServiceEventData {
  assertManages(service, ctx);
  return { type: 'service.confirmed', data: {} };
}

/** Holds a place for a named case; the last free place can be held only once (the transaction decides). */
export function decidePlaceHold(
  service: TService,
  input: THoldPlaceRequest,
  caseRef: string,
  ctx: TServiceContext,
  rules: TCapacityRules = CAPACITY_RULES,
): TServiceEventData {
  assertHasPlaces(service);
  if (service.status === 'closed' || service.status === 'diverting') {
    throw new DomainError(
      'RULE_VIOLATION',
      `${service.name} is ${service.status}${service.statusReason ? `: ${service.statusReason}` : ''}`,
    );
  }
  // Opening hours are enforced here, not only in the place finder: nobody is sent to a locked door.
  if (!isOpenAt(service.hours, ctx.now)) {
    const opens = nextOpening(service.hours, ctx.now);
    throw new DomainError(
      'RULE_VIOLATION',
      `${service.name} is ${opens ? closedUntilText(opens, ctx.now) : 'closed this week'}`,
    );
  }
  if (service.holds.some((h) => h.caseId === input.caseId)) {
    throw new DomainError('RULE_VIOLATION', `A place at ${service.name} is already held for ${caseRef}`);
  }
  if (freePlaces(service, input.category) < 1) {
    const what = input.category === 'under18' ? 'under-18 place' : 'place';
    throw new DomainError('RULE_VIOLATION', `No free ${what} at ${service.name} — someone may have just taken it`);
  }
  return {
    type: 'hold.placed',
    data: {
      hold: {
        id: input.holdId,
        caseId: input.caseId,
        caseRef,
        category: input.category,
        expiresAt: holdExpiry(ctx.now, rules).toISOString(),
        note: input.note,
      },
    },
  };
}

function findHold(service: TService, holdId: string): THold {
  const hold = service.holds.find((h) => h.id === holdId);
  if (!hold) throw new DomainError('NOT_FOUND', 'That hold has already ended (arrived, released, declined or expired)');
  return hold;
}

export function decideAcceptHold(service: TService, holdId: string, ctx: TServiceContext): TServiceEventData {
  assertManages(service, ctx);
  const hold = findHold(service, holdId);
  if (hold.state === 'accepted') throw new DomainError('VALIDATION', 'This hold is already accepted');
  return { type: 'hold.accepted', data: { holdId } };
}

/** R-NTA-1: a decline needs a reason and an onward route, and is recorded as a turn-away. */
export function decideDeclineHold(
  service: TService,
  input: THoldDeclineRequest,
  ctx: TServiceContext,
): TServiceEventData {
  assertManages(service, ctx);
  findHold(service, input.holdId);
  return {
    type: 'hold.declined',
    data: { holdId: input.holdId, reason: input.reason, onwardRoute: input.onwardRoute },
  };
}

/** The person has arrived: the held place becomes occupied. */
export function decideArriveHold(service: TService, holdId: string, ctx: TServiceContext): TServiceEventData {
  assertManages(service, ctx);
  findHold(service, holdId);
  return { type: 'hold.arrived', data: { holdId } };
}

/** Given up by the people who held it (or the receiving service): the place comes back now. */
export function decideReleaseHold(
  service: TService,
  input: THoldReleaseRequest,
  ctx: TServiceContext,
): TServiceEventData {
  const hold = findHold(service, input.holdId);
  const user = { id: ctx.actor.id, role: ctx.actor.role, organisationId: ctx.organisationId };
  if (!canReleaseHold(user, service, hold)) {
    throw new DomainError('FORBIDDEN', `Only the hub, whoever placed this hold or ${service.name} can release it`, {
      ruleId: 'R-IG-MIN',
    });
  }
  return { type: 'hold.released', data: { holdId: input.holdId, reason: input.reason } };
}

/** A hold released because its card closed (R-LINK-CLOSE): the close's own permission covers it. */
export function decideCloseRelease(service: TService, holdId: string, reason: string): TServiceEventData {
  findHold(service, holdId);
  return { type: 'hold.released', data: { holdId, reason } };
}

/** Run by the hold-expiry job: only a hold whose time is up, and only once. */
export function decideExpireHold(service: TService, holdId: string, now: Date): TServiceEventData {
  const hold = findHold(service, holdId);
  if (new Date(hold.expiresAt).getTime() > now.getTime()) {
    throw new DomainError('RULE_VIOLATION', 'This hold has not expired yet');
  }
  return { type: 'hold.expired', data: { holdId } };
}
