import { runFailoverDrill } from '../lib/failover-drill';
import { round, type TBenchResult } from '../lib/stats';

const CONSOLES = Number(process.env.FAILOVER_CONSOLES ?? 1000);
const KILLS = Number(process.env.FAILOVER_KILLS ?? 4);

/**
 * Two nodes on one PostgreSQL behind a load balancer, 1,000 consoles; one node killed with SIGKILL each
 * round. How long until every console is back and resynced, and whether every acknowledged write survived.
 */
export async function runFailover(options: { cpuProfileDir?: string } = {}): Promise<TBenchResult> {
  const report = await runFailoverDrill({ kills: KILLS, consoles: CONSOLES, ...options });
  const everyone = report.resynced === report.kills * report.consoles;
  return {
    name: 'failover',
    what: `${CONSOLES} consoles on two nodes, a node killed ${KILLS}× with SIGKILL: time until every console is back and resynced`,
    figure: round(report.backP95, 2),
    unit: 's p95',
    baseline: null,
    ratio: null,
    target: 'p95 ≤ 5 s, 100% back, no acknowledged write lost',
    meetsTarget: report.backP95 <= 5 && everyone && report.violations.length === 0,
    details: {
      p50: report.backP50,
      max: report.backMax,
      cutOffReadyP95: report.readyP95,
      cutOffResyncedP95: report.cutP95,
      resynced: report.resynced,
      acknowledged: report.acknowledged,
      retried: report.retried,
      violations: report.violations.length,
    },
  };
}
