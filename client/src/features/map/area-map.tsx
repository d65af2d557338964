import L from 'leaflet';
import 'leaflet/dist/leaflet.css';
import { useEffect, useRef, type RefObject } from 'react';
import type { TMapSource } from '@shared/schemas/user';
import { labelOffsets, spreadOffsets, type TMapMarker } from './map-markers';
import './map.css';

/** How each kind of basemap feature is drawn: classes only, so both themes colour them (map.css). */
const BASEMAP_CLASS: Record<string, string> = {
  'built-up': 'basemap-built-up',
  park: 'basemap-park',
  river: 'basemap-river',
  'major-road': 'basemap-major-road',
  road: 'basemap-road',
};

/**
 * Moves markers that would cover one another apart, most important first (cases, then units, then
 * services): each later one takes the nearest free spot around its point (`spreadOffsets`), so a unit on
 * scene is not hidden under its case, nor a service under a case. Then moves the basemap's place names
 * that a marker covers just above or below it, or hides them when there is no room (`labelOffsets`).
 */
function spreadMarkers(map: L.Map, markers: ReadonlyMap<string, L.Marker>, labels: readonly L.Marker[]): void {
  const items = [...markers.values()].flatMap((marker) => {
    const element = marker.getElement();
    if (!element) return [];
    const at = map.latLngToContainerPoint(marker.getLatLng());
    const rank = Number(marker.options.zIndexOffset ?? 0);
    return [{ element, rank, x: at.x, y: at.y, width: element.offsetWidth, height: element.offsetHeight }];
  });
  items.sort((a, b) => b.rank - a.rank);
  const size = map.getSize();
  const offsets = spreadOffsets(items, { width: size.x, height: size.y });
  const placed = items.map((item, i) => {
    const offset = offsets[i] ?? { dx: 0, dy: 0 };
    item.element.style.marginLeft = `${offset.dx}px`;
    item.element.style.marginTop = `${offset.dy}px`;
    return { ...item, x: item.x + offset.dx, y: item.y + offset.dy };
  });
  const names = labels.flatMap((label) => {
    const element = label.getElement();
    if (!element) return [];
    const at = map.latLngToContainerPoint(label.getLatLng());
    return [{ element, x: at.x, y: at.y, width: element.offsetWidth, height: element.offsetHeight }];
  });
  labelOffsets(names, placed).forEach((offset, i) => {
    const name = names[i];
    if (!name) return;
    name.element.style.visibility = offset ? '' : 'hidden';
    name.element.style.marginTop = `${offset?.dy ?? 0}px`;
  });
}

function basemapClass(feature: GeoJSON.Feature | undefined): string {
  const kind: unknown = feature?.properties?.['kind'];
  return (typeof kind === 'string' && BASEMAP_CLASS[kind]) || 'basemap-road';
}

/** Names drawn on the basemap: districts at their middle, the river at its middle point. */
function placeLabels(data: GeoJSON.FeatureCollection): { name: string; at: [number, number] }[] {
  return data.features.flatMap((feature) => {
    const name: unknown = feature.properties?.['name'];
    const kind: unknown = feature.properties?.['kind'];
    if (typeof name !== 'string' || (kind !== 'built-up' && kind !== 'river')) return [];
    const points =
      feature.geometry.type === 'Polygon'
        ? (feature.geometry.coordinates[0] ?? []).slice(0, -1)
        : feature.geometry.type === 'LineString'
          ? feature.geometry.coordinates.slice(Math.floor(feature.geometry.coordinates.length / 2) - 1).slice(0, 2)
          : [];
    if (points.length === 0) return [];
    const lng = points.reduce((sum, p) => sum + (p[0] ?? 0), 0) / points.length;
    const lat = points.reduce((sum, p) => sum + (p[1] ?? 0), 0) / points.length;
    return [{ name, at: [lat, lng] as [number, number] }];
  });
}

interface TAreaMapProps {
  source: TMapSource;
  markers: readonly TMapMarker[];
  /** The case marker shown as chosen. */
  selectedCaseId?: string | null;
  /** A case marker clicked, or focused and Enter or Space pressed. */
  onSelectCase?: (caseId: string) => void;
  /** What the map is, for a screen reader ("Map of the area: 5 cases, 4 units, 7 services"). */
  label: string;
  /** The wall board's map: a picture, with no controls, panning or focus (nobody is at the board to use them). */
  isStatic?: boolean;
  /** Shows a cross at the map's centre, for placing something where it points. */
  isPlacing?: boolean;
  /** Filled in with a way to read the map's centre (for "Place here"). */
  handleRef?: RefObject<TAreaMapHandle | null>;
  /** Said on the map when it has nothing to show. */
  emptyText?: string;
}

export interface TAreaMapHandle {
  centre(): { lat: number; lng: number };
}

/**
 * The area's map (Leaflet): the basemap from the area's tile service or its GeoJSON file, and markers that
 * move in place when their data changes, so a case marker keeps keyboard focus while units move around
 * it. Case markers are buttons (Tab reaches them, Enter or Space selects); units and services show what
 * they are on hover and in their labels, and the page beside the map lists them for the keyboard.
 */
export function AreaMap({
  source,
  markers,
  selectedCaseId = null,
  onSelectCase,
  label,
  isStatic = false,
  isPlacing = false,
  handleRef,
  emptyText,
}: TAreaMapProps) {
  const containerRef = useRef<HTMLDivElement>(null);
  const mapRef = useRef<L.Map | null>(null);
  const layerRef = useRef<Map<string, L.Marker>>(new Map());
  /** The basemap's place names, hidden where a marker would cover them. */
  const labelsRef = useRef<L.Marker[]>([]);
  const onSelectRef = useRef(onSelectCase);
  useEffect(() => {
    onSelectRef.current = onSelectCase;
  }, [onSelectCase]);
  /** What the map frames until the person moves it: the markers, else the basemap. */
  const frameRef = useRef<L.LatLngBounds | null>(null);
  const isMovedRef = useRef(false);

  // The map and its background, once.
  useEffect(() => {
    const container = containerRef.current;
    if (!container) return;
    const map = L.map(container, {
      zoomSnap: 0.25,
      attributionControl: true,
      keyboard: !isStatic,
      zoomControl: !isStatic,
      dragging: !isStatic,
      scrollWheelZoom: !isStatic,
      doubleClickZoom: !isStatic,
      boxZoom: !isStatic,
      touchZoom: !isStatic,
    });
    mapRef.current = map;
    if (handleRef) handleRef.current = { centre: () => map.getCenter() };
    map.attributionControl.setPrefix(false);
    // The basemap has its own layer under the markers, drawn in the file's order (built-up areas, then
    // parks, the river and roads on top).
    map.createPane('basemap').style.zIndex = '250';
    // England until the area's basemap or markers frame it.
    map.setView([52.5, -1.5], 6);
    let isCancelled = false;
    if (source.tiles) {
      L.tileLayer(source.tiles, { attribution: source.attribution, maxZoom: 19 }).addTo(map);
    } else if (source.basemap) {
      void fetch(source.basemap)
        .then((r) => (r.ok ? r.json() : null))
        .then((data: GeoJSON.FeatureCollection | null) => {
          if (!data || isCancelled) return;
          const layer = L.geoJSON(data, {
            pane: 'basemap',
            interactive: false,
            style: (feature) => ({ className: basemapClass(feature) }),
          }).addTo(map);
          for (const place of placeLabels(data)) {
            const name = L.marker(place.at, {
              icon: L.divIcon({ className: 'basemap-label', html: '', iconSize: undefined }),
              interactive: false,
              keyboard: false,
              pane: 'basemap',
            }).addTo(map);
            name.getElement()?.replaceChildren(place.name);
            labelsRef.current.push(name);
          }
          spreadMarkers(map, layerRef.current, labelsRef.current);
          map.attributionControl.addAttribution('Fictional basemap of the demo area');
          if (!frameRef.current) {
            frameRef.current = layer.getBounds();
            map.fitBounds(frameRef.current, { padding: [8, 8] });
          }
        })
        .catch(() => undefined);
    }
    // Markers that would cover one another are moved apart again at every zoom.
    map.on('zoomend', () => spreadMarkers(map, layerRef.current, labelsRef.current));
    // Once the person pans or zooms, the map stays where they put it; until then it frames what it shows.
    const moved = () => {
      isMovedRef.current = true;
    };
    for (const name of ['pointerdown', 'wheel', 'keydown'] as const) container.addEventListener(name, moved);
    // The map follows its box (a window resized, a board on another screen), framing its contents again.
    const resize = new ResizeObserver(() => {
      map.invalidateSize();
      if (!isMovedRef.current && frameRef.current) map.fitBounds(frameRef.current, { padding: [48, 48] });
    });
    resize.observe(container);
    return () => {
      isCancelled = true;
      resize.disconnect();
      map.remove();
      mapRef.current = null;
      layerRef.current = new Map();
      labelsRef.current = [];
      frameRef.current = null;
      isMovedRef.current = false;
    };
  }, [source.tiles, source.basemap, source.attribution, isStatic, handleRef]);

  // Markers: added, moved, re-labelled or removed by key, never redrawn wholesale.
  useEffect(() => {
    const map = mapRef.current;
    if (!map) return;
    const existing = layerRef.current;
    const seen = new Set<string>();
    for (const m of markers) {
      seen.add(m.key);
      const isSelected = m.caseId !== null && m.caseId === selectedCaseId;
      const className = `map-marker ${m.tone}${isSelected ? ' selected' : ''}`;
      let marker = existing.get(m.key);
      if (!marker) {
        const isButton = m.kind === 'case' && !isStatic;
        marker = L.marker([m.lat, m.lng], {
          icon: L.divIcon({ className, html: '', iconSize: undefined }),
          keyboard: isButton,
          title: m.label,
          riseOnHover: !isStatic,
          interactive: !isStatic,
          zIndexOffset: m.kind === 'case' ? 1000 : m.kind === 'unit' ? 500 : 0,
        }).addTo(map);
        const caseId = m.caseId;
        if (caseId) {
          marker.on('click', () => onSelectRef.current?.(caseId));
          marker.getElement()?.addEventListener('keydown', (event) => {
            if (event.key !== 'Enter' && event.key !== ' ') return;
            event.preventDefault();
            onSelectRef.current?.(caseId);
          });
        }
        existing.set(m.key, marker);
      } else {
        marker.setLatLng([m.lat, m.lng]);
      }
      const element = marker.getElement();
      if (element) {
        element.className = `leaflet-marker-icon leaflet-zoom-animated${isStatic ? '' : ' leaflet-interactive'} ${className}`;
        element.textContent = m.text;
        element.title = m.label;
        element.setAttribute('aria-label', m.label);
        if (m.kind === 'case' && !isStatic) element.setAttribute('aria-pressed', String(isSelected));
      }
    }
    for (const [key, marker] of existing) {
      if (seen.has(key)) continue;
      marker.remove();
      existing.delete(key);
    }
    spreadMarkers(map, existing, labelsRef.current);
    // The markers frame the map (the basemap frames it while there are none), until the person moves it.
    if (!isMovedRef.current && markers.length > 0) {
      const frame = L.latLngBounds(markers.map((m) => [m.lat, m.lng] as [number, number]));
      if (!frameRef.current?.equals(frame)) {
        frameRef.current = frame;
        map.fitBounds(frame, { padding: [48, 48] });
      }
    }
  }, [markers, selectedCaseId, isStatic]);

  // Leaflet makes the container focusable for its keyboard panning (arrows, + and −): it is named for that.
  const empty = markers.length === 0 && emptyText ? <p className="map-empty">{emptyText}</p> : null;
  if (isStatic) {
    return (
      <div className="map-frame">
        <div ref={containerRef} className="area-map static" role="img" aria-label={label} />
        {empty}
      </div>
    );
  }
  return (
    <div className="map-frame">
      <div ref={containerRef} className="area-map" role="application" aria-roledescription="map" aria-label={label} />
      {isPlacing && <span className="map-crosshair" aria-hidden="true" />}
      {empty}
    </div>
  );
}
