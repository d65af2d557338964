import { useQuery } from '@tanstack/react-query';
import { countOf } from '@shared/text';
import { useEffect, useMemo, useRef, useState } from 'react';
import { Link } from 'wouter';
import { freePlaces } from '@shared/rules/capacity';
import { nearestFree, suggestionText, suggestUnits } from '@shared/rules/nearest-unit';
import { isOpenAt } from '@shared/rules/opening-hours';
import { PRIORITY_LABELS, type TCaseCard } from '@shared/schemas/case';
import type { TService } from '@shared/schemas/service';
import { UNIT_KIND_LABELS, UNIT_STATUS_LABELS, type TUnit } from '@shared/schemas/unit';
import type { TSessionInfo } from '@shared/schemas/user';
import { caseListQuery, serviceListQuery, unitListQuery } from '../../api/queries';
import { useNow } from '../../lib/use-now';
import { ErrorMessage, useCaseCommand } from '../cases/use-case-command';
import { useUnitCommand } from '../units/use-unit-command';
import { AreaMap, type TAreaMapHandle } from './area-map';
import { ageText, caseMarkers, serviceMarkers, unitMarkers } from './map-markers';

/** How many free units the panel offers beside a chosen case, nearest first. */
const SUGGESTIONS_SHOWN = 4;

/**
 * The hub's map: open cases by priority, on-shift units by status with the age of their position, and
 * services with free places and whether they are open now. Choosing a case (click, or Tab to it and
 * Enter) shows the free units nearest to it, each with its own Dispatch button (R-DISPATCH-NEAREST).
 */
export function MapPage({ session }: { session: TSessionInfo }) {
  const now = useNow(15_000);
  const cases = useQuery(caseListQuery);
  const units = useQuery(unitListQuery);
  const services = useQuery(serviceListQuery);
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [isPlacing, setIsPlacing] = useState(false);
  const mapHandle = useRef<TAreaMapHandle | null>(null);
  const at = useMemo(() => new Date(now), [now]);
  const openCards = useMemo(() => (cases.data?.cases ?? []).filter((c) => c.status !== 'closed'), [cases.data]);
  const unitList = useMemo(() => units.data?.units ?? [], [units.data]);
  const markers = useMemo(
    () => [
      ...serviceMarkers(services.data?.services ?? [], at),
      ...unitMarkers(unitList, at),
      ...caseMarkers(openCards),
    ],
    [services.data, unitList, openCards, at],
  );
  const counts = {
    cases: markers.filter((m) => m.kind === 'case').length,
    units: markers.filter((m) => m.kind === 'unit').length,
    services: markers.filter((m) => m.kind === 'service').length,
  };
  const selected = openCards.find((c) => c.id === selectedId) ?? null;

  return (
    <div className="map-page">
      <section className="map-pane" aria-labelledby="map-heading">
        <h2 id="map-heading" className="sr-only">
          Map of {session.area.name}
        </h2>
        <AreaMap
          source={session.map}
          markers={markers}
          selectedCaseId={selectedId}
          onSelectCase={setSelectedId}
          isPlacing={isPlacing}
          handleRef={mapHandle}
          emptyText={
            session.map.tiles || session.map.basemap
              ? 'Nothing on the map yet: cases, units and services appear here once they have a position.'
              : 'Nothing on the map yet, and no map tiles are set up for this area (CONCORDAT_MAP_TILES): cases, units and services appear here once they have a position.'
          }
          label={`Map of ${session.area.name}: ${countOf(counts.cases, 'case')}, ${countOf(counts.units, 'unit')}, ${countOf(counts.services, 'service')}. Tab moves from case to case; Enter chooses one.`}
        />
      </section>
      <aside className="map-side" aria-label="On the map">
        {selected ? (
          <CaseDispatch
            card={selected}
            units={unitList}
            now={at}
            onClose={() => {
              setIsPlacing(false);
              setSelectedId(null);
            }}
            isPlacing={isPlacing}
            onPlacing={setIsPlacing}
            mapCentre={() => mapHandle.current?.centre() ?? null}
          />
        ) : (
          <CaseChooser cards={openCards} onChoose={setSelectedId} isLoading={cases.isPending} />
        )}
        <UnitList units={unitList} now={at} />
        <ServiceList services={services.data?.services ?? []} now={at} />
        <MapKey />
      </aside>
    </div>
  );
}

function CaseChooser({
  cards,
  onChoose,
  isLoading,
}: {
  cards: readonly TCaseCard[];
  onChoose: (id: string) => void;
  isLoading: boolean;
}) {
  return (
    <section aria-labelledby="map-cases-heading">
      <h3 id="map-cases-heading">Open cases ({cards.length})</h3>
      <p className="muted">Choose a case on the map or here to see the nearest free units.</p>
      {isLoading ? (
        <p className="empty">Loading cases…</p>
      ) : cards.length === 0 ? (
        <p className="empty">No open cases.</p>
      ) : (
        <ul className="map-list">
          {cards.map((c) => (
            <li key={c.id}>
              <button type="button" className="link-button" onClick={() => onChoose(c.id)}>
                {c.ref} · <span className={`priority-${c.priority}`}>{PRIORITY_LABELS[c.priority]}</span>
              </button>{' '}
              <span className="muted">
                {c.location.description}
                {c.location.coordinates ? '' : ' (no position, not on the map)'}
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function CaseDispatch({
  card,
  units,
  now,
  onClose,
  isPlacing,
  onPlacing,
  mapCentre,
}: {
  card: TCaseCard;
  units: readonly TUnit[];
  now: Date;
  onClose: () => void;
  isPlacing: boolean;
  onPlacing: (isPlacing: boolean) => void;
  mapCentre: () => { lat: number; lng: number } | null;
}) {
  const { run, error, isSending } = useUnitCommand();
  const place = useCaseCommand();
  const [sent, setSent] = useState<string | null>(null);
  const statusRef = useRef<HTMLParagraphElement>(null);
  const onIt = units.filter((u) => u.assignment?.caseId === card.id);
  const suggestions = suggestUnits(card, units, now).slice(0, SUGGESTIONS_SHOWN);
  const nearest = nearestFree(suggestions);
  /** The case's position where the cross is: five decimal places, about a metre. */
  const placeHere = async () => {
    const centre = mapCentre();
    if (!centre) return;
    const round = (n: number) => Math.round(n * 100_000) / 100_000;
    const done = await place.run('case:update', {
      caseId: card.id,
      expectedVersion: card.version,
      changes: { location: { ...card.location, coordinates: { lat: round(centre.lat), lng: round(centre.lng) } } },
    });
    if (done) {
      onPlacing(false);
      setSent(`${card.ref} placed on the map.`);
      statusRef.current?.focus();
    }
  };
  // Chosen on the map (by keyboard too): the next Tab goes through this panel's actions.
  const headingRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => headingRef.current?.focus(), [card.id]);
  const dispatch = async (unit: TUnit) => {
    setSent(null);
    if (await run('unit:dispatch', { unitId: unit.id, caseId: card.id })) {
      setSent(`${unit.callSign} sent to ${card.ref}.`);
      // The unit's button goes (it is no longer free): keep the keyboard in the panel, on what happened.
      statusRef.current?.focus();
    }
  };
  return (
    <section aria-labelledby="map-case-heading" className="map-case-panel">
      <div className="pane-head">
        <h3 id="map-case-heading" ref={headingRef} tabIndex={-1}>
          {card.ref} · {PRIORITY_LABELS[card.priority]}
        </h3>
        <button type="button" onClick={onClose}>
          Back to all cases
        </button>
      </div>
      <p>{card.summary}</p>
      <p className="muted">
        {card.location.description}
        {card.location.coordinates ? '' : ' — no position: distances are not known'}
      </p>
      {isPlacing ? (
        <div className="map-placing" role="group" aria-label={`Place ${card.ref} on the map`}>
          <p>
            Move the map so the cross is where the person is (drag it, or arrow keys and + / − with the map focused),
            then place it.
          </p>
          <button type="button" className="primary" disabled={place.isSending} onClick={() => void placeHere()}>
            Place {card.ref} at the cross
          </button>{' '}
          <button type="button" onClick={() => onPlacing(false)}>
            Cancel
          </button>
          <ErrorMessage error={place.error} />
        </div>
      ) : (
        <p>
          <button type="button" onClick={() => onPlacing(true)}>
            {card.location.coordinates ? `Move ${card.ref} on the map…` : `Place ${card.ref} on the map…`}
          </button>
        </p>
      )}
      <p>
        <Link href={`/cases/${card.id}`}>Open card {card.ref}</Link>
      </p>
      {onIt.length > 0 && (
        <p>
          On this case:{' '}
          {onIt
            .map(
              (u) =>
                `${u.callSign} (${UNIT_STATUS_LABELS[u.status]}${u.assignment?.acceptedAt ? '' : ', not accepted yet'})`,
            )
            .join(', ')}
        </p>
      )}
      <h4>Nearest free units</h4>
      {suggestions.length === 0 ? (
        <p className="empty">No unit is free: every unit on shift is on a job. Re-task one from the card.</p>
      ) : (
        <ol className="map-list">
          {suggestions.map((s) => (
            <li key={s.unit.id} className={s.isPositionOld ? 'old-position' : undefined}>
              <strong>{s.unit.callSign}</strong> <span className="muted">{UNIT_KIND_LABELS[s.unit.kind]}</span>
              <br />
              {suggestionText(s)}
              {s === nearest ? ' · nearest' : ''}{' '}
              <button
                type="button"
                className={s === nearest ? 'primary' : undefined}
                disabled={isSending}
                onClick={() => void dispatch(s.unit)}
                aria-label={`Dispatch ${s.unit.callSign} to ${card.ref}`}
              >
                Dispatch {s.unit.callSign}
              </button>
            </li>
          ))}
        </ol>
      )}
      <p role="status" className="muted" ref={statusRef} tabIndex={-1}>
        {sent}
      </p>
      <ErrorMessage error={error} />
    </section>
  );
}

function UnitList({ units, now }: { units: readonly TUnit[]; now: Date }) {
  const onShift = units.filter((u) => u.isOnShift);
  return (
    <details className="map-units">
      <summary>Units on shift ({onShift.length})</summary>
      <ul className="map-list">
        {onShift.map((u) => (
          <li key={u.id}>
            <span className={`map-marker map-unit status-${u.status} inline`} aria-hidden="true">
              {u.callSign}
            </span>{' '}
            {UNIT_STATUS_LABELS[u.status]}
            {u.assignment ? ` on ${u.assignment.caseRef}` : ''} ·{' '}
            <span className="muted">
              {u.location ? `position ${ageText(u.location.at, now)}` : 'no position shared'}
            </span>
          </li>
        ))}
      </ul>
    </details>
  );
}

function ServiceList({ services, now }: { services: readonly TService[]; now: Date }) {
  const listed = services.filter((s) => s.kind !== 'custody');
  return (
    <details className="map-units">
      <summary>Services ({listed.length})</summary>
      <ul className="map-list">
        {listed.map((s) => {
          const free = freePlaces(s, 'adult') + freePlaces(s, 'under18');
          const isOpen = s.status !== 'closed' && isOpenAt(s.hours, now);
          return (
            <li key={s.id}>
              {s.name} ·{' '}
              <span className="muted">
                {!isOpen ? 'closed now' : s.kind === 'ED' ? 'always open' : `${free} free`}
                {s.coordinates ? '' : ' · not on the map'}
              </span>
            </li>
          );
        })}
      </ul>
    </details>
  );
}

function MapKey() {
  return (
    <details className="map-key">
      <summary>Key</summary>
      <ul className="map-list">
        <li>
          <span className="map-marker map-case priority-emergency inline">KV-1</span> a case, coloured by priority
        </li>
        <li>
          <span className="map-marker map-unit status-available inline">ST1</span> a free unit;{' '}
          <span className="map-marker map-unit status-en-route inline">ST2</span> a unit on a job
        </li>
        <li>
          <span className="map-marker map-service inline">3</span> a service and its free places; dashed when full or
          closed, slanted when its figure is out of date
        </li>
      </ul>
    </details>
  );
}
