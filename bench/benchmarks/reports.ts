import { runWorker } from '../lib/processes';
import { round, type TBenchResult } from '../lib/stats';

interface TReportsRun {
  cards: number;
  detentions: number;
  unitEvents: number;
  serviceEvents: number;
  seedMs: number;
  results: { name: string; cards: number; exactP95: number; controlledP95: number; baselineP95: number }[];
}

/**
 * Reports over a year of a large area (R-REPORT-FACTS): each period's report read and built as the
 * server does, p95, against a hand-written SQL aggregate of its headline figures in the same run.
 */
export async function runReports(): Promise<TBenchResult[]> {
  const r = await runWorker<TReportsRun>('bench/benchmarks/reports-worker.ts');
  return r.results.map((x) => {
    const worst = Math.max(x.exactP95, x.controlledP95);
    return {
      name: `reports-${x.name}`,
      what: `every report for a ${x.name.replace('-', ' ')} (${x.cards.toLocaleString('en-GB')} cards) of a year with ${r.cards.toLocaleString('en-GB')} cards, ${r.detentions.toLocaleString('en-GB')} detentions ${r.unitEvents.toLocaleString('en-GB')} unit events folded in and ${r.serviceEvents.toLocaleString('en-GB')} service events; exact and disclosure-controlled`,
      figure: round(worst),
      unit: 'ms p95',
      baseline: round(x.baselineP95),
      ratio: round(worst / x.baselineP95),
      target: 'p95 ≤ 1,000 ms',
      meetsTarget: worst <= 1000,
      details: {
        exactP95Ms: round(x.exactP95),
        commissionerP95Ms: round(x.controlledP95),
        seedSeconds: round(r.seedMs / 1000, 1),
      },
    };
  });
}
