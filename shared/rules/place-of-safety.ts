import { CAPACITY_RULES, type TCapacityRules } from '../config/capacity';
import { DomainError } from '../errors';
import type { TCaseCard } from '../schemas/case';
import type { TPlaceCategory } from '../schemas/common';
import type { TPlaceOfSafety, TPlaceOfSafetyKind } from '../schemas/detention';
import { PLACE_CATEGORY_LABELS, type TService, type TServiceKind } from '../schemas/service';
import { freePlaces } from './capacity';
import { ageInYears, arrivalAt } from './detention';
import { isOpenAt } from './opening-hours';
import type { TServiceEventData } from './service-events';

/**
 * The place of safety comes from the registry (R-POS-REGISTRY): choosing an s136 suite or an emergency
 * department holds the right room there, arrival fills it, a transfer or the end of the detention frees
 * it for cleaning. Each function is pure and returns the service's event, or null when nothing changes.
 */

function refuse(message: string): never {
  throw new DomainError('RULE_VIOLATION', message, { ruleId: 'R-POS-REGISTRY' });
}

/** Which registry services are places of safety, and as what. Police custody only through its gate. */
export const PLACE_OF_SAFETY_BY_SERVICE_KIND: Partial<Record<TServiceKind, TPlaceOfSafetyKind>> = {
  A20: 'health-based-suite',
  ED: 'emergency-department',
  custody: 'police-station',
};

export function isPlaceOfSafetyService(service: Pick<TService, 'kind'>): boolean {
  return PLACE_OF_SAFETY_BY_SERVICE_KIND[service.kind] !== undefined;
}

/** A service that counts rooms at all (an emergency department may not). */
export function keepsRooms(service: Pick<TService, 'capacity'>): boolean {
  return service.capacity.adult.total + service.capacity.under18.total > 0;
}

/** The room a person needs: under-18 for a child, or when their age is unknown and stated as under 18. */
export function roomCategoryFor(
  card: Pick<TCaseCard, 'person'>,
  ageStatement: 'under-18' | '18-or-over' | null,
  now: Date,
): TPlaceCategory {
  const years = ageInYears(card.person.age, now);
  if (years !== null) return years < 18 ? 'under18' : 'adult';
  return ageStatement === 'under-18' ? 'under18' : 'adult';
}

export interface TRegistryPlace {
  kind: TPlaceOfSafetyKind;
  name: string;
  serviceId: string;
  /** The room to hold, or null where none is held (police custody, a department that counts none). */
  category: TPlaceCategory | null;
}

/** Checks a registry service as the person's place of safety and says which room to hold there. */
export function registryPlace(
  service: TService | null,
  card: Pick<TCaseCard, 'person'>,
  ageStatement: 'under-18' | '18-or-over' | null,
  now: Date,
): TRegistryPlace {
  if (!service) throw new DomainError('NOT_FOUND', 'No such place in the registry');
  const kind = PLACE_OF_SAFETY_BY_SERVICE_KIND[service.kind];
  if (!kind) refuse(`${service.name} is not a place of safety`);
  const place = { kind, name: service.name, serviceId: service.id };
  if (kind === 'police-station') return { ...place, category: null };
  if (service.status === 'closed' || service.status === 'diverting' || !isOpenAt(service.hours, now)) {
    const why = service.status === 'closed' || service.status === 'diverting' ? service.status : 'closed now';
    refuse(`${service.name} is ${why}${service.statusReason ? `: ${service.statusReason}` : ''}`);
  }
  if (!keepsRooms(service)) return { ...place, category: null };
  const category = roomCategoryFor(card, ageStatement, now);
  if (service.capacity[category].total === 0) {
    refuse(
      `${service.name} has no ${category === 'under18' ? 'under-18 room' : 'adult room'}: choose a place that has`,
    );
  }
  if (freePlaces(service, category) < 1) {
    refuse(`No free ${PLACE_CATEGORY_LABELS[category].toLowerCase()} room at ${service.name}: choose another place`);
  }
  return { ...place, category };
}

/** Holds the room for the detained person; it lasts until arrival, transfer or the end (or the backstop). */
export function decidePlaceOfSafetyHold(
  place: TRegistryPlace & { category: TPlaceCategory },
  hold: { id: string; caseId: string; caseRef: string },
  now: Date,
  rules: TCapacityRules = CAPACITY_RULES,
): TServiceEventData {
  return {
    type: 'hold.placed',
    data: {
      hold: {
        id: hold.id,
        caseId: hold.caseId,
        caseRef: hold.caseRef,
        category: place.category,
        expiresAt: new Date(now.getTime() + rules.placeOfSafetyHoldMinutes * 60_000).toISOString(),
        note: '',
        purpose: 'place-of-safety',
      },
    },
  };
}

/**
 * The person reached the place: the held room becomes occupied; if the hold was declined or released
 * meanwhile, a free room of the right kind is taken if there is one (and the service is told by it).
 */
export function decideArriveAtPlace(
  service: TService,
  place: TPlaceOfSafety,
  caseRef: string,
): TServiceEventData | null {
  if (place.holdId && service.holds.some((h) => h.id === place.holdId)) {
    return { type: 'hold.arrived', data: { holdId: place.holdId } };
  }
  // The suite's staff already recorded the arrival on the hold: the room is counted.
  const counted = (service.recentHolds ?? []).some((h) => h.holdId === place.holdId && h.how === 'arrived');
  const category = place.category ?? null;
  if (counted || !category || freePlaces(service, category) < 1) return null;
  return {
    type: 'service.room-changed',
    data: { category, change: 'occupied', holdId: null, caseRef, reason: `${caseRef} arrived (no room was held)` },
  };
}

/**
 * The person leaves the place (a transfer, or the end of the detention): a room still held comes back
 * at once; a room they were in goes to cleaning.
 */
export function decideLeavePlace(
  service: TService,
  place: TPlaceOfSafety,
  caseRef: string,
  reason: string,
): TServiceEventData | null {
  if (place.holdId && service.holds.some((h) => h.id === place.holdId)) {
    return { type: 'hold.released', data: { holdId: place.holdId, reason } };
  }
  const category = place.category ?? null;
  if (!category || !arrivalAt(place) || service.capacity[category].occupied < 1) return null;
  return {
    type: 'service.room-changed',
    data: { category, change: 'vacated', holdId: place.holdId ?? null, caseRef, reason },
  };
}
