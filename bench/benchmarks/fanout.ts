import { WebSocket } from 'ws';
import type { TCaseCard } from '@shared/schemas/case';
import { aBenchCard } from '../lib/case-update';
import { closeAll, login, openConsole, type TConsoleSocket } from '../lib/consoles';
import { freePort, startServerProcess } from '../lib/processes';
import { percentile, round, sleep, type TBenchResult } from '../lib/stats';
import { tempDb } from '../lib/temp';

export const CONSOLES = 500;
const POLICE_SHARE = 0.1;
const RATE_HZ = 10;
const SECONDS = 10;
const WARMUP = 10;

export interface TLatencies {
  latencies: number[];
  delivered: number;
  expected: number;
  payloadBytes: number;
}

/** Where the operator's socket and each console connect; one URL for one node, two for a cluster. */
export interface TFanoutTopology {
  senderUrl: string;
  consoleUrl: (i: number) => string;
}

/**
 * 500 consoles (10% police, so two redacted views), one operator editing a card 10×/s through the real
 * command path; each console's latency is from the operator's send to its receipt.
 */
export async function measureFanoutLatency(topology: TFanoutTopology): Promise<TLatencies> {
  const urls = [
    ...new Set([topology.senderUrl, ...Array.from({ length: CONSOLES }, (_, i) => topology.consoleUrl(i))]),
  ];
  // A session is valid on every node of a cluster, but each node only accepts its own origin, so each
  // console logs in where it connects.
  const cookies = new Map<string, { operator: string; manager: string; police: string }>();
  for (const url of urls) {
    const [operator, manager, police] = await Promise.all(
      ['operator', 'duty-manager', 'police-officer'].map((u) => login(url, u)),
    );
    cookies.set(url, { operator: operator ?? '', manager: manager ?? '', police: police ?? '' });
  }
  const cookieAt = (url: string) => {
    const found = cookies.get(url);
    if (!found) throw new Error(`no login at ${url}`);
    return found;
  };
  const sender = await openConsole(topology.senderUrl, cookieAt(topology.senderUrl).operator);
  const consoles: TConsoleSocket[] = [];
  for (let i = 0; i < CONSOLES; i += 100) {
    const batch = Array.from({ length: Math.min(100, CONSOLES - i) }, (_, j) => {
      const url = topology.consoleUrl(i + j);
      const login = cookieAt(url);
      return openConsole(url, i + j < CONSOLES * POLICE_SHARE ? login.police : login.manager);
    });
    consoles.push(...(await Promise.all(batch)));
  }

  const created = await sender.emitWithAck('case:create', aBenchCard('Bench Person'));
  if (!created.ok) throw new Error(created.error.message);
  let card: TCaseCard = created.data.card;

  const sentAt = new Map<number, number>();
  const latencies: number[] = [];
  let delivered = 0;
  let payloadBytes = 0;
  for (const socket of consoles) {
    socket.on('case:changed', (m) => {
      const t0 = sentAt.get(m.card.version);
      if (t0 === undefined) return;
      latencies.push(performance.now() - t0);
      delivered++;
      if (payloadBytes === 0) payloadBytes = Buffer.byteLength(JSON.stringify(m));
    });
  }

  const total = WARMUP + RATE_HZ * SECONDS;
  for (let i = 0; i < total; i++) {
    const tick = performance.now();
    const measured = i >= WARMUP;
    if (measured) sentAt.set(card.version + 1, tick);
    const ack = await sender.emitWithAck('case:update', {
      commandId: crypto.randomUUID(),
      caseId: card.id,
      expectedVersion: card.version,
      changes: { summary: `Benchmark update ${i}` },
    });
    if (!ack.ok) throw new Error(ack.error.message);
    card = ack.data.card;
    await sleep(Math.max(0, 1000 / RATE_HZ - (performance.now() - tick)));
  }
  await sleep(1000);
  closeAll([sender, ...consoles]);
  return { latencies, delivered, expected: RATE_HZ * SECONDS * CONSOLES, payloadBytes };
}

async function measureConcordat(cpuProfileDir?: string): Promise<TLatencies> {
  const port = await freePort();
  const server = await startServerProcess(
    'bench/servers/concordat-server.ts',
    {
      PORT: String(port),
      CONCORDAT_DB: tempDb('fanout'),
      CONCORDAT_DEMO: 'true',
      CONCORDAT_LOGIN_LIMIT_PER_MINUTE: '100000',
    },
    cpuProfileDir ? { cpuProfileDir } : {},
  );
  try {
    return await measureFanoutLatency({ senderUrl: server.url, consoleUrl: () => server.url });
  } finally {
    await server.stop();
  }
}

/** The same shape of load on a bare ws server broadcasting a JSON payload of the same size. */
export async function measureRawWs(payloadBytes: number): Promise<TLatencies> {
  const port = await freePort();
  const server = await startServerProcess('bench/servers/raw-ws-server.ts', { PORT: String(port) });
  const url = `ws://127.0.0.1:${port}`;
  const open = () =>
    new Promise<WebSocket>((resolve, reject) => {
      const ws = new WebSocket(url);
      ws.once('open', () => resolve(ws));
      ws.once('error', reject);
    });
  try {
    const sender = await open();
    const receivers: WebSocket[] = [];
    for (let i = 0; i < CONSOLES; i += 100)
      receivers.push(...(await Promise.all(Array.from({ length: Math.min(100, CONSOLES - i) }, open))));
    const sentAt = new Map<number, number>();
    const latencies: number[] = [];
    let delivered = 0;
    for (const ws of receivers) {
      // A console decodes what it receives, so the baseline's receivers parse the JSON too.
      ws.on('message', (data: Buffer) => {
        const { n } = JSON.parse(data.toString()) as { n: number };
        const t0 = sentAt.get(n);
        if (t0 === undefined) return;
        latencies.push(performance.now() - t0);
        delivered++;
      });
    }
    const pad = 'x'.repeat(Math.max(0, payloadBytes - 30));
    const total = WARMUP + RATE_HZ * SECONDS;
    for (let i = 0; i < total; i++) {
      const tick = performance.now();
      if (i >= WARMUP) sentAt.set(i, tick);
      sender.send(JSON.stringify({ n: i, pad }));
      await sleep(Math.max(0, 1000 / RATE_HZ - (performance.now() - tick)));
    }
    await sleep(1000);
    for (const ws of [sender, ...receivers]) ws.terminate();
    return { latencies, delivered, expected: RATE_HZ * SECONDS * CONSOLES, payloadBytes };
  } finally {
    await server.stop();
  }
}

export async function runFanout(options: { cpuProfileDir?: string } = {}): Promise<TBenchResult> {
  const ours = await measureConcordat(options.cpuProfileDir);
  const raw = await measureRawWs(ours.payloadBytes);
  const p50 = percentile(ours.latencies, 50);
  const p99 = percentile(ours.latencies, 99);
  const b50 = percentile(raw.latencies, 50);
  const b99 = percentile(raw.latencies, 99);
  const deliveredPct = (100 * ours.delivered) / ours.expected;
  return {
    name: 'fanout',
    what: `${CONSOLES} consoles, one card changed ${RATE_HZ}×/s via the command path; send → receipt`,
    figure: round(p99),
    unit: 'ms p99',
    baseline: round(b99),
    ratio: round(p99 / b99),
    target: 'p99 ≤ 25 ms; p50 ≤ 1.8× and p99 ≤ 2.0× baseline; 100% delivered',
    meetsTarget: p99 <= 25 && p50 / b50 <= 1.8 && p99 / b99 <= 2.0 && ours.delivered === ours.expected,
    details: {
      p50Ms: round(p50),
      baselineP50Ms: round(b50),
      p50Ratio: round(p50 / b50),
      deliveredPct: round(deliveredPct, 3),
      baselineDeliveredPct: round((100 * raw.delivered) / raw.expected, 3),
      payloadBytes: ours.payloadBytes,
    },
  };
}
