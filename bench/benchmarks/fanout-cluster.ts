import { freshDatabase, startTestPostgres } from '@db/postgres/test-postgres';
import { freePort, startServerProcess, type TServerProcess } from '../lib/processes';
import { percentile, round, type TBenchResult } from '../lib/stats';
import { CONSOLES, measureFanoutLatency, measureRawWs } from './fanout';

/**
 * The fan-out benchmark on two nodes sharing one PostgreSQL: half the consoles on each node, the operator
 * on node A. Node B's consoles hear of each change through the PostgreSQL adapter. The baseline is the
 * same single-node raw `ws` broadcast as the fanout benchmark's, measured in the same run.
 */
export async function runFanoutCluster(options: { cpuProfileDir?: string } = {}): Promise<TBenchResult> {
  const postgres = await startTestPostgres();
  const db = await freshDatabase(postgres.url);
  const nodes: TServerProcess[] = [];
  let ours;
  try {
    // One at a time: the first node sets up the demo area, the second finds it. Each node has a core of
    // its own, as two machines would (the load and PostgreSQL share them).
    for (const [core, name] of ['node-a', 'node-b'].entries()) {
      nodes.push(
        await startServerProcess(
          'bench/servers/concordat-server.ts',
          {
            PORT: String(await freePort()),
            CONCORDAT_DATABASE_URL: db.url,
            CONCORDAT_DEMO: 'true',
            CONCORDAT_NODE_NAME: name,
            CONCORDAT_LOGIN_LIMIT_PER_MINUTE: '100000',
          },
          // With --profile, each node's CPU profile goes to a folder of its own.
          { core, ...(options.cpuProfileDir ? { cpuProfileDir: `${options.cpuProfileDir}/${name}` } : {}) },
        ),
      );
    }
    const [a, b] = nodes;
    if (!a || !b) throw new Error('nodes did not start');
    ours = await measureFanoutLatency({ senderUrl: a.url, consoleUrl: (i) => (i % 2 === 0 ? a.url : b.url) });
  } finally {
    for (const node of nodes) await node.stop();
    await db.drop();
    await postgres.stop();
  }
  const raw = await measureRawWs(ours.payloadBytes);
  const p50 = percentile(ours.latencies, 50);
  const p99 = percentile(ours.latencies, 99);
  const b50 = percentile(raw.latencies, 50);
  const b99 = percentile(raw.latencies, 99);
  return {
    name: 'fanout-cluster',
    what: `${CONSOLES} consoles split across two nodes on PostgreSQL, one card changed 10×/s on node A; send → receipt`,
    figure: round(p99),
    unit: 'ms p99',
    baseline: round(b99),
    ratio: round(p99 / b99),
    target: 'p99 ≤ 2.5× single-node raw ws baseline; 100% delivered',
    meetsTarget: p99 / b99 <= 2.5 && ours.delivered === ours.expected,
    details: {
      p50Ms: round(p50),
      baselineP50Ms: round(b50),
      deliveredPct: round((100 * ours.delivered) / ours.expected, 3),
      baselineDeliveredPct: round((100 * raw.delivered) / raw.expected, 3),
    },
  };
}
