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

/** Axis times in UK time, en-GB: "14:00" over a day, "Wed 2" over a week. */
const AXIS_TIME: Record<TOccupancyRange, Intl.DateTimeFormat> = {
  '24h': new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', hour: '2-digit', minute: '2-digit' }),
  '7d': new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', weekday: 'short', day: 'numeric' }),
};

/**
 * Occupancy (places occupied or held, as a share of places in service) from the event history.
 * One uPlot instance per chart, fed new data in place and resized with its box, so a board left running
 * for days does not grow; its text is the board's own size (at least 24 px on a 1080p screen).
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
    const px = parseFloat(getComputedStyle(box.current).fontSize) || 24;
    const font = `${px}px system-ui, sans-serif`;
    const axis = {
      stroke: '#c9d4df',
      grid: { stroke: '#2b3947' },
      ticks: { stroke: '#2b3947' },
      font,
      size: px * 2.2,
      space: px * 4,
    };
    plot.current = new uPlot(
      {
        width: box.current.clientWidth || 600,
        height: box.current.clientHeight || 220,
        legend: { show: false },
        // Room for the top "100%" under the caption and the last time at the right edge, at any size.
        padding: [px * 0.6, px * 1.6, null, null],
        scales: { y: { range: [0, 100] } },
        axes: [
          { ...axis, values: (_u, ticks) => ticks.map((t) => AXIS_TIME[range].format(new Date(t * 1000))) },
          { ...axis, size: px * 4, values: (_u, ticks) => ticks.map((t) => `${t}%`) },
        ],
        series: [
          {},
          { label: 'Places of safety', stroke: '#ffa94d', width: 3, points: { show: false } },
          { label: 'Crisis alternatives', stroke: '#74c0fc', width: 3, dash: [8, 4], points: { show: false } },
        ],
      },
      toData(history.data),
      box.current,
    );
  }, [history.data, range]);

  // Follows its box: the board fits the screen, whatever its size.
  useEffect(() => {
    const element = box.current;
    if (!element) return;
    const observer = new ResizeObserver(() => {
      if (plot.current && element.clientWidth > 0 && element.clientHeight > 0)
        plot.current.setSize({ width: element.clientWidth, height: element.clientHeight });
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, []);

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
      <figcaption>
        {title}: <span className="key-pos">places of safety</span>, <span className="key-alt">crisis alternatives</span>
      </figcaption>
      <div
        ref={box}
        className="chart-plot"
        role="img"
        aria-label={`${title}: occupancy of places of safety and crisis alternatives`}
      />
      {last && (
        <p className="muted">
          Now: places of safety {last.placesOfSafety.inUse}/{last.placesOfSafety.total} in use, crisis alternatives{' '}
          {last.alternatives.inUse}/{last.alternatives.total}
        </p>
      )}
    </figure>
  );
}
