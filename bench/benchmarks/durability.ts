import { runDurabilityDrill } from '../lib/durability-drill';
import type { TBenchResult } from '../lib/stats';

const ITERATIONS = Number(process.env.DURABILITY_ITERATIONS ?? 1000);

/** The long durability drill: half the kills with a client that retries what was not acknowledged. */
export async function runDurability(): Promise<TBenchResult> {
  const half = Math.ceil(ITERATIONS / 2);
  const progress = (i: number) => {
    if ((i + 1) % 100 === 0) console.log(`  ${i + 1} kills`);
  };
  const plain = await runDurabilityDrill({ iterations: half, retryUnacknowledged: false, onIteration: progress });
  const retry = await runDurabilityDrill({
    iterations: ITERATIONS - half,
    retryUnacknowledged: true,
    onIteration: progress,
  });
  const violations = [...plain.violations, ...retry.violations];
  return {
    name: 'durability',
    what: `${ITERATIONS} kill -9s mid-stream; acknowledged stored once, rejected never, retries never doubled`,
    figure: violations.length,
    unit: 'violations',
    baseline: null,
    ratio: null,
    target: '0 over ≥ 1,000 kills',
    meetsTarget: violations.length === 0 && ITERATIONS >= 1000,
    details: {
      kills: plain.iterations + retry.iterations,
      acknowledged: plain.acknowledged + retry.acknowledged,
      rejected: plain.rejected + retry.rejected,
      unacknowledgedAtKill: plain.unacknowledgedAtKill + retry.unacknowledgedAtKill,
      retried: retry.retried,
      firstViolation: violations[0] ?? '',
    },
  };
}
