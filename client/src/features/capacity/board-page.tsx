import { useQuery } from '@tanstack/react-query';
import { legalRulesAt } from '@shared/config/legal-rules';
import { countOf } from '@shared/text';
import { useMemo } from 'react';
import { freePlaces, isStale, reliableFirst } from '@shared/rules/capacity';
import { isOpenAt, nextOpening } from '@shared/rules/opening-hours';
import { PRIORITIES, PRIORITY_LABELS } from '@shared/schemas/case';
import type { TBoard } from '@shared/schemas/board';
import type { TService } from '@shared/schemas/service';
import type { TMapSource } from '@shared/schemas/user';
import { boardQuery, serviceListQuery } from '../../api/queries';
import { ConnectionIndicator } from '../../components/connection-indicator';
import { formatClock, formatClockOrDay, formatDayClock, formatWaiting } from '../../lib/time';
import { useNow } from '../../lib/use-now';
import { Freshness } from './figures';
import { AreaMap } from '../map/area-map';
import { boardMarkers, serviceMarkers } from '../map/map-markers';
import { OccupancyChart } from './occupancy-chart';
import { clockState } from '../detention/clocks';

/** The area's map: where units and open cases are, and the services with their free places. */
function BoardMap({
  map,
  services,
  source,
  at,
}: {
  map: NonNullable<TBoard['map']>;
  services: readonly TService[];
  source: TMapSource;
  at: Date;
}) {
  // Positions are minutes old at the least: the markers are redrawn each minute, not each second.
  const minute = Math.floor(at.getTime() / 60_000);
  const markers = useMemo(() => {
    const now = new Date(minute * 60_000);
    return [...serviceMarkers(services, now), ...boardMarkers(map, now)];
  }, [map, services, minute]);
  return (
    <figure className="chart board-map">
      <figcaption>Map: cases, units, free places</figcaption>
      <AreaMap
        source={source}
        markers={markers}
        isStatic
        label={`Map of the area: ${countOf(map.cases.length, 'case')} and ${countOf(map.units.length, 'unit')} with a position`}
      />
    </figure>
  );
}

const ALTERNATIVE_KINDS = new Set(['A21', 'A25', 'A23', 'A02']);

/**
 * The wall board: dark, large type, no interaction needed. Capacity arrives live over the socket; the
 * counts and level are fetched again on every change and every 15 seconds. Counts only, no names.
 */
export function BoardPage({ areaName, mapSource }: { areaName: string; mapSource: TMapSource }) {
  const now = useNow(1000);
  const services = useQuery(serviceListQuery);
  const board = useQuery(boardQuery);
  const list = services.data?.services ?? [];
  const at = new Date(now);
  const isOpenNow = (s: TService) => s.status !== 'closed' && isOpenAt(s.hours, at);
  const suites = reliableFirst(
    list.filter((s) => s.kind === 'A20'),
    at,
    (s) => s.status !== 'closed',
  );
  const alternatives = reliableFirst(
    list.filter((s) => ALTERNATIVE_KINDS.has(s.kind)),
    at,
    isOpenNow,
  );
  const openNow = alternatives.filter(isOpenNow);
  const holds = list.flatMap((s) => s.holds.map((h) => ({ ...h, service: s.name })));

  return (
    <main className="board">
      <header className="board-head">
        <h1>{areaName} — crisis capacity</h1>
        <span className="board-clock">{formatClock(at.toISOString())}</span>
        <ConnectionIndicator />
      </header>
      {board.data && <AlertStrip alerts={board.data.alerts} now={now} />}
      {board.data && <Escalation escalation={board.data.escalation} />}
      <div className="board-grid">
        <section aria-labelledby="pos-heading" className="board-panel">
          <h2 id="pos-heading">Places of safety (s136)</h2>
          <ul className="tiles">
            {suites.map((s) => (
              <SuiteTile key={s.id} service={s} now={now} />
            ))}
          </ul>
        </section>
        <section aria-labelledby="alt-heading" className="board-panel alternatives">
          <h2 id="alt-heading">Crisis alternatives ({openNow.length} open now)</h2>
          <ul className="tiles">
            {alternatives.map((s) => (
              <AlternativeTile key={s.id} service={s} now={now} isOpen={openNow.includes(s)} />
            ))}
          </ul>
        </section>
        <section aria-labelledby="cases-heading" className="board-panel">
          <h2 id="cases-heading">Open cases</h2>
          {board.data && <CaseCounts board={board.data} />}
          <h2>Places held ({holds.length})</h2>
          <ul className="plain">
            {holds.map((h) => (
              <li key={h.id}>
                {h.service} · {h.state === 'accepted' ? 'accepted' : 'awaiting answer'} · until{' '}
                {formatClock(h.expiresAt)}
              </li>
            ))}
          </ul>
        </section>
        <section aria-labelledby="clocks-heading" className="board-panel">
          <h2 id="clocks-heading">Detention clocks</h2>
          <ul className="plain clocks">
            {board.data?.detentions.map((d) => (
              <li key={d.caseRef} className={d.state === 'expired' ? 'breach' : undefined}>
                <span className="clock-line">
                  <strong>{d.caseRef}</strong>
                  {d.isUnder18 && <span className="chip child">Under 18</span>}
                  {d.isPoliceStation && <span className="chip police-station">Police station</span>}
                </span>
                <span className="clock-line">{d.placeName ?? 'Place not yet chosen'}</span>
                <span className="clock-line">Detention: {timeLeft(d.expiresAt, now)}</span>
                {d.handoverDueAt && (
                  <span className={`clock-line${handoverState(d.handoverDueAt, now)}`}>
                    Police handover: {handoverText(d.handoverDueAt, now)}
                  </span>
                )}
              </li>
            ))}
            {board.data?.detentions.length === 0 && <li>No one is detained under s136/s135</li>}
          </ul>
        </section>
      </div>
      {/* With a map, the last 24 hours beside it; the week's trend is for boards without one. */}
      <div className={`board-charts${board.data?.map ? ' with-map' : ''}`}>
        <OccupancyChart range="24h" title="Occupancy, last 24 hours" />
        {board.data?.map ? (
          <BoardMap map={board.data.map} services={list} source={mapSource} at={at} />
        ) : (
          <OccupancyChart range="7d" title="Occupancy, last 7 days" />
        )}
      </div>
      <p className="muted board-foot">
        {board.data &&
          `Escalation thresholds: this area’s own, version ${board.data.escalation.rulesVersion}` +
            (board.data.escalation.isUnconfirmed ? '; national mental-health OPEL thresholds not yet confirmed' : '')}
      </p>
    </main>
  );
}

/** "1 h 05 min" from minutes. */
/** "23 h 09 min", or "12 min" under an hour: the board reads to the minute, without a ticking second. */
function hoursMinutes(minutes: number): string {
  if (minutes < 60) return `${minutes} min`;
  return `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, '0')} min`;
}

function handoverText(dueAt: string, now: number): string {
  const minutes = Math.floor((Date.parse(dueAt) - now) / 60_000);
  return minutes < 0 ? `overdue by ${hoursMinutes(-minutes)}` : `due by ${formatClockOrDay(dueAt, now)}`;
}

/**
 * Overdue (red) once the handover target has passed, due soon (amber) from the first handover alert: the
 * console's own clock colouring (`clockState`), with the versioned legal rules in force.
 */
function handoverState(dueAt: string, now: number): '' | ' due-soon' | ' overdue' {
  const rules = legalRulesAt(new Date(now).toISOString());
  const [firstAlert = rules.handoverTargetMinutes] = rules.handoverAlertMinutes;
  const state = clockState(Date.parse(dueAt) - now, (rules.handoverTargetMinutes - firstAlert) * 60_000, 0);
  return state === 'red' ? ' overdue' : state === 'amber' ? ' due-soon' : '';
}

/**
 * The board's alert strip (R-ALERT-SEVERITY): every open alert the board shows, critical ones red, by
 * card reference and unit call sign, so a duty manager 3 m away sees an SOS, a breach or an unaccepted
 * dispatch without looking for it.
 */
function AlertStrip({ alerts, now }: { alerts: TBoard['alerts']; now: number }) {
  if (alerts.length === 0) return null;
  return (
    <section className="board-alerts" aria-label="Alerts" aria-live="assertive">
      <ul>
        {alerts.map((a) => (
          <li
            key={`${a.label}-${a.caseRef ?? ''}-${a.callSign ?? ''}-${a.place ?? ''}-${a.since}`}
            className={`board-alert ${a.severity}`}
          >
            <strong>{a.label}</strong>
            {a.place && ` · ${a.place}`}
            {a.callSign && ` · ${a.callSign}`}
            {a.caseRef && ` · ${a.caseRef}`} · for {formatWaiting(a.since, now)}
          </li>
        ))}
      </ul>
    </section>
  );
}

function timeLeft(expiresAt: string | null, now: number): string {
  if (!expiresAt) return 'clock not started';
  const minutes = Math.floor((new Date(expiresAt).getTime() - now) / 60_000);
  if (minutes < 0) return `time limit passed ${hoursMinutes(-minutes)} ago`;
  return `${hoursMinutes(minutes)} left (until ${formatClockOrDay(expiresAt, now)})`;
}

function Escalation({ escalation }: { escalation: TBoard['escalation'] }) {
  return (
    <section className={`opel opel-${escalation.level}`} aria-live="polite" data-testid="opel">
      <p className="opel-level">OPEL {escalation.level}</p>
      <ul className="opel-reasons">
        {escalation.reasons.length === 0 ? (
          <li>Meeting demand</li>
        ) : (
          escalation.reasons.map((r) => <li key={r.text}>{r.text}</li>)
        )}
      </ul>
    </section>
  );
}

function AlternativeTile({ service, now, isOpen }: { service: TService; now: number; isOpen: boolean }) {
  const at = new Date(now);
  const next = isOpen || service.status === 'closed' ? null : nextOpening(service.hours, at);
  const free = service.status === 'full' ? 0 : freePlaces(service, 'adult') + freePlaces(service, 'under18');
  return (
    <li
      className={`tile${isStale(service, at) ? ' is-stale' : ''}${isOpen ? '' : ' is-closed'}`}
      data-testid="alternative-tile"
    >
      <span className="tile-name">{service.name}</span>
      <span className="tile-figure">
        <strong>{free}</strong> free of {service.capacity.adult.total + service.capacity.under18.total}
      </span>
      {!isOpen && (
        <span className="tile-status">
          Closed now{next ? ` · opens ${formatDayClock(next.toISOString())}` : ''}
          {service.statusReason ? ` · ${service.statusReason}` : ''}
        </span>
      )}
      {isOpen && service.status !== 'open' && <span className="tile-status">{service.status}</span>}
      <Freshness service={service} now={now} brief />
    </li>
  );
}

function SuiteTile({ service, now }: { service: TService; now: number }) {
  const stale = isStale(service, new Date(now));
  return (
    <li className={`tile${stale ? ' is-stale' : ''}`} data-testid="suite-tile">
      <span className="tile-name">{service.name}</span>
      {/* "free of", as on the crisis alternatives: "0/2" could be read as none of two in use. */}
      <span className="tile-figure">
        Adult <strong>{freePlaces(service, 'adult')}</strong> free of {service.capacity.adult.total}
      </span>
      <span className="tile-figure">
        {service.capacity.under18.total > 0 ? (
          <>
            Under-18 <strong>{freePlaces(service, 'under18')}</strong> free of {service.capacity.under18.total}
          </>
        ) : (
          'No under-18 room'
        )}
      </span>
      {service.status !== 'open' && (
        <span className="tile-status">
          {service.status}
          {service.statusReason ? `: ${service.statusReason}` : ''}
        </span>
      )}
      <Freshness service={service} now={now} brief />
    </li>
  );
}

function CaseCounts({ board }: { board: TBoard }) {
  return (
    <ul className="case-counts">
      {PRIORITIES.map((p) => (
        <li key={p} className={`count priority-${p}`}>
          <strong>{board.openCases.byPriority[p]}</strong> {PRIORITY_LABELS[p]}
        </li>
      ))}
      <li className="count">
        <strong>{board.openCases.unownedEmergencies}</strong>{' '}
        {board.openCases.unownedEmergencies === 1 ? 'emergency' : 'emergencies'} without an owner
      </li>
    </ul>
  );
}
