import { useQuery } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { TOccupancyHistory, TOccupancyRange } from '@shared/schemas/board';
import { occupancyQuery } from '../../api/queries';

const percent = (u: { inUse: number; total: number }) => (u.total > 0 ? Math.round((100 * u.inUse) / u.total) : null);

function toData(history: TOccupancyHistory): uPlot.AlignedData {
  return [
    history.points.map((p) => new Date(p.at).getTime() / 1000),
    history.points.map((p) => percent(p.placesOfSafety)),
    history.points.map((p) => percent(p.alternatives)),
  ];
}

/**
 * Occupancy (places occupied or held, as a share of places in service) from the event history.
 * One uPlot instance per chart, fed new data in place, so a board left running for days does not grow.
 */
export function OccupancyChart({ range, title }: { range: TOccupancyRange; title: string }) {
  const history = useQuery(occupancyQuery(range));
  const box = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);

  useEffect(() => {
    if (!box.current || !history.data) return;
    if (plot.current) {
      plot.current.setData(toData(history.data));
      return;
    }
    const axis = { stroke: '#c9d4df', grid: { stroke: '#2b3947' }, ticks: { stroke: '#2b3947' } };
    plot.current = new uPlot(
      {
        width: box.current.clientWidth || 600,
        height: 220,
        tzDate: (ts) => uPlot.tzDate(new Date(ts * 1000), 'Europe/London'),
        scales: { y: { range: [0, 100] } },
        axes: [axis, { ...axis, values: (_u, ticks) => ticks.map((t) => `${t}%`) }],
        series: [
          {},
          { label: 'Places of safety', stroke: '#ffa94d', width: 3 },
          { label: 'Crisis alternatives', stroke: '#74c0fc', width: 3, dash: [8, 4] },
        ],
      },
      toData(history.data),
      box.current,
    );
  }, [history.data]);

  useEffect(
    () => () => {
      plot.current?.destroy();
      plot.current = null;
    },
    [],
  );

  const last = history.data?.points.at(-1);
  return (
    <figure className="chart">
      <figcaption>{title}</figcaption>
      <div ref={box} role="img" aria-label={`${title}: occupancy of places of safety and crisis alternatives`} />
      {last && (
        <p className="muted">
          Now: places of safety {last.placesOfSafety.inUse}/{last.placesOfSafety.total} in use, crisis alternatives{' '}
          {last.alternatives.inUse}/{last.alternatives.total}
        </p>
      )}
    </figure>
  );
}
