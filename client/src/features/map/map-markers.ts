import { freePlaces, isStale } from '@shared/rules/capacity';
import { isOpenAt } from '@shared/rules/opening-hours';
import type { TBoard } from '@shared/schemas/board';
import { PRIORITY_LABELS, type TCaseCard, type TPriority } from '@shared/schemas/case';
import type { TService } from '@shared/schemas/service';
import { UNIT_STATUS_LABELS, type TUnit, type TUnitStatus } from '@shared/schemas/unit';

/**
 * What the map draws, as plain data: one marker per open card with a position, per on-shift unit that has
 * shared one, and per service with coordinates. The map component only places them; every word and colour
 * is decided here, so it can be tested without a browser.
 */
export interface TMapMarker {
  /** Stable across updates ("case:<id>", "unit:<id>", "service:<id>"): a marker moves rather than being redrawn. */
  key: string;
  kind: 'case' | 'unit' | 'service';
  lat: number;
  lng: number;
  /** The few characters drawn on the map: a case reference, a call sign, free places. */
  text: string;
  /** The CSS classes that colour it by priority, status or free places. */
  tone: string;
  /** What a screen reader and the hover tooltip say: everything the colour means, in words. */
  label: string;
  /** The card a case marker selects; null for units and services. */
  caseId: string | null;
}

/** A case as the map needs it: the console has the card, the board only its reference and position. */
interface TCasePoint {
  caseId: string | null;
  ref: string;
  priority: TPriority;
  lat: number;
  lng: number;
  /** Where, in words; the board has none. */
  description: string | null;
}

function caseMarker(c: TCasePoint): TMapMarker {
  return {
    key: `case:${c.caseId ?? c.ref}`,
    kind: 'case',
    lat: c.lat,
    lng: c.lng,
    text: c.ref,
    tone: `map-case priority-${c.priority}`,
    label: `Case ${c.ref}, ${PRIORITY_LABELS[c.priority]}${c.description ? `: ${c.description}` : ''}`,
    caseId: c.caseId,
  };
}

export function caseMarkers(cards: readonly TCaseCard[]): TMapMarker[] {
  return cards.flatMap((card) => {
    const at = card.location.coordinates;
    if (card.status === 'closed' || !at) return [];
    const { id, ref, priority } = card;
    return [caseMarker({ caseId: id, ref, priority, ...at, description: card.location.description })];
  });
}

/** "4 min ago", "1 h 5 min ago", "just now". */
export function ageText(isoAt: string, now: Date): string {
  const minutes = Math.max(0, Math.floor((now.getTime() - Date.parse(isoAt)) / 60_000));
  if (minutes < 1) return 'just now';
  return minutes >= 60 ? `${Math.floor(minutes / 60)} h ${minutes % 60} min ago` : `${minutes} min ago`;
}

/** A unit as the map needs it: the console has the unit, the board its call sign, status and position. */
interface TUnitPoint {
  callSign: string;
  status: TUnitStatus;
  lat: number;
  lng: number;
  at: string;
  hasOpenSos: boolean;
  /** The card it is on, where the reader may know it. */
  jobRef: string | null;
}

function unitMarker(u: TUnitPoint, now: Date): TMapMarker {
  const job = u.jobRef ? ` on ${u.jobRef}` : '';
  return {
    key: `unit:${u.callSign}`,
    kind: 'unit',
    lat: u.lat,
    lng: u.lng,
    text: u.callSign,
    tone: `map-unit status-${u.status}${u.hasOpenSos ? ' sos' : ''}`,
    label: `Unit ${u.callSign}, ${UNIT_STATUS_LABELS[u.status]}${job}${u.hasOpenSos ? ', SOS' : ''}, position ${ageText(u.at, now)}`,
    caseId: null,
  };
}

export function unitMarkers(units: readonly TUnit[], now: Date): TMapMarker[] {
  return units.flatMap((unit) => {
    if (!unit.isOnShift || !unit.location) return [];
    const { callSign, status } = unit;
    const { lat, lng, at } = unit.location;
    const hasOpenSos = Boolean(unit.sos && !unit.sos.acknowledgedBy);
    return [unitMarker({ callSign, status, lat, lng, at, hasOpenSos, jobRef: unit.assignment?.caseRef ?? null }, now)];
  });
}

/** The board's map, from `GET /capacity/board`'s `map` (units and cases without ids, names or addresses). */
export function boardMarkers(map: NonNullable<TBoard['map']>, now: Date): TMapMarker[] {
  return [
    ...map.units.map((u) => unitMarker({ ...u, jobRef: null }, now)),
    ...map.cases.map((c) =>
      caseMarker({ caseId: null, ref: c.caseRef, priority: c.priority, lat: c.lat, lng: c.lng, description: null }),
    ),
  ];
}

export function serviceMarkers(services: readonly TService[], now: Date): TMapMarker[] {
  return services.flatMap((service) => {
    if (!service.coordinates || service.kind === 'custody') return [];
    const free = freePlaces(service, 'adult') + freePlaces(service, 'under18');
    const isOpen = service.status !== 'closed' && isOpenAt(service.hours, now);
    const stale = service.kind !== 'ED' && isStale(service, now);
    const places = service.kind === 'ED' ? 'always open' : `${free} ${free === 1 ? 'place' : 'places'} free`;
    return [
      {
        key: `service:${service.id}`,
        kind: 'service' as const,
        ...service.coordinates,
        text: service.kind === 'ED' ? 'ED' : String(free),
        tone: `map-service${!isOpen ? ' closed' : free === 0 && service.kind !== 'ED' ? ' full' : ''}${stale ? ' stale' : ''}`,
        label: `${service.name}: ${isOpen ? places : 'closed now'}${stale ? ' (figure out of date)' : ''}`,
        caseId: null,
      },
    ];
  });
}

interface TBox {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** How much of two boxes (centred on their points) covers the other, with a pixel's gap counted as touching. */
function overlap(a: TBox, b: TBox): number {
  return (
    Math.max(0, (a.width + b.width + 2) / 2 - Math.abs(a.x - b.x)) *
    Math.max(0, (a.height + b.height + 2) / 2 - Math.abs(a.y - b.y))
  );
}

/**
 * Where each of the basemap's place names goes once the markers are placed: on its point when no marker
 * covers it, else just above or below it (then a little further), else it is not drawn (null), as on any
 * map, so a district's name is never half hidden under a case's label.
 */
export function labelOffsets(labels: readonly TBox[], markers: readonly TBox[]): ({ dx: number; dy: number } | null)[] {
  const taken: TBox[] = [...markers];
  return labels.map((label) => {
    const step = label.height + 4;
    const candidates = [0, 1, -1, 2, -2, 3, -3].map((n) => ({ dx: 0, dy: n * step }));
    const offset = candidates.find((c) => {
      const moved = { ...label, x: label.x + c.dx, y: label.y + c.dy };
      return taken.every((box) => overlap(moved, box) === 0);
    });
    if (offset) taken.push({ ...label, x: label.x + offset.dx, y: label.y + offset.dy });
    return offset ?? null;
  });
}

/**
 * Where each marker goes so none covers another, given their boxes (centred on their points) in order of
 * importance: the first stays on its point; each next one takes the first free spot among rings of
 * positions around its point (above, below, beside, diagonally, then further out). Returns each box's
 * offset in pixels. In a crowd with no free spot nearby, a marker takes the spot where it covers least of
 * the others, so a small count box is never left hidden under a case's label. Given the map's `frame`
 * (its width and height, boxes in the same pixels), a spot that would cut a marker at the edge is taken
 * only when there is no other.
 */
export function spreadOffsets(
  boxes: readonly TBox[],
  frame?: { width: number; height: number },
): { dx: number; dy: number }[] {
  const placed: TBox[] = [];
  const isInside = (box: TBox): boolean =>
    !frame ||
    (box.x - box.width / 2 >= 0 &&
      box.y - box.height / 2 >= 0 &&
      box.x + box.width / 2 <= frame.width &&
      box.y + box.height / 2 <= frame.height);
  const covered = (box: TBox): number => placed.reduce((sum, p) => sum + overlap(box, p), 0);
  return boxes.map((box) => {
    const candidates = [{ dx: 0, dy: 0 }];
    for (let ring = 1; ring <= 6; ring++) {
      const up = ring * (box.height + 2);
      const side = ring * (box.width / 2 + 4);
      candidates.push(
        { dx: 0, dy: -up },
        { dx: 0, dy: up },
        { dx: side, dy: -up / 2 },
        { dx: -side, dy: up / 2 },
        { dx: side, dy: up / 2 },
        { dx: -side, dy: -up / 2 },
        { dx: side * 2, dy: 0 },
        { dx: -side * 2, dy: 0 },
      );
    }
    let best = { offset: { dx: 0, dy: 0 }, covers: Infinity };
    for (const offset of candidates) {
      const moved = { ...box, x: box.x + offset.dx, y: box.y + offset.dy };
      // A spot cut by the edge counts as worse than any overlap inside the map (unless the point itself is).
      const cut = offset.dx !== 0 || offset.dy !== 0 ? (isInside(moved) ? 0 : 1e9) : 0;
      const covers = covered(moved) + cut;
      if (covers < best.covers) best = { offset, covers };
      if (covers === 0) break;
    }
    placed.push({ ...box, x: box.x + best.offset.dx, y: box.y + best.offset.dy });
    return best.offset;
  });
}
