import { DISPATCH_RULES, type TDispatchRules } from '../config/dispatch';
import type { TCaseCard } from '../schemas/case';
import type { TUnit } from '../schemas/unit';
import { distanceKm } from './place-finder';

/** One unit as the dispatcher sees it beside a card: how far, and how old that position is. */
export interface TUnitSuggestion {
  unit: TUnit;
  /** Straight line from the card to the unit's last shared position; null when either is not known. */
  distanceKm: number | null;
  /** Minutes since the unit last shared its position; null when it never has. */
  positionAgeMinutes: number | null;
  /** Older than the configured freshness: shown as old and ranked after every fresh position. */
  isPositionOld: boolean;
}

/** Units that work from a phone in the control room: never sent to an address, so never suggested. */
const STAYS_IN_THE_ROOM: readonly TUnit['kind'][] = ['street-triage-phone'];

/** Who can be sent now: on shift, available, on no other job, and a unit that goes out. */
export function isFreeToDispatch(unit: TUnit): boolean {
  return (
    unit.isOnShift && unit.status === 'available' && unit.assignment === null && !STAYS_IN_THE_ROOM.includes(unit.kind)
  );
}

/**
 * The one unit to name as nearest: the first suggestion, only when its distance is known and its
 * position fresh. Otherwise nothing is known to be nearest, and nothing is named (hazard H-061).
 */
export function nearestFree(suggestions: readonly TUnitSuggestion[]): TUnitSuggestion | null {
  const first = suggestions[0];
  return first && first.distanceKm !== null && !first.isPositionOld ? first : null;
}

/**
 * R-DISPATCH-NEAREST: the units free to send to a card, nearest first. A fresh position ranks before an
 * old one (a crew that stopped sharing may be anywhere), and a unit with no position, or a card with
 * none, comes last in call-sign order. The first is the one suggested on dispatch; the dispatcher still
 * chooses.
 */
export function suggestUnits(
  card: Pick<TCaseCard, 'location'>,
  units: readonly TUnit[],
  now: Date,
  rules: TDispatchRules = DISPATCH_RULES,
): TUnitSuggestion[] {
  const from = card.location.coordinates;
  const suggestions = units.filter(isFreeToDispatch).map((unit): TUnitSuggestion => {
    const age = unit.location ? Math.max(0, Math.floor((now.getTime() - Date.parse(unit.location.at)) / 60_000)) : null;
    return {
      unit,
      distanceKm: from && unit.location ? distanceKm(from, unit.location) : null,
      positionAgeMinutes: age,
      isPositionOld: age !== null && age > rules.positionFreshMinutes,
    };
  });
  const rank = (s: TUnitSuggestion) => (s.distanceKm === null ? 2 : s.isPositionOld ? 1 : 0);
  return suggestions.sort(
    (a, b) =>
      rank(a) - rank(b) ||
      (a.distanceKm ?? 0) - (b.distanceKm ?? 0) ||
      a.unit.callSign.localeCompare(b.unit.callSign, 'en-GB', { numeric: true }),
  );
}

/** "1.2 km · position 4 min old", in the words the dispatch panel and the map use. */
export function suggestionText(s: TUnitSuggestion): string {
  const distance = s.distanceKm === null ? 'distance not known' : `${s.distanceKm.toFixed(1)} km`;
  const age =
    s.positionAgeMinutes === null
      ? 'no position shared'
      : s.positionAgeMinutes < 1
        ? 'position just now'
        : `position ${positionAge(s.positionAgeMinutes)} old`;
  return `${distance} · ${age}`;
}

function positionAge(minutes: number): string {
  return minutes >= 60 ? `${Math.floor(minutes / 60)} h ${minutes % 60} min` : `${minutes} min`;
}
