import { describe, expect, it } from 'vitest';
import { runFailoverDrill } from './lib/failover-drill';

/**
 * The short failover drill in `npm test` (the long one is `npm run bench -- failover`): two real server
 * processes on one PostgreSQL behind a load balancer, one killed with SIGKILL each round.
 */
describe('failover drill (R-OPS-CLUSTER)', () => {
  it('S-3, S-4, S-8: after kill -9 of either node, every console is back and resynced through the other, every acknowledged command is stored once and a retried one never twice (4 kills)', async () => {
    const report = await runFailoverDrill({ kills: 4, consoles: 40 });
    console.log(`failover drill: ${JSON.stringify(report)}`);
    expect(report.violations).toEqual([]);
    expect(report.kills).toBe(4);
    expect(report.resynced).toBe(4 * 40);
    expect(report.acknowledged).toBeGreaterThan(4);
  }, 240_000);
});
