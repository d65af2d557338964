import { describe, expect, it } from 'vitest';
import { runDurabilityDrill } from './lib/durability-drill';

/**
 * The short durability drill in `npm test` (the long one is `npm run bench -- durability`): the real
 * server in its own process, killed with SIGKILL at random moments while a writer streams commands.
 */
describe('durability drill', () => {
  it('S-3: after kill -9, every acknowledged command is stored exactly once and no rejected one (20 kills)', async () => {
    const report = await runDurabilityDrill({ iterations: 20, retryUnacknowledged: false });
    expect(report.violations).toEqual([]);
    expect(report.iterations).toBe(20);
    expect(report.acknowledged).toBeGreaterThan(20);
    expect(report.rejected).toBeGreaterThan(0);
  }, 120_000);

  it('S-4: a client that retries unacknowledged commands with the same commandId duplicates nothing (10 kills)', async () => {
    const report = await runDurabilityDrill({ iterations: 10, retryUnacknowledged: true });
    expect(report.violations).toEqual([]);
    expect(report.retried).toBe(report.unacknowledgedAtKill);
  }, 120_000);
});
