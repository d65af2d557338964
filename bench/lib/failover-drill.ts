import pg from 'pg';
import type { TAck } from '@shared/errors';
import type { TCaseCreateRequest, TCommandResult } from '@shared/schemas/case';
import { freshDatabase, startTestPostgres } from '@db/postgres/test-postgres';
import { startBalancer } from './balancer';
import { aDrillCard } from './case-update';
import { login, openConsole, type TConsoleSocket } from './consoles';
import { freePort, startServerProcess, type TServerProcess } from './processes';
import { percentile, sleep } from './stats';

export interface TFailoverReport {
  kills: number;
  consoles: number;
  /** Consoles that came back and resynced after each kill, over all kills (should equal consoles × kills). */
  resynced: number;
  /** Seconds from the kill until each console was back and resynced. */
  backP50: number;
  backP95: number;
  backMax: number;
  /** Of the consoles the kill cut off: p95 seconds until reconnected (session ready), and until resynced. */
  readyP95: number;
  cutP95: number;
  acknowledged: number;
  retried: number;
  /** Each entry is a broken promise: an acknowledged command missing or doubled, a retried one doubled. */
  violations: string[];
}

const aCommand = (i: number): TCaseCreateRequest => aDrillCard(`failover ${i}`);

/** A console that resyncs from its last sequence every time it is (re)connected, as the client does. */
function trackResync(socket: TConsoleSocket) {
  const state = { cursor: 0, resyncedAt: 0, readyAt: 0, disconnectedAt: 0, connected: true };
  const resync = async () => {
    const answer = await socket.emitWithAck('sync:since', { afterSeq: state.cursor });
    if (answer.ok && answer.data.isComplete) {
      state.cursor = Math.max(state.cursor, answer.data.headSeq);
      state.resyncedAt = Date.now();
    }
  };
  socket.on('case:changed', (m) => (state.cursor = Math.max(state.cursor, m.seq)));
  socket.on('disconnect', () => {
    state.connected = false;
    state.disconnectedAt = Date.now();
  });
  socket.on('session:ready', () => {
    state.connected = true;
    state.readyAt = Date.now();
    void resync().catch(() => undefined);
  });
  return { state, resync };
}

/**
 * Two real server processes on one PostgreSQL behind a load balancer; consoles and a writer connected
 * through it. Each round kills one node with SIGKILL while the writer streams commands, waits until every
 * console is back (reconnected through the balancer to the other node) and resynced, retries the writer's
 * unacknowledged commands with their commandIds, and restarts the node. Afterwards every acknowledged
 * command is stored exactly once and no retried one twice.
 */
export async function runFailoverDrill(options: {
  kills: number;
  consoles: number;
  /** Where nodes write CPU profiles when they stop gracefully (a killed node writes none). */
  cpuProfileDir?: string;
}): Promise<TFailoverReport> {
  const profile = options.cpuProfileDir ? { cpuProfileDir: options.cpuProfileDir } : {};
  const postgres = await startTestPostgres();
  const db = await freshDatabase(postgres.url);
  const ports = [await freePort(), await freePort()];
  const balancer = await startBalancer(ports);
  const url = `http://127.0.0.1:${balancer.port}`;
  const envFor = (port: number, name: string) => ({
    // Browsers reach the nodes through the balancer, at its address.
    CONCORDAT_ALLOWED_ORIGINS: url,
    PORT: String(port),
    CONCORDAT_DATABASE_URL: db.url,
    CONCORDAT_DEMO: 'true',
    CONCORDAT_NODE_NAME: name,
    CONCORDAT_LOGIN_LIMIT_PER_MINUTE: '100000',
  });
  const nodes: (TServerProcess | null)[] = [null, null];
  // One at a time at first: the first node sets up the demo area, the second finds it.
  nodes[0] = await startServerProcess('bench/servers/concordat-server.ts', envFor(ports[0] ?? 0, 'node-0'), profile);
  nodes[1] = await startServerProcess('bench/servers/concordat-server.ts', envFor(ports[1] ?? 0, 'node-1'), profile);
  const reconnecting = { reconnection: true, reconnectionDelay: 100, reconnectionDelayMax: 1_000 };
  const check = new pg.Pool({ connectionString: db.url, max: 2 });

  const report: TFailoverReport = {
    kills: 0,
    consoles: options.consoles,
    resynced: 0,
    backP50: 0,
    backP95: 0,
    backMax: 0,
    readyP95: 0,
    cutP95: 0,
    acknowledged: 0,
    retried: 0,
    violations: [],
  };
  const consoles: ReturnType<typeof trackResync>[] = [];
  const sockets: TConsoleSocket[] = [];
  const backTimes: number[] = [];
  /** Of the consoles cut off: seconds from the kill until the other node said their session was ready. */
  const readyTimes: number[] = [];
  try {
    const cookie = await login(url, 'duty-manager');
    for (let i = 0; i < options.consoles; i += 50) {
      const batch = await Promise.all(
        Array.from({ length: Math.min(50, options.consoles - i) }, () => openConsole(url, cookie, reconnecting)),
      );
      for (const socket of batch) {
        sockets.push(socket);
        const tracked = trackResync(socket);
        await tracked.resync();
        consoles.push(tracked);
      }
    }
    const writerCookie = await login(url, 'operator');
    const writer = await openConsole(url, writerCookie, reconnecting);
    sockets.push(writer);
    const acked = new Set<string>();
    const retried = new Set<string>();
    let n = 0;

    for (let kill = 0; kill < options.kills; kill++) {
      const pending = new Map<string, TCaseCreateRequest>();
      let stopWriting = false;
      const write = async () => {
        while (!stopWriting) {
          if (!writer.connected) {
            await sleep(20);
            continue;
          }
          const command = aCommand(n++);
          pending.set(command.commandId, command);
          try {
            const ack = (await writer.timeout(2_000).emitWithAck('case:create', command)) as TAck<TCommandResult>;
            if (ack.ok) {
              pending.delete(command.commandId);
              acked.add(command.commandId);
            }
          } catch {
            // No answer (the node died with it): its fate is unknown until it is retried.
          }
        }
      };
      const writers = [write(), write(), write()];
      await sleep(200 + Math.random() * 300);

      const victim = kill % 2;
      const killedAt = Date.now();
      await nodes[victim]?.kill9();
      nodes[victim] = null;
      // Every console of the killed node notices (its connection closes, or the heartbeat lapses),
      // reconnects through the balancer to the other node and resyncs; the other node's stay connected.
      const wasCut = (c: (typeof consoles)[number]) => c.state.disconnectedAt >= killedAt;
      const isBack = (c: (typeof consoles)[number]) => !wasCut(c) || c.state.resyncedAt >= c.state.disconnectedAt;
      const deadline = killedAt + 60_000;
      await sleep(100);
      while (Date.now() < deadline && consoles.some((c) => !isBack(c))) await sleep(50);
      for (const c of consoles) {
        if (!isBack(c)) continue;
        report.resynced++;
        backTimes.push(wasCut(c) ? (c.state.resyncedAt - killedAt) / 1000 : 0);
        if (wasCut(c)) readyTimes.push((c.state.readyAt - killedAt) / 1000);
      }
      stopWriting = true;
      await Promise.all(writers);
      // The writer retries what it sent but never heard back about, with the same commandIds.
      while (!writer.connected) await sleep(20);
      for (const [commandId, command] of pending) {
        const ack = (await writer.timeout(5_000).emitWithAck('case:create', command)) as TAck<TCommandResult>;
        if (ack.ok) acked.add(commandId);
        retried.add(commandId);
      }
      report.retried += pending.size;
      // And every console has everything, without being asked again: its resync and the live changes since
      // bring each to the log's head.
      const head = (await check.query<{ seq: number }>("SELECT max(seq) AS seq FROM events WHERE stream_kind = 'case'"))
        .rows[0]?.seq;
      const behind = () => consoles.filter((c) => c.state.cursor < (head ?? 0)).length;
      for (const until = Date.now() + 5_000; behind() > 0 && Date.now() < until;) await sleep(50);
      const left = behind();
      if (left > 0) report.violations.push(`round ${kill}: ${left} consoles short of sequence ${head ?? 0}`);
      nodes[victim] = await startServerProcess(
        'bench/servers/concordat-server.ts',
        envFor(ports[victim] ?? 0, `node-${victim}`),
        profile,
      );
      report.kills++;
    }

    const stored = async (id: string) =>
      (await check.query<{ n: number }>('SELECT count(*)::int AS n FROM events WHERE command_id = $1', [id])).rows[0]
        ?.n ?? 0;
    for (const id of acked) {
      const times = await stored(id);
      if (times !== 1) report.violations.push(`acknowledged ${id} stored ${times}×`);
    }
    for (const id of retried) {
      const times = await stored(id);
      if (times > 1) report.violations.push(`retried ${id} stored ${times}×`);
    }
    report.acknowledged = acked.size;
    report.backP50 = percentile(backTimes, 50);
    report.backP95 = percentile(backTimes, 95);
    report.backMax = Math.max(0, ...backTimes);
    report.readyP95 = percentile(readyTimes, 95);
    report.cutP95 = percentile(
      backTimes.filter((t) => t > 0),
      95,
    );
    return report;
  } finally {
    for (const s of sockets) s.disconnect();
    await check.end();
    await balancer.close();
    for (const node of nodes) await node?.stop();
    await db.drop();
    await postgres.stop();
  }
}
