import { runWorker } from '../lib/processes';
import { round, type TBenchResult } from '../lib/stats';

/**
 * Durable case updates per second through the PostgreSQL store vs the very SQL it sends, as a raw `pg`
 * loop with values built once, one transaction per update, on the same PostgreSQL in the same run (fsync
 * and synchronous_commit on). A smaller five-statement loop is reported beside it.
 */
export async function runPgWrites(): Promise<TBenchResult> {
  const { ours, baseline, minimal } = await runWorker<{ ours: number; baseline: number; minimal: number }>(
    'bench/benchmarks/pg-writes-worker.ts',
  );
  return {
    name: 'pg-writes',
    what: 'durable case updates through the PostgreSQL store (advisory lock, event append, projection; search and facts rows left as they were)',
    figure: Math.round(ours),
    unit: 'updates/s',
    baseline: Math.round(baseline),
    ratio: round(ours / baseline),
    target: '≥ 0.6× baseline',
    meetsTarget: ours / baseline >= 0.6,
    details: {
      // The same case update as five bare statements (no lock, search or facts), as the SQLite baseline.
      minimalLoop: Math.round(minimal),
      ratioToMinimal: round(ours / minimal),
    },
  };
}
