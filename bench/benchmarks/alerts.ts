import { runWorker } from '../lib/processes';
import { round, type TBenchResult } from '../lib/stats';

/**
 * The legal-clock alerts job runs on the server's event loop every 15 s: how long one quiet pass over
 * 1,000 running detentions holds it, against reading and parsing the same rows and nothing else.
 */
export async function runAlerts(): Promise<TBenchResult> {
  const { ours, baseline, detentions } = await runWorker<{ ours: number; baseline: number; detentions: number }>(
    'bench/benchmarks/alerts-worker.ts',
  );
  return {
    name: 'alerts',
    what: `one alerts-job pass over ${detentions} running s136 detentions (nothing due): event-loop time`,
    figure: round(ours),
    unit: 'ms p95',
    baseline: round(baseline),
    ratio: round(ours / baseline),
    target: 'a pass ≤ 50 ms (a blink for every console on the same loop)',
    meetsTarget: ours <= 50,
    details: {},
  };
}
