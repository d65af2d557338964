import { CAPACITY_RULES, type TCapacityRules } from '../config/capacity';
import type { TService, TServiceKind } from '../schemas/service';
import { figureAgeMinutes, freePlaces, isStale } from './capacity';
import { closedUntilText, isOpenAt, nextOpening } from './opening-hours';

/** What the person needs, as the card and the responder know it. */
export interface TPlaceNeed {
  ageYears: number | null;
  isS136: boolean;
  isIntoxicated: boolean;
  needsUrgentMedicalCare: boolean;
  route: 'self-referral' | 'professional-referral' | 'walk-in';
  from: { lat: number; lng: number } | null;
}

export interface TOffer {
  service: TService;
  /** 1 community alternative, 2 health-based place of safety, 3 emergency department (R-LRO-1). */
  tier: 1 | 2 | 3;
  distanceKm: number | null;
  figureAgeMinutes: number;
}

export interface TPlaceFinderResult {
  offered: TOffer[];
  leftOut: { service: TService; reasons: string[] }[];
}

/** R-LRO-1: least restrictive first. Custody has no tier: it is never offered. */
const TIER: Partial<Record<TServiceKind, TOffer['tier']>> = { A21: 1, A25: 1, A02: 1, A23: 1, A20: 2, ED: 3 };

/** Straight-line distance (no map tiles offline): the haversine formula on a 6,371 km sphere. */
export function distanceKm(a: { lat: number; lng: number }, b: { lat: number; lng: number }): number {
  const rad = (d: number) => (d * Math.PI) / 180;
  const h =
    Math.sin(rad(b.lat - a.lat) / 2) ** 2 +
    Math.cos(rad(a.lat)) * Math.cos(rad(b.lat)) * Math.sin(rad(b.lng - a.lng) / 2) ** 2;
  return 2 * 6371 * Math.asin(Math.sqrt(h));
}

function ageText(minutes: number): string {
  return minutes >= 60 ? `figure ${Math.floor(minutes / 60)} h old` : `figure ${minutes} min old`;
}

/** Every reason a service cannot take this person now; empty when it can. */
export function reasonsLeftOut(
  service: TService,
  need: TPlaceNeed,
  now: Date,
  rules: TCapacityRules = CAPACITY_RULES,
): string[] {
  if (service.kind === 'custody') return ['police custody is never offered'];
  const reasons: string[] = [];
  const e = service.eligibility;
  if (service.status === 'closed') reasons.push('closed');
  if (service.status === 'diverting') reasons.push('diverting');
  if (service.status !== 'closed' && !isOpenAt(service.hours, now)) {
    const next = nextOpening(service.hours, now);
    reasons.push(next ? closedUntilText(next, now) : 'closed this week');
  }
  const isChild = need.ageYears !== null && need.ageYears < 18;
  const isTooYoung = need.ageYears !== null && e.minAge !== null && need.ageYears < e.minAge;
  const isTooOld = need.ageYears !== null && e.maxAge !== null && need.ageYears > e.maxAge;
  if (isTooYoung) reasons.push(`${e.minAge}+ only`);
  if (isTooOld) reasons.push(`up to ${e.maxAge} only`);
  if (need.isS136 && !e.acceptsS136) reasons.push('does not take people detained under s136');
  if (!need.isS136 && !e.referralRoutes.includes(need.route))
    reasons.push(`${e.referralRoutes.map((r) => r.replace('-', ' ')).join(' or ') || 'no'} only`);
  if (need.isIntoxicated && !e.acceptsIntoxicated) reasons.push('does not accept people who are intoxicated');
  if (need.needsUrgentMedicalCare && e.excludesUrgentMedicalNeed)
    reasons.push('not for people needing urgent medical care');
  // An emergency department takes everyone who arrives: it has no places to run out of.
  if (service.kind !== 'ED' && !isTooYoung && !isTooOld) {
    const category = isChild ? 'under18' : 'adult';
    if (isChild && service.capacity.under18.total === 0) reasons.push('no under-18 room');
    else if (service.status === 'full' || freePlaces(service, category) === 0) reasons.push('full');
    if (isStale(service, now, rules)) reasons.push(ageText(figureAgeMinutes(service, now)));
  }
  return reasons;
}

/**
 * The place finder (R-LRO-1): services that are open now, take this person and have room, least
 * restrictive first — community alternatives, then a health-based place of safety, then an emergency
 * department — then nearest, then freshest figure. Every service left out says why.
 */
export function findPlaces(
  services: readonly TService[],
  need: TPlaceNeed,
  now: Date,
  rules: TCapacityRules = CAPACITY_RULES,
): TPlaceFinderResult {
  const offered: TOffer[] = [];
  const leftOut: TPlaceFinderResult['leftOut'] = [];
  for (const service of services) {
    const reasons = reasonsLeftOut(service, need, now, rules);
    const tier = TIER[service.kind];
    if (reasons.length > 0 || !tier) {
      leftOut.push({ service, reasons: reasons.length > 0 ? reasons : ['not a place to offer'] });
      continue;
    }
    offered.push({
      service,
      tier,
      distanceKm: need.from && service.coordinates ? distanceKm(need.from, service.coordinates) : null,
      figureAgeMinutes: figureAgeMinutes(service, now),
    });
  }
  offered.sort(
    (a, b) =>
      a.tier - b.tier ||
      (a.distanceKm ?? Number.POSITIVE_INFINITY) - (b.distanceKm ?? Number.POSITIVE_INFINITY) ||
      a.figureAgeMinutes - b.figureAgeMinutes,
  );
  return { offered, leftOut };
}
