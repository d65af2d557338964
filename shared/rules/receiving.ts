import { INFORMATION_SHARING_POLICY as POLICY, type TSharedView } from '../config/information-sharing';
import type { TCaseCard } from '../schemas/case';
import type { TPlaceOfSafety } from '../schemas/detention';
import type { TIncomingState } from '../schemas/incoming';
import type { THold, TService } from '../schemas/service';
import type { TRole } from '../schemas/user';
import { cardViewFor } from './break-glass';
import { arrivalAt } from './detention';
import { isPlaceOfSafetyService } from './place-of-safety';

/**
 * Receiving services (R-LINK-RECEIVING): the staff of a service a person is coming to — a place held for
 * them, or the place of safety chosen for their detention — see that person's card, in the view the
 * information-sharing policy gives their role, while they are expected or there and for a set time after.
 * Every rule here is pure: the server and the tests ask the same questions.
 */

const HOUR_MS = 3_600_000;

/** How long after a person arrived, left or was released their card stays readable to the service. */
export function receivingWindowMs(): number {
  return POLICY.receiving.hoursAfter * HOUR_MS;
}

/** The view a role gets of the cards of people coming to its own services, or null if it gets none. */
export function receivingViewFor(role: TRole): TSharedView | null {
  return (POLICY.receiving.viewByRole as Partial<Record<TRole, TSharedView>>)[role] ?? null;
}

const ms = (iso: string) => new Date(iso).getTime();

/**
 * Whether one of these services (an organisation's own) is receiving the card's person now: a place is
 * held for the card; a hold for it ended within the window; or it is the card's place of safety, until
 * the detention ends or moves on to another place, and for the window after.
 */
export function isReceiving(card: TCaseCard, services: readonly TService[], now: Date): boolean {
  const window = receivingWindowMs();
  const within = (endedAt: string | null) => endedAt === null || ms(endedAt) + window > now.getTime();
  for (const service of services) {
    if (service.areaId !== card.areaId) continue;
    if (service.holds.some((h) => h.caseId === card.id)) return true;
    if ((service.recentHolds ?? []).some((h) => h.caseId === card.id && within(h.endedAt))) return true;
  }
  const places = card.detention?.places ?? [];
  const byId = new Map(services.filter((s) => s.areaId === card.areaId).map((s) => [s.id, s]));
  return places.some((place, i) => {
    const service = place.serviceId ? byId.get(place.serviceId) : undefined;
    if (!service) return false;
    // A room held there that ended before the person came (declined, released, run out): the window
    // runs from then, not for as long as the card still names the place.
    if (place.holdId && !arrivalAt(place) && !service.holds.some((h) => h.id === place.holdId)) {
      const ended = (service.recentHolds ?? []).find((h) => h.holdId === place.holdId && h.how !== 'arrived');
      if (!ended || !within(ended.endedAt)) return false;
    }
    const movedOn = places[i + 1]?.chosenAt ?? card.detention?.outcome?.at ?? null;
    return within(movedOn);
  });
}

/**
 * Which staff receive for a service: a place of safety's own staff (suite staff), or a crisis
 * alternative's (provider). An organisation that runs both keeps them apart.
 */
export function receivingRoleOf(service: Pick<TService, 'kind'>): TRole {
  return isPlaceOfSafetyService(service) ? 'pos-staff' : 'provider';
}

/** The services a reader receives for: their organisation's, of the kind their role works in. */
export function servicesReceivedBy(
  reader: { role: TRole; organisationId: string },
  services: readonly TService[],
): TService[] {
  return services.filter((s) => s.organisationId === reader.organisationId && receivingRoleOf(s) === reader.role);
}

/**
 * The view a reader has of one card now: their role's (or break-glass) view, or — for the staff of a
 * receiving service — the receiving view while their organisation's services are receiving the person.
 */
export function cardViewForReceiver(
  reader: { id: string; role: TRole; organisationId: string },
  card: TCaseCard,
  now: Date,
  services: readonly TService[],
): TSharedView | 'none' {
  const view = cardViewFor(reader, card, now);
  if (view !== 'none') return view;
  const receivingView = receivingViewFor(reader.role);
  if (!receivingView) return 'none';
  return isReceiving(card, servicesReceivedBy(reader, services), now) ? receivingView : 'none';
}

/**
 * Who is told of the card's changes now: for each service receiving its person, its organisation and
 * the view its staff read (R-LINK-RECEIVING), once each.
 */
export function receivingAudiences(
  card: TCaseCard,
  services: readonly TService[],
  now: Date,
): { organisationId: string; view: TSharedView }[] {
  const seen = new Map<string, { organisationId: string; view: TSharedView }>();
  for (const service of services) {
    const view = receivingViewFor(receivingRoleOf(service));
    const key = `${service.organisationId}:${view}`;
    if (!view || seen.has(key) || !isReceiving(card, [service], now)) continue;
    seen.set(key, { organisationId: service.organisationId, view });
  }
  return [...seen.values()];
}

export interface TIncomingFacts {
  state: TIncomingState;
  since: string;
  hold: THold | null;
  place: TPlaceOfSafety | null;
}

/**
 * Where the card's person stands with one service, or null when it is not receiving them: a place of
 * safety chosen there (expected until arrival, arrived until they move on or the detention ends, then
 * left), otherwise a hold (expected while held, then arrived or not coming).
 */
export function incomingFacts(card: TCaseCard, service: TService, now: Date): TIncomingFacts | null {
  if (!isReceiving(card, [service], now)) return null;
  const d = card.detention;
  const places = d?.places ?? [];
  const index = places.map((p) => p.serviceId).lastIndexOf(service.id);
  if (d && index >= 0) {
    const place = places[index] as TPlaceOfSafety;
    const hold = service.holds.find((h) => h.id === place.holdId) ?? null;
    const movedOn = places[index + 1]?.chosenAt ?? d.outcome?.at ?? null;
    if (movedOn) return { state: 'left', since: movedOn, hold: null, place };
    const arrived = arrivalAt(place);
    return arrived
      ? { state: 'arrived', since: arrived, hold: null, place }
      : { state: 'expected', since: place.chosenAt, hold, place };
  }
  const hold = service.holds.find((h) => h.caseId === card.id);
  if (hold) return { state: 'expected', since: hold.placedAt, hold, place: null };
  const ended = [...(service.recentHolds ?? [])].reverse().find((h) => h.caseId === card.id);
  if (!ended) return null;
  return { state: ended.how === 'arrived' ? 'arrived' : 'not-coming', since: ended.endedAt, hold: null, place: null };
}
