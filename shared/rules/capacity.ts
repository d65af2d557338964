import { CAPACITY_RULES, type TCapacityRules } from '../config/capacity';
import type { THold, TPlaceCategory, TPlaceCounts, TService } from '../schemas/service';
import type { TServiceCommand } from '../protocol';
import type { TRole } from '../schemas/user';

/** Places held (not yet arrived) in one category. */
export function heldPlaces(service: Pick<TService, 'holds'>, category: TPlaceCategory): number {
  return service.holds.filter((h) => h.category === category).length;
}

/** Free places: never stored, always total − occupied − cleaning − closed − held, so counts add up. */
export function freePlaces(service: Pick<TService, 'capacity' | 'holds'>, category: TPlaceCategory): number {
  const c: TPlaceCounts = service.capacity[category];
  return Math.max(0, c.total - c.occupied - c.cleaning - c.closed - heldPlaces(service, category));
}

/** Whole minutes since the figure was last confirmed by a person. */
export function figureAgeMinutes(service: Pick<TService, 'capacity'>, now: Date): number {
  return Math.max(0, Math.floor((now.getTime() - new Date(service.capacity.confirmedAt).getTime()) / 60_000));
}

/** A figure past its freshness limit is shown decayed and is not trusted by the place finder. */
export function isStale(
  service: Pick<TService, 'capacity' | 'kind'>,
  now: Date,
  rules: TCapacityRules = CAPACITY_RULES,
) {
  return isStaleFigure(service.kind, Date.parse(service.capacity.confirmedAt), now.getTime(), rules);
}

/** The same rule from instants in milliseconds: a report asks it of a year of figures. */
export function isStaleFigure(
  kind: TService['kind'],
  confirmedAtMs: number,
  nowMs: number,
  rules: TCapacityRules = CAPACITY_RULES,
): boolean {
  return kind !== 'ED' && Math.max(0, Math.floor((nowMs - confirmedAtMs) / 60_000)) > rules.staleAfterMinutes[kind];
}

/**
 * The order a list of services is shown in: what can be relied on first — open now with a fresh figure,
 * then open with a stale figure (shown as stale), then closed — and by name within each, so a stale
 * figure never sits above a fresh one.
 */
export function reliableFirst<T extends Pick<TService, 'name' | 'capacity' | 'kind'>>(
  services: readonly T[],
  now: Date,
  isOpenNow: (service: T) => boolean,
): T[] {
  const rank = (s: T) => (!isOpenNow(s) ? 2 : isStale(s, now) ? 1 : 0);
  return [...services].sort((a, b) => rank(a) - rank(b) || a.name.localeCompare(b.name));
}

export function figureAgeText(minutes: number): string {
  if (minutes < 1) return 'under a minute';
  if (minutes < 60) return `${minutes} min`;
  if (minutes < 48 * 60) return `${Math.floor(minutes / 60)} h`;
  return `${Math.floor(minutes / (24 * 60))} days`;
}

/** Holds whose time is up at `now`: their places come back (the hold-expiry job). */
export function expiredHolds(service: Pick<TService, 'holds'>, now: Date): THold[] {
  return service.holds.filter((h) => new Date(h.expiresAt).getTime() <= now.getTime());
}

/** When a hold placed now runs out. */
export function holdExpiry(now: Date, rules: TCapacityRules = CAPACITY_RULES): Date {
  return new Date(now.getTime() + rules.holdMinutes * 60_000);
}

const SERVICE_STAFF: readonly TRole[] = ['provider', 'pos-staff'];
/** The registry (what a service is, whom it takes, its totals) is kept by duty managers and administrators. */
const REGISTRY: readonly TRole[] = ['duty-manager', 'admin'];

export function isRegistryRole(role: TRole): boolean {
  return REGISTRY.includes(role);
}

/**
 * Day-to-day figures and holds: staff of a service change only their own organisation's services; duty
 * managers may change any. Administrators set the registry up but do not run capacity.
 */
export function canManageService(
  user: { role: TRole; organisationId: string },
  service: Pick<TService, 'organisationId'>,
): boolean {
  if (user.role === 'duty-manager') return true;
  return SERVICE_STAFF.includes(user.role) && user.organisationId === service.organisationId;
}

/** The roles that work cases at the hub and in health crews. */
const HUB_ROLES: readonly TRole[] = ['operator', 'triage-clinician', 'ambulance-clinician', 'duty-manager', 'amhp'];

/** Who may hold a place for a case: the people who work cases. */
export const HOLDING_ROLES: readonly TRole[] = [
  'operator',
  'triage-clinician',
  'ambulance-clinician',
  'police-officer',
  'duty-manager',
  'amhp',
];

/** Roles that may run each service command; organisation checks happen in the decision. */
const OPERATIONS: readonly TRole[] = [...SERVICE_STAFF, 'duty-manager'];
export const SERVICE_COMMAND_ROLES: Record<TServiceCommand, readonly TRole[]> = {
  'service:register': REGISTRY,
  'service:update-details': [...SERVICE_STAFF, ...REGISTRY],
  'service:set-totals': REGISTRY,
  'service:move-places': OPERATIONS,
  'service:set-places': OPERATIONS,
  'service:set-status': OPERATIONS,
  'service:confirm': OPERATIONS,
  'hold:place': HOLDING_ROLES,
  'hold:accept': OPERATIONS,
  'hold:decline': OPERATIONS,
  'hold:arrive': OPERATIONS,
  // The people who held a place, or the receiving service, can give it back.
  'hold:release': [...HOLDING_ROLES, ...SERVICE_STAFF],
};

export function canRunServiceCommand(role: TRole, command: TServiceCommand): boolean {
  return SERVICE_COMMAND_ROLES[command].includes(role);
}

/**
 * Who may give a held place back (R-IG-MIN, least privilege): the hub that works cases, whoever placed
 * the hold, or the receiving service (its own staff or a duty manager).
 */
export function canReleaseHold(
  user: { id: string; role: TRole; organisationId: string },
  service: Pick<TService, 'organisationId'>,
  hold: Pick<THold, 'placedBy'>,
): boolean {
  if (HUB_ROLES.includes(user.role)) return true;
  if (hold.placedBy?.id !== undefined && hold.placedBy.id === user.id) return true;
  return canManageService(user, service);
}
