import { useQuery } from '@tanstack/react-query';
import { countOf } from '@shared/text';
import { useEffect, useMemo, useRef, useState } from 'react';
import { Link } from 'wouter';
import { PRIORITY_LABELS, type TPriority } from '@shared/schemas/case';
import { formatMinutes } from '@shared/rules/report-measures';
import { PERIOD_KINDS, type TPeriodKind } from '@shared/rules/report-periods';
import type { THomeOfficeValidation, TDrill, TReport } from '@shared/schemas/report';
import type { TRole } from '@shared/schemas/user';
import { api } from '../../api/http';
import { queryKeys } from '../../api/query-keys';
import { formatDateClock } from '../../lib/time';
import { BarChart } from './bar-chart';

const PERIOD_LABELS: Record<TPeriodKind, string> = {
  shift: 'This shift',
  'last-shift': 'Last shift',
  day: 'Day',
  week: 'Week',
  month: 'Month',
  quarter: 'Quarter',
  'financial-year': 'Financial year (April–March)',
  custom: 'Custom',
};

type TCount = TReport['cards'];
type TBreakdown = TReport['detentions']['firstPlace'];

const todayInEngland = () =>
  new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Europe/London',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(new Date());

/** A day in the month before today's (the default a board paper asks for). */
function lastMonth(): string {
  const [y, m] = todayInEngland().split('-').map(Number) as [number, number];
  const d = new Date(Date.UTC(y, m - 2, 15));
  return d.toISOString().slice(0, 10);
}

const daysAgo = (days: number) => {
  const [y, m, d] = todayInEngland().split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d - days)).toISOString().slice(0, 10);
};

/** The day a period starts from when it is picked: last month for a month, today for the rest. */
const defaultDate = (kind: TPeriodKind): string =>
  kind === 'month' ? lastMonth() : kind === 'custom' ? daysAgo(30) : todayInEngland();

const isDay = (v: string | null): v is string => v !== null && /^\d{4}-\d{2}-\d{2}$/.test(v);

/** The period in the address, so Back from a card, a reload or a shared link keeps it. */
function periodFromAddress(): { period: TPeriodKind; date: string; until: string } {
  const params = new URLSearchParams(window.location.search);
  const kind = params.get('period');
  const period = (PERIOD_KINDS as readonly string[]).includes(kind ?? '') ? (kind as TPeriodKind) : 'month';
  const date = params.get('date');
  const until = params.get('until');
  return {
    period,
    date: isDay(date) ? date : defaultDate(period),
    until: isDay(until) ? until : todayInEngland(),
  };
}

const takesDate = (kind: TPeriodKind) => kind !== 'shift' && kind !== 'last-shift';

/**
 * Reports (R-REPORT-*): one period of the area, every figure with its table, charts where people look,
 * and for duty managers the cards behind each figure and the Home Office return. Commissioners see the
 * same report with small numbers suppressed and no cards.
 */
export function ReportsPage({ role }: { role: TRole }) {
  const canDrill = role === 'duty-manager';
  const [initial] = useState(periodFromAddress);
  const [period, setPeriod] = useState<TPeriodKind>(initial.period);
  const [date, setDate] = useState(initial.date);
  const [until, setUntil] = useState(initial.until);
  const [drill, setDrill] = useState<{ title: string; drill: TDrill } | null>(null);
  const query = useMemo(
    () => ({
      period,
      ...(takesDate(period) ? { date } : {}),
      ...(period === 'custom' ? { until } : {}),
    }),
    [period, date, until],
  );
  const isReversed = period === 'custom' && until < date;
  useEffect(() => {
    window.history.replaceState(window.history.state, '', `?${new URLSearchParams(query).toString()}`);
  }, [query]);
  const report = useQuery({
    queryKey: queryKeys.reports.period(query),
    queryFn: () => api<TReport>(`/reports?${new URLSearchParams(query).toString()}`),
    enabled: !isReversed,
  });
  const choosePeriod = (kind: TPeriodKind) => {
    setPeriod(kind);
    setDate(defaultDate(kind));
    setUntil(todayInEngland());
  };
  const open = (title: string, d: TDrill | null) => d && setDrill({ title, drill: d });
  const r = report.data;

  return (
    <section className="reports" aria-labelledby="reports-heading">
      <div className="pane-head">
        <h2 id="reports-heading">Reports{r ? `: ${r.period.label}` : ''}</h2>
      </div>
      <div className="filters" role="group" aria-label="Period">
        <label>
          Period{' '}
          <select value={period} onChange={(e) => choosePeriod(e.target.value as TPeriodKind)}>
            {PERIOD_KINDS.map((k) => (
              <option key={k} value={k}>
                {PERIOD_LABELS[k]}
              </option>
            ))}
          </select>
        </label>
        {takesDate(period) && (
          <label>
            {period === 'custom' ? 'From' : 'Including the day'}{' '}
            <input type="date" value={date} onChange={(e) => e.target.value && setDate(e.target.value)} />
          </label>
        )}
        {period === 'custom' && (
          <label>
            To <input type="date" value={until} onChange={(e) => e.target.value && setUntil(e.target.value)} />
          </label>
        )}
        <button type="button" className="secondary no-print" onClick={() => window.print()}>
          Print
        </button>
      </div>
      {isReversed ? (
        <p role="alert">The period ends before it starts: choose a “To” day on or after the “From” day.</p>
      ) : report.isError ? (
        <p role="alert">{report.error.message}</p>
      ) : !r ? (
        <p className="empty">Loading…</p>
      ) : (
        <>
          <p className="muted">
            {r.period.label}: from {formatDateClock(r.period.from)} until {formatDateClock(r.period.to)}, UK time.{' '}
            <strong>{r.cards.shown}</strong> cards began in the period. Targets and rules: version {r.rulesVersion}.
            {r.disclosureControlled &&
              ' Counts under 5 are shown as “<5” and the rest rounded to the nearest 5, and rates and shares are worked from the rounded counts, so no one can be identified.'}
            {!r.hasPopulation && ' No population is configured for this area, so rates per 100,000 are not shown.'}
          </p>
          <ResponseTimes r={r} onDrill={canDrill ? open : undefined} />
          <Inequalities r={r} onDrill={canDrill ? open : undefined} />
          <Detentions r={r} onDrill={canDrill ? open : undefined} />
          <TurnAways r={r} onDrill={canDrill ? open : undefined} />
          <Outcomes r={r} onDrill={canDrill ? open : undefined} />
          {canDrill && <HomeOfficeReturn />}
        </>
      )}
      {drill && <DrillList title={drill.title} drill={drill.drill} query={query} onClose={() => setDrill(null)} />}
    </section>
  );
}

type TOnDrill = ((title: string, drill: TDrill | null) => void) | undefined;

function CountCell({
  count,
  title,
  drill,
  onDrill,
}: {
  count: TCount;
  title: string;
  drill: TDrill | null;
  onDrill: TOnDrill;
}) {
  if (!onDrill || !drill || count.value === 0) return <td className="num">{count.shown}</td>;
  return (
    <td className="num">
      <button
        type="button"
        className="link-button"
        onClick={() => onDrill(title, drill)}
        aria-label={`${count.shown}: list the cards (${title})`}
      >
        {count.shown}
      </button>
    </td>
  );
}

function ResponseTimes({ r, onDrill }: { r: TReport; onDrill: TOnDrill }) {
  const seen = r.responseTimes.intervals.find((i) => i.key === 'call-to-seen');
  return (
    <section className="report-section" aria-labelledby="rt-heading">
      <h3 id="rt-heading">Response times</h3>
      <table>
        <caption>Median and 90th percentile by priority</caption>
        <thead>
          <tr>
            <th scope="col">Step</th>
            {r.responseTimes.intervals[0]?.byPriority.map((p) => (
              <th key={p.priority} scope="col">
                {p.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {r.responseTimes.intervals.map((i) => (
            <tr key={i.key}>
              <th scope="row">{i.label}</th>
              {i.byPriority.map((p) => (
                <td key={p.priority} className="duration">
                  {formatMinutes(p.median)} <span className="muted">/ {formatMinutes(p.p90)}</span>{' '}
                  <span className="muted">(n {p.n.shown})</span>
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      <div className="report-grid">
        <div>
          <h4>Median hours from call to seen, by priority</h4>
          <BarChart
            unit=" h"
            bars={(seen?.byPriority ?? []).map((p) => ({
              label: p.label,
              value: p.median === null ? null : Math.round(p.median / 6) / 10,
            }))}
          />
        </div>
        <table>
          <caption>Against the targets</caption>
          <thead>
            <tr>
              <th scope="col">Target</th>
              <th scope="col">Cards measured</th>
              <th scope="col">Within target</th>
              <th scope="col">Share within</th>
              {onDrill && <th scope="col">Missed</th>}
            </tr>
          </thead>
          <tbody>
            {r.responseTimes.targets.map((t) => (
              <tr key={t.key}>
                <th scope="row">{t.label}</th>
                <td className="num">{t.n.shown}</td>
                <td className="num">{t.within.shown}</td>
                <td className="num">{t.share === null ? '—' : `${t.share}%`}</td>
                {onDrill && (
                  <td>
                    {t.drillMissed && t.n.value !== t.within.value && (
                      <button
                        type="button"
                        className="link-button"
                        onClick={() => onDrill(`${t.label}: missed`, t.drillMissed)}
                      >
                        List the cards that missed
                      </button>
                    )}
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div className="report-grid">
        <div>
          <h4>Calls by hour of day</h4>
          <BarChart
            unit=""
            bars={r.responseTimes.byHour.map((h) => ({
              label: `${String(h.hour).padStart(2, '0')}:00`,
              value: h.cards.value,
            }))}
          />
          {r.responseTimes.byHour.some((h) => h.cards.value === null) && (
            <p className="muted">Hours shown as “&lt;5” in the table are not drawn.</p>
          )}
          <details>
            <summary>The figures, by hour</summary>
            <table>
              <caption>Calls by hour of day (UK time)</caption>
              <thead>
                <tr>
                  <th scope="col">Hour</th>
                  <th scope="col">Calls</th>
                  <th scope="col">Median call to seen</th>
                  <th scope="col">Services open (average)</th>
                </tr>
              </thead>
              <tbody>
                {r.responseTimes.byHour.map((h) => (
                  <tr key={h.hour}>
                    <th scope="row">{`${String(h.hour).padStart(2, '0')}:00–${String(h.hour).padStart(2, '0')}:59`}</th>
                    <td className="num">{h.cards.shown}</td>
                    <td>{formatMinutes(h.medianToSeen)}</td>
                    <td className="num">{h.servicesOpen}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </details>
        </div>
        <table>
          <caption>By day of the week</caption>
          <thead>
            <tr>
              <th scope="col">Day</th>
              <th scope="col">Calls</th>
              <th scope="col">Median call to seen</th>
            </tr>
          </thead>
          <tbody>
            {r.responseTimes.byWeekday.map((d) => (
              <tr key={d.day}>
                <th scope="row">{d.day}</th>
                <td className="num">{d.cards.shown}</td>
                <td>{formatMinutes(d.medianToSeen)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function Inequalities({ r, onDrill }: { r: TReport; onDrill: TOnDrill }) {
  const [dimension, setDimension] = useState('ethnicity');
  const [measure, setMeasure] = useState('detentions');
  const d = r.inequalities.find((x) => x.dimension === dimension) ?? r.inequalities[0];
  const m = d?.measures.find((x) => x.key === measure) ?? d?.measures[0];
  if (!d || !m) return null;
  const hasRates = m.rows.some((row) => row.ratePer100k !== null);
  const title = `${m.label} by ${d.label.toLowerCase()}`;
  return (
    <section className="report-section" aria-labelledby="ineq-heading">
      <h3 id="ineq-heading">Inequalities</h3>
      <div className="filters" role="group" aria-label="Breakdown">
        <label>
          Measure{' '}
          <select value={m.key} onChange={(e) => setMeasure(e.target.value)}>
            {d.measures.map((x) => (
              <option key={x.key} value={x.key}>
                {x.label}
              </option>
            ))}
          </select>
        </label>
        <label>
          By{' '}
          <select value={d.dimension} onChange={(e) => setDimension(e.target.value)}>
            {r.inequalities.map((x) => (
              <option key={x.dimension} value={x.dimension}>
                {x.label}
              </option>
            ))}
          </select>
        </label>
      </div>
      <div className="report-grid">
        <div>
          <h4>{hasRates ? `${title}: rate per 100,000` : title}</h4>
          <BarChart
            unit=""
            bars={m.rows.map((row) => ({ label: row.group, value: hasRates ? row.ratePer100k : row.count.value }))}
            onPick={
              onDrill
                ? (i) => {
                    const row = m.rows[i];
                    // A group with nobody in it has no cards to list.
                    if (row && row.count.value !== 0) onDrill(`${title}: ${row.group}`, row.drill);
                  }
                : undefined
            }
          />
          {m.rows.some((row) => row.count.value === null) && (
            <p className="muted">Groups shown as “&lt;5” in the table are not drawn.</p>
          )}
        </div>
        <table>
          <caption>{title}</caption>
          <thead>
            <tr>
              <th scope="col">Group</th>
              <th scope="col">Count</th>
              <th scope="col">{m.key === 'contacts' || m.key === 'detentions' ? 'All in the group' : 'Out of'}</th>
              <th scope="col">Rate per 100,000</th>
              <th scope="col">Ratio to the lowest</th>
            </tr>
          </thead>
          <tbody>
            {m.rows.map((row) => (
              <tr key={row.group}>
                <th scope="row">{row.group}</th>
                <CountCell count={row.count} title={`${title}: ${row.group}`} drill={row.drill} onDrill={onDrill} />
                <td className="num">{row.of.shown}</td>
                <td className="num">{row.ratePer100k ?? '—'}</td>
                <td className="num">{row.ratioToLowest === null ? '—' : `${row.ratioToLowest}×`}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function BreakdownTable({ caption, rows, onDrill }: { caption: string; rows: TBreakdown; onDrill: TOnDrill }) {
  if (rows.length === 0) return null;
  return (
    <table>
      <caption>{caption}</caption>
      <tbody>
        {rows.map((row) => (
          <tr key={row.key}>
            <th scope="row">{row.label}</th>
            <CountCell count={row.count} title={`${caption}: ${row.label}`} drill={row.drill} onDrill={onDrill} />
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Detentions({ r, onDrill }: { r: TReport; onDrill: TOnDrill }) {
  const d = r.detentions;
  return (
    <section className="report-section" aria-labelledby="det-heading">
      <h3 id="det-heading">Section 136 and 135 detentions ({d.total.shown})</h3>
      <dl className="report-figures">
        <div>
          <dt>At a police station</dt>
          <dd>
            {d.policeStation.shown} (under 18: {d.policeStationUnder18.shown}; arrested: {d.arrested.shown})
          </dd>
        </div>
        <div>
          <dt>Under 18</dt>
          <dd>{d.under18.shown}</dd>
        </div>
        <div>
          <dt>Extended</dt>
          <dd>{d.extended.shown}</dd>
        </div>
        <div>
          <dt>Breached the time limit</dt>
          <dd>{d.breached.shown}</dd>
        </div>
        <div>
          <dt>Duration (median / 90th)</dt>
          <dd>
            {formatMinutes(d.duration.median)} / {formatMinutes(d.duration.p90)}
          </dd>
        </div>
        <div>
          <dt>Arrival to police handover (median / 90th)</dt>
          <dd>
            {formatMinutes(d.handover.median)} / {formatMinutes(d.handover.p90)}
          </dd>
        </div>
      </dl>
      <div className="report-grid">
        <BreakdownTable caption="Power" rows={d.byPower} onDrill={onDrill} />
        <BreakdownTable caption="First place of safety" rows={d.firstPlace} onDrill={onDrill} />
        <BreakdownTable caption="Transport" rows={d.transport} onDrill={onDrill} />
        <BreakdownTable caption="Why a police vehicle" rows={d.policeVehicleReasons} onDrill={onDrill} />
        <BreakdownTable caption="Outcome" rows={d.outcomes} onDrill={onDrill} />
      </div>
    </section>
  );
}

function TurnAways({ r, onDrill }: { r: TReport; onDrill: TOnDrill }) {
  const t = r.turnAways;
  return (
    <section className="report-section" aria-labelledby="ta-heading">
      <h3 id="ta-heading">Turn-aways and opening ({t.total.shown} turned away)</h3>
      <div className="report-grid">
        <BreakdownTable caption="How" rows={t.byHow} onDrill={onDrill} />
        <BreakdownTable caption="By service" rows={t.byService} onDrill={onDrill} />
        <table>
          <caption>Calls against services open: nights and weekends beside the days</caption>
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Calls</th>
              <th scope="col">Services open (average)</th>
            </tr>
          </thead>
          <tbody>
            {t.demandAndOpening.map((b) => (
              <tr key={b.label}>
                <th scope="row">{b.label}</th>
                <td className="num">{b.calls.shown}</td>
                <td className="num">{b.servicesOpen}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <Occupancy occupancy={t.occupancy} />
      <table>
        <caption>
          When a place was sought ({t.whenSought.sought.shown} {t.whenSought.sought.shown === '1' ? 'time' : 'times'}):
          services that were full, or whose figure was too old to trust
        </caption>
        <thead>
          <tr>
            <th scope="col">Service</th>
            <th scope="col">Sought while listed</th>
            <th scope="col">Full</th>
            <th scope="col">Figure stale</th>
          </tr>
        </thead>
        <tbody>
          {t.whenSought.services.length === 0 && (
            <tr>
              <td colSpan={4}>
                {r.disclosureControlled
                  ? 'None to show: a service full or out of date fewer than 5 times is not listed.'
                  : 'None: every service listed had room and a fresh figure each time.'}
              </td>
            </tr>
          )}
          {t.whenSought.services.map((x) => (
            <tr key={x.key}>
              <th scope="row">{x.label}</th>
              <td className="num">{x.sought.shown}</td>
              <td className="num">{x.full.shown}</td>
              <td className="num">{x.stale.shown}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {t.reasons.length > 0 && (
        <table>
          <caption>Each turn-away and why</caption>
          <tbody>
            {t.reasons.map((x) => (
              <tr key={`${x.at}-${x.caseId}`}>
                <td>{formatDateClock(x.at)}</td>
                <td>{x.serviceName}</td>
                <td>{x.how === 'declined' ? 'Declined' : 'Ran out'}</td>
                <td>{x.reason}</td>
                <td>
                  <Link href={`/cases/${x.caseId}`}>Card</Link>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

type TBucket = TReport['turnAways']['occupancy']['bucket'];
const london = (o: Intl.DateTimeFormatOptions) => new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', ...o });
/** A bucket's start in UK time, in the table: "14:00" in a day, "Tue 5 May" by day, "6 Apr" by week. */
const BUCKET_LABEL: Record<TBucket, Intl.DateTimeFormat> = {
  hour: london({ hour: '2-digit', minute: '2-digit' }),
  day: london({ weekday: 'short', day: 'numeric', month: 'short' }),
  week: london({ day: 'numeric', month: 'short' }),
};
/** And under a bar, where a month of them must fit: "14", "5", "6 Apr". */
const BAR_LABEL: Record<TBucket, Intl.DateTimeFormat> = {
  hour: london({ hour: '2-digit' }),
  day: london({ day: 'numeric' }),
  week: london({ day: 'numeric', month: 'short' }),
};
const BUCKET_NAME = { hour: 'hour', day: 'day', week: 'week' } as const;

/** R-REPORT-CAPACITY: how full places of safety and crisis alternatives were, bucket by bucket. */
function Occupancy({ occupancy }: { occupancy: TReport['turnAways']['occupancy'] }) {
  const label = (from: string) =>
    `${occupancy.bucket === 'week' ? 'w/c ' : ''}${BUCKET_LABEL[occupancy.bucket].format(new Date(from))}`;
  const bar = (from: string) => BAR_LABEL[occupancy.bucket].format(new Date(from));
  const pct = (n: number | null) => (n === null ? '–' : `${n}%`);
  const any = occupancy.points.some((p) => p.placesOfSafety.mean !== null || p.alternatives.mean !== null);
  if (!any)
    return <p className="muted">No service’s figures were recorded in this period, so there is no occupancy.</p>;
  return (
    <div className="report-grid">
      <div>
        <h4>Places of safety in use (average share, by {BUCKET_NAME[occupancy.bucket]})</h4>
        <BarChart unit="%" bars={occupancy.points.map((p) => ({ label: bar(p.from), value: p.placesOfSafety.mean }))} />
      </div>
      <div>
        <h4>Crisis alternatives in use (average share, by {BUCKET_NAME[occupancy.bucket]})</h4>
        <BarChart unit="%" bars={occupancy.points.map((p) => ({ label: bar(p.from), value: p.alternatives.mean }))} />
      </div>
      <details>
        <summary>The figures, by {BUCKET_NAME[occupancy.bucket]}</summary>
        <table>
          <caption>Share of places occupied or held (sampled hourly)</caption>
          <thead>
            <tr>
              <th scope="col">From</th>
              <th scope="col">Places of safety: average</th>
              <th scope="col">Places of safety: peak</th>
              <th scope="col">Crisis alternatives: average</th>
              <th scope="col">Crisis alternatives: peak</th>
            </tr>
          </thead>
          <tbody>
            {occupancy.points.map((p) => (
              <tr key={p.from}>
                <th scope="row">{label(p.from)}</th>
                <td className="num">{pct(p.placesOfSafety.mean)}</td>
                <td className="num">{pct(p.placesOfSafety.peak)}</td>
                <td className="num">{pct(p.alternatives.mean)}</td>
                <td className="num">{pct(p.alternatives.peak)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </div>
  );
}

function Outcomes({ r, onDrill }: { r: TReport; onDrill: TOnDrill }) {
  return (
    <section className="report-section" aria-labelledby="out-heading">
      <h3 id="out-heading">Outcomes</h3>
      <div className="report-grid">
        <BreakdownTable caption="Where people went" rows={r.outcomes.byOutcome} onDrill={onDrill} />
        <p>
          Repeat contacts (an earlier card about the same person within {r.outcomes.repeatDays} days):{' '}
          <strong>{r.outcomes.repeatContacts.shown}</strong>
        </p>
      </div>
    </section>
  );
}

function financialYearStart(): number {
  const [y, m] = todayInEngland().split('-').map(Number) as [number, number];
  return m >= 4 ? y : y - 1;
}

/** R-HO-RETURN: what is missing first, then the file. */
function HomeOfficeReturn() {
  const [year, setYear] = useState(String(financialYearStart()));
  const validation = useQuery({
    queryKey: queryKeys.reports.validation(year),
    queryFn: () => api<THomeOfficeValidation>(`/reports/home-office-return/validation?year=${year}`),
  });
  const v = validation.data;
  const years = Array.from({ length: 4 }, (_, i) => financialYearStart() - i);
  return (
    <section className="report-section" aria-labelledby="ho-heading">
      <h3 id="ho-heading">Home Office return (s136 and s135)</h3>
      <div className="filters" role="group" aria-label="Financial year">
        <label>
          Financial year{' '}
          <select value={year} onChange={(e) => setYear(e.target.value)}>
            {years.map((y) => (
              <option key={y} value={String(y)}>
                {y}/{String((y + 1) % 100).padStart(2, '0')}
              </option>
            ))}
          </select>
        </label>
      </div>
      {v && (
        <>
          <p>
            {countOf(v.detentions, 'detention')} in {v.financialYear}.{' '}
            {v.incomplete.length === 0
              ? 'Every detention has the answers the return needs.'
              : `${v.incomplete.length} ${v.incomplete.length === 1 ? 'misses' : 'miss'} an answer the return needs: complete ${v.incomplete.length === 1 ? 'it' : 'them'} before sending the file.`}
          </p>
          {v.incomplete.length > 0 && (
            <ul className="report-validation" aria-label="Detentions missing an answer">
              {v.incomplete.map((x) => (
                <li key={x.caseId}>
                  <Link href={`/cases/${x.caseId}`}>{x.ref}</Link>, detained {formatDateClock(x.detainedAt)}:{' '}
                  {x.missing.join('; ')}
                </li>
              ))}
            </ul>
          )}
          <p className="actions">
            <a className="button-link" href={`/api/v1/reports/home-office-return.csv?year=${year}`} download>
              Download the return (CSV)
            </a>{' '}
            <a className="button-link" href={`/api/v1/reports/home-office-return.xlsx?year=${year}`} download>
              Download the return (Excel)
            </a>
          </p>
        </>
      )}
    </section>
  );
}

function DrillList({
  title,
  drill,
  query,
  onClose,
}: {
  title: string;
  drill: TDrill;
  query: object;
  onClose: () => void;
}) {
  const params = { ...query, set: drill.set, where: JSON.stringify(drill.where) } as Record<string, string>;
  const cards = useQuery({
    queryKey: queryKeys.reports.cards(params),
    queryFn: () =>
      api<{
        cards: { id: string; ref: string; priority: string; status: string; createdAt: string; name: string | null }[];
      }>(`/reports/cards?${new URLSearchParams(params).toString()}`),
  });
  const box = useRef<HTMLElement>(null);
  // Opened from a figure far up the page: brought into view, and focus moved to its heading.
  useEffect(() => {
    box.current?.scrollIntoView({ block: 'start' });
    box.current?.querySelector('h3')?.focus();
  }, [title]);
  return (
    <section className="report-section report-drill" aria-labelledby="drill-heading" ref={box}>
      <div className="pane-head">
        <h3 id="drill-heading" tabIndex={-1}>
          Cards behind: {title}
        </h3>
        <button type="button" className="secondary no-print" onClick={onClose}>
          Close the list
        </button>
      </div>
      {!cards.data ? (
        <p className="empty">Loading…</p>
      ) : cards.data.cards.length === 0 ? (
        <p className="empty">No cards.</p>
      ) : (
        <ul aria-label="Cards behind the figure">
          {cards.data.cards.map((c) => (
            <li key={c.id}>
              <Link href={`/cases/${c.id}`}>{c.ref}</Link> {c.name ?? 'Name not known'} ·{' '}
              {PRIORITY_LABELS[c.priority as TPriority] ?? c.priority} · {c.status} · {formatDateClock(c.createdAt)}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
