import { figureAgeMinutes, figureAgeText, freePlaces, heldPlaces, isStale } from '@shared/rules/capacity';
import { PLACE_CATEGORY_LABELS, type TPlaceCategory, type TService } from '@shared/schemas/service';

/** When the figures were last confirmed, and by whom; past the limit it says STALE in words. */
export function Freshness({ service, now, brief = false }: { service: TService; now: number; brief?: boolean }) {
  if (service.kind === 'ED' || service.kind === 'custody') return null;
  const at = new Date(now);
  const age = figureAgeText(figureAgeMinutes(service, at));
  // The wall board says how old a figure is in one line; who confirmed it is on the services page.
  const by = brief ? '' : ` by ${service.capacity.confirmedBy}`;
  return isStale(service, at) ? (
    <span className="freshness stale" data-testid="stale">
      Stale: confirmed {age} ago{by}
    </span>
  ) : (
    <span className="freshness">
      Confirmed {age} ago{by}
    </span>
  );
}

/** "2 free of 3" for one category, with what the rest are doing. */
export function PlaceLine({ service, category }: { service: TService; category: TPlaceCategory }) {
  const c = service.capacity[category];
  const held = heldPlaces(service, category);
  const detail = [
    c.occupied > 0 && `${c.occupied} occupied`,
    held > 0 && `${held} held`,
    c.cleaning > 0 && `${c.cleaning} cleaning`,
    c.closed > 0 && `${c.closed} closed${c.closedReason ? ` (${c.closedReason})` : ''}`,
  ].filter(Boolean);
  return (
    <span className="place-line">
      <strong data-testid={`free-${category}`}>{freePlaces(service, category)}</strong> free of {c.total}{' '}
      {PLACE_CATEGORY_LABELS[category].toLowerCase()}
      {detail.length > 0 && <span className="muted"> · {detail.join(', ')}</span>}
    </span>
  );
}

/** Categories a service actually has. */
export function categoriesOf(service: TService): TPlaceCategory[] {
  return (['adult', 'under18'] as const).filter((c) => service.capacity[c].total > 0);
}
