import { INFORMATION_SHARING_POLICY as POLICY, type TSharedView } from '../config/information-sharing';
import type { TCaseCard } from '../schemas/case';
import type { TPlaceOfSafety } from '../schemas/detention';
import type { TIncomingState } from '../schemas/incoming';
import type { THold, TService } from '../schemas/service';
import type { TRole } from '../schemas/user';
import { cardViewFor } from './break-glass';
import { arrivalAt } from './detention';

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
  const ids = new Set(services.filter((s) => s.areaId === card.areaId).map((s) => s.id));
  return places.some((place, i) => {
    if (!place.serviceId || !ids.has(place.serviceId)) return false;
    const movedOn = places[i + 1]?.chosenAt ?? card.detention?.outcome?.at ?? null;
    return within(movedOn);
  });
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
  const own = services.filter((s) => s.organisationId === reader.organisationId);
  return isReceiving(card, own, now) ? receivingView : 'none';
}

/** The organisations whose services are receiving the card's person now (who is told of its changes). */
export function receivingOrganisations(card: TCaseCard, services: readonly TService[], now: Date): string[] {
  const orgs = new Set<string>();
  for (const service of services) {
    if (!orgs.has(service.organisationId) && isReceiving(card, [service], now)) orgs.add(service.organisationId);
  }
  return [...orgs];
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
