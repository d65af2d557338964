import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cpus, totalmem } from 'node:os';
import { runAlerts } from './benchmarks/alerts';
import { runCatchup } from './benchmarks/catchup';
import { runClient } from './benchmarks/client';
import { runConvergence } from './benchmarks/convergence';
import { runDurability } from './benchmarks/durability';
import { runFanout } from './benchmarks/fanout';
import { runFanoutCluster } from './benchmarks/fanout-cluster';
import { runFailover } from './benchmarks/failover';
import { runFlood } from './benchmarks/flood';
import { runPgWrites } from './benchmarks/pg-writes';
import { runReports } from './benchmarks/reports';
import { runRestart } from './benchmarks/restart';
import { runSearch } from './benchmarks/search';
import { runSockets } from './benchmarks/sockets';
import { runWrites } from './benchmarks/writes';
import { summariseProfiles } from './lib/profile-summary';
import type { TBenchResult } from './lib/stats';

/**
 * `npm run bench` runs every benchmark; `npm run bench -- fanout writes` runs the named ones.
 * Each result is printed next to its same-run baseline and written to bench/results/latest.json.
 */
const profileRoot = process.argv.includes('--profile') ? 'bench/results/profiles' : null;
const profileDir = (name: string) => (profileRoot ? { cpuProfileDir: join(profileRoot, name) } : {});

const BENCHMARKS: Record<string, () => Promise<TBenchResult | TBenchResult[]>> = {
  fanout: () => runFanout(profileDir('fanout')),
  writes: () => runWrites(profileDir('writes')),
  sockets: () => runSockets(),
  restart: () => runRestart(),
  catchup: () => runCatchup(),
  client: () => runClient(),
  convergence: () => runConvergence(),
  alerts: () => runAlerts(),
  flood: () => runFlood(),
  durability: () => runDurability(),
  search: () => runSearch(),
  reports: () => runReports(),
  'pg-writes': () => runPgWrites(),
  'fanout-cluster': () => runFanoutCluster(profileDir('fanout-cluster')),
  failover: () => runFailover(profileDir('failover')),
};

/** The 1,000-kill durability drill takes many minutes, so it runs only when named. */
const DEFAULT = Object.keys(BENCHMARKS).filter((n) => n !== 'durability');

const args = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const selected = args.length > 0 ? args : DEFAULT;
const unknown = selected.filter((n) => !(n in BENCHMARKS));
if (unknown.length > 0) {
  console.error(`Unknown benchmark(s): ${unknown.join(', ')}. Known: ${Object.keys(BENCHMARKS).join(', ')}`);
  process.exit(2);
}

if (profileRoot) rmSync(profileRoot, { recursive: true, force: true });
const results: TBenchResult[] = [];
for (const name of selected) {
  const run = BENCHMARKS[name];
  if (!run) continue;
  console.log(`… ${name}`);
  const started = Date.now();
  const out = await run();
  results.push(...(Array.isArray(out) ? out : [out]));
  console.log(`  done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

const fmt = (n: number | null) => (n === null ? '—' : String(n));
const rows = results.map((r) => [
  r.name,
  `${fmt(r.figure)} ${r.unit}`,
  fmt(r.baseline),
  fmt(r.ratio),
  r.target,
  r.meetsTarget === null ? '—' : r.meetsTarget ? 'met' : 'MISSED',
]);
const header = ['benchmark', 'figure', 'baseline', 'ratio', 'target', ''];
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => (row[i] ?? '').length)));
const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ');
console.log(`\n${line(header)}\n${widths.map((w) => '-'.repeat(w)).join('  ')}\n${rows.map(line).join('\n')}`);
for (const r of results) console.log(`  ${r.name}: ${JSON.stringify(r.details)}`);
if (profileRoot) {
  for (const name of ['fanout', 'writes', 'failover', 'fanout-cluster/node-a', 'fanout-cluster/node-b']) {
    const dir = join(profileRoot, name);
    if (!existsSync(dir)) continue;
    console.log(`\nCPU profile, ${name} (self time, top functions):`);
    for (const row of summariseProfiles(dir)) console.log(`  ${String(row.sharePct).padStart(5)}%  ${row.fn}`);
  }
}
if (args.length === 0) console.log('\nThe 1,000-kill durability drill runs on its own: npm run bench -- durability');

mkdirSync('bench/results', { recursive: true });
writeFileSync(
  'bench/results/latest.json',
  JSON.stringify(
    {
      at: new Date().toISOString(),
      machine: {
        cpus: cpus().length,
        cpu: cpus()[0]?.model,
        memGiB: Math.round(totalmem() / 2 ** 30),
        node: process.version,
      },
      results,
    },
    null,
    2,
  ),
);
