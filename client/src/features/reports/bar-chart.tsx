import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

export interface TBar {
  label: string;
  value: number | null;
}

/**
 * Bars for a report (uPlot's bar paths), one per group, in the order given; a click on a bar calls
 * `onPick` with its index. The table beside every chart carries the same figures for screen readers,
 * so the chart itself is hidden from them.
 */
export function BarChart({
  bars,
  unit,
  onPick,
}: {
  bars: readonly TBar[];
  unit: string;
  onPick?: (index: number) => void;
}) {
  const box = useRef<HTMLDivElement>(null);
  const pick = useRef(onPick);
  useEffect(() => {
    pick.current = onPick;
  }, [onPick]);

  useEffect(() => {
    const element = box.current;
    if (!element) return;
    const style = getComputedStyle(element);
    const text = style.color || '#222';
    const labels = bars.map((b) => b.label);
    const plot = new uPlot(
      {
        width: element.clientWidth || 480,
        height: 220,
        legend: { show: false },
        cursor: { drag: { x: false, y: false }, points: { show: false } },
        scales: {
          x: { time: false, range: [-0.5, bars.length - 0.5] },
          y: { range: (_u, _min, max) => [0, Math.max(1, max)] },
        },
        axes: [
          {
            stroke: text,
            grid: { show: false },
            splits: () => bars.map((_, i) => i),
            // As many labels as fit the chart's width at about 7 px a letter, evenly spaced, so they
            // never run into each other (every other hour of a day, every fourth week of a year).
            values: (u) => {
              const shown = labels.map((l) => (l.length > 14 ? `${l.slice(0, 13)}…` : l));
              const longest = Math.max(1, ...shown.map((l) => l.length));
              const fit = Math.max(2, Math.floor((u.width - 80) / (longest * 7 + 12)));
              const every = Math.ceil(labels.length / fit);
              return shown.map((l, i) => (i % every === 0 ? l : ''));
            },
          },
          { stroke: text, size: 70, values: (_u, ticks) => ticks.map((t) => `${t}${unit}`) },
        ],
        series: [
          {},
          {
            label: 'Value',
            fill: '#4c6ef5',
            stroke: '#364fc7',
            paths: uPlot.paths.bars?.({ size: [0.6, 80] }),
            points: { show: false },
          },
        ],
      },
      [bars.map((_, i) => i), bars.map((b) => b.value)],
      element,
    );
    const over = plot.over;
    const onClick = () => {
      const index = plot.cursor.idx;
      if (index !== null && index !== undefined) pick.current?.(index);
    };
    over.addEventListener('click', onClick);
    over.style.cursor = pick.current ? 'pointer' : 'default';
    const observer = new ResizeObserver(() => {
      if (element.clientWidth > 0) plot.setSize({ width: element.clientWidth, height: 220 });
    });
    observer.observe(element);
    return () => {
      observer.disconnect();
      over.removeEventListener('click', onClick);
      plot.destroy();
    };
  }, [bars, unit]);

  // Axes with no bars read as a broken chart: say there is nothing to draw instead.
  if (bars.every((b) => b.value === null || b.value === 0)) {
    return <p className="report-chart-empty muted">Nothing to draw: no figures in this period.</p>;
  }
  return <div className="report-chart" ref={box} aria-hidden="true" data-testid="bar-chart" />;
}
