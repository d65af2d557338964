import { runWorker } from '../lib/processes';
import { round, type TBenchResult } from '../lib/stats';

/** Durable case updates per second through the store layer vs the same SQL in a raw loop (both synchronous=FULL). */
export async function runWrites(options: { cpuProfileDir?: string } = {}): Promise<TBenchResult> {
  const { ours, baseline } = await runWorker<{ ours: number; baseline: number }>(
    'bench/benchmarks/writes-worker.ts',
    {},
    options,
  );
  return {
    name: 'writes',
    what: 'durable case updates (version check + event append + projection) through the store layer',
    figure: Math.round(ours),
    unit: 'updates/s',
    baseline: Math.round(baseline),
    ratio: round(ours / baseline),
    target: '≥ 3,000/s and ≥ 0.6× baseline',
    meetsTarget: ours >= 3000 && ours / baseline >= 0.6,
    details: {},
  };
}
