import { hostname } from 'node:os';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/**
 * What an operator's monitoring scrapes from `GET /metrics` (Prometheus text, R-OPS-METRICS): who is
 * connected, how commands and the database are doing, whether the timed jobs keep running, and how long
 * the oldest critical alert has waited. One registry per server, so servers sharing a process (tests)
 * never mix their figures. docs/deploy lists the alerts to set on them.
 */
export interface TMetrics {
  registry: Registry;
  /** A command finished: `outcome` is `ok` or the refusal's code. */
  commandDone(command: string, seconds: number, outcome: string): void;
  /** One transaction of the write path committed (or failed), in seconds. */
  databaseWrite(seconds: number): void;
  /** A timed job finished a pass; its lag is the time since, as scraped. */
  jobRan(job: string, at: Date): void;
  /** The last event sequence this node has fanned out to consoles. */
  broadcast(seq: number): void;
  /** Read when scraped: consoles connected to this node, by role. */
  countConsoles(count: () => Record<string, number>): void;
  /** Read when scraped: the event log's head, and the oldest unacknowledged critical alert's raising time. */
  watch(read: { headSeq: () => Promise<number>; oldestCriticalAlert: () => Promise<Date | null> }): void;
}

/** This node's name in every series: CONCORDAT_NODE_NAME, else host and process. */
export const nodeName = (configured?: string) => configured || `${hostname()}:${process.pid}`;

export function createMetrics(options: { node: string; now: () => Date }): TMetrics {
  const registry = new Registry();
  registry.setDefaultLabels({ node: options.node });
  collectDefaultMetrics({ register: registry, prefix: 'concordat_' });

  let consoles: () => Record<string, number> = () => ({});
  let watched: Parameters<TMetrics['watch']>[0] | null = null;
  let lastBroadcast = 0;
  const jobRuns = new Map<string, Date>();

  const commands = new Histogram({
    name: 'concordat_command_duration_seconds',
    help: 'Commands from people, from receipt to answer, by command and outcome (ok or the refusal code)',
    labelNames: ['command', 'outcome'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  const refusals = new Counter({
    name: 'concordat_command_refusals_total',
    help: 'Commands refused, by command and code (VALIDATION, CONFLICT, RULE_VIOLATION, FORBIDDEN, INTERNAL, …)',
    labelNames: ['command', 'code'],
    registers: [registry],
  });
  const writes = new Histogram({
    name: 'concordat_database_write_seconds',
    help: 'One transaction of the write path: decide, append, project, commit',
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
    registers: [registry],
  });
  new Gauge({
    name: 'concordat_consoles_connected',
    help: 'Consoles (sockets) connected to this node, by role',
    labelNames: ['role'],
    registers: [registry],
    collect() {
      this.reset();
      for (const [role, n] of Object.entries(consoles())) this.set({ role }, n);
    },
  });
  new Gauge({
    name: 'concordat_event_log_lag',
    help: 'Events committed to the log that this node has not yet fanned out to consoles',
    registers: [registry],
    async collect() {
      if (watched) this.set(Math.max(0, (await watched.headSeq()) - lastBroadcast));
    },
  });
  new Gauge({
    name: 'concordat_event_log_head',
    help: 'The last event sequence number in the log, as this node reads it',
    registers: [registry],
    async collect() {
      if (watched) this.set(await watched.headSeq());
    },
  });
  new Gauge({
    name: 'concordat_job_lag_seconds',
    help: 'Seconds since each timed job last finished a pass (legal-clock alerts, hold expiry, dispatch and alert escalation)',
    labelNames: ['job'],
    registers: [registry],
    collect() {
      const now = options.now().getTime();
      for (const [job, at] of jobRuns) this.set({ job }, (now - at.getTime()) / 1000);
    },
  });
  new Gauge({
    name: 'concordat_oldest_unacknowledged_critical_alert_seconds',
    help: 'How long the oldest critical alert (SOS, legal-clock breach, unaccepted dispatch, …) has waited unacknowledged; 0 when none',
    registers: [registry],
    async collect() {
      const oldest = watched ? await watched.oldestCriticalAlert() : null;
      this.set(oldest ? Math.max(0, (options.now().getTime() - oldest.getTime()) / 1000) : 0);
    },
  });

  return {
    registry,
    commandDone: (command, seconds, outcome) => {
      commands.observe({ command, outcome }, seconds);
      if (outcome !== 'ok') refusals.inc({ command, code: outcome });
    },
    databaseWrite: (seconds) => writes.observe(seconds),
    jobRan: (job, at) => jobRuns.set(job, at),
    broadcast: (seq) => {
      if (seq > lastBroadcast) lastBroadcast = seq;
    },
    countConsoles: (count) => {
      consoles = count;
    },
    watch: (read) => {
      watched = read;
    },
  };
}
