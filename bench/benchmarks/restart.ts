import { WebSocket } from 'ws';
import type { TCaseCard } from '@shared/schemas/case';
import { closeAll, login, openConsole, openConsoles, type TConsoleSocket } from '../lib/consoles';
import { freePort, startServerProcess } from '../lib/processes';
import { percentile, round, sleep, type TBenchResult } from '../lib/stats';
import { tempDb } from '../lib/temp';

const CONSOLES = 1000;
const DEADLINE_MS = 30_000;
/** The same reconnection policy for both fleets: 250 ms doubling to 1 s, ±50% jitter (socket.io's shape). */
const BACKOFF = { first: 250, max: 1000, jitter: 0.5 };

/** A console that, like the real one, asks for what it missed each time it (re)connects. */
function trackResync(
  socket: TConsoleSocket,
  state: { lastSeq: number; syncedAt: number | null; target: () => number; t0: () => number },
) {
  socket.on('case:changed', (m) => {
    state.lastSeq = Math.max(state.lastSeq, m.seq);
  });
  socket.on('connect', () => {
    void socket.emitWithAck('sync:since', { afterSeq: state.lastSeq }).then((res) => {
      if (!res.ok || !res.data.isComplete) return;
      state.lastSeq = Math.max(state.lastSeq, res.data.headSeq);
      if (state.lastSeq >= state.target() && state.syncedAt === null && state.t0() > 0)
        state.syncedAt = performance.now();
    });
  });
}

async function measureConcordat(): Promise<{ times: number[]; reconnected: number }> {
  const port = await freePort();
  const env = {
    PORT: String(port),
    CONCORDAT_DB: tempDb('restart'),
    CONCORDAT_DEMO: 'true',
    CONCORDAT_LOGIN_LIMIT_PER_MINUTE: '100000',
  };
  let server = await startServerProcess('bench/servers/concordat-server.ts', env);
  const cookies = await Promise.all(
    ['duty-manager', 'police-officer', 'triage-clinician'].map((u) => login(server.url, u)),
  );
  const operator = await openConsole(server.url, await login(server.url, 'operator'));
  const consoles = await openConsoles(server.url, (i) => cookies[i % cookies.length] ?? '', CONSOLES, {
    reconnection: true,
    reconnectionDelay: BACKOFF.first,
    reconnectionDelayMax: BACKOFF.max,
  });
  let latestSeq = 0;
  let t0 = 0;
  const states = consoles.map((socket) => {
    const state = { lastSeq: 0, syncedAt: null as number | null, target: () => latestSeq, t0: () => t0 };
    trackResync(socket, state);
    return state;
  });

  // A burst of changes, then kill -9 straight after the last ack: some consoles have not heard it yet.
  const list = (await (
    await fetch(`${server.url}/api/v1/cases`, { headers: { cookie: cookies[0] ?? '' } })
  ).json()) as { cases: TCaseCard[] };
  for (let i = 0; i < 20; i++) {
    const card = list.cases[i % list.cases.length];
    if (!card) break;
    const ack = await operator.emitWithAck('case:add-note', {
      commandId: crypto.randomUUID(),
      caseId: card.id,
      text: `restart ${i}`,
      visibility: 'clinical',
    });
    if (ack.ok) latestSeq = ack.data.seq;
  }
  operator.disconnect();
  t0 = performance.now();
  await server.kill9();
  server = await startServerProcess('bench/servers/concordat-server.ts', env);
  const deadline = t0 + DEADLINE_MS;
  while (states.some((s) => s.syncedAt === null) && performance.now() < deadline) await sleep(50);
  const times = states.flatMap((s) => (s.syncedAt === null ? [] : [s.syncedAt - t0]));
  closeAll(consoles);
  await server.stop();
  return { times, reconnected: times.length };
}

/** A bare ws fleet with the same backoff reconnecting to a bare ws server after kill -9. */
async function measureRawWs(): Promise<{ times: number[]; reconnected: number }> {
  const port = await freePort();
  let server = await startServerProcess('bench/servers/raw-ws-server.ts', { PORT: String(port) });
  let t0 = 0;
  const reconnectedAt: (number | null)[] = Array.from({ length: CONSOLES }, () => null);
  const sockets: WebSocket[] = [];
  const connect = (i: number, attempt: number): void => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}`);
    sockets[i] = ws;
    ws.once('open', () => {
      if (t0 > 0 && reconnectedAt[i] === null) reconnectedAt[i] = performance.now();
      attempt = 0;
    });
    ws.once('close', () => {
      const delay =
        Math.min(BACKOFF.max, BACKOFF.first * 2 ** attempt) * (1 + (Math.random() * 2 - 1) * BACKOFF.jitter);
      setTimeout(() => connect(i, attempt + 1), delay);
    });
    ws.on('error', () => undefined);
  };
  for (let i = 0; i < CONSOLES; i++) connect(i, 0);
  while (sockets.filter((s) => s.readyState === WebSocket.OPEN).length < CONSOLES) await sleep(50);
  t0 = performance.now();
  await server.kill9();
  server = await startServerProcess('bench/servers/raw-ws-server.ts', { PORT: String(port) });
  const deadline = t0 + DEADLINE_MS;
  while (reconnectedAt.some((t) => t === null) && performance.now() < deadline) await sleep(50);
  const times = reconnectedAt.flatMap((t) => (t === null ? [] : [t - t0]));
  for (const s of sockets) {
    s.removeAllListeners('close');
    s.terminate();
  }
  await server.stop();
  return { times, reconnected: times.length };
}

export async function runRestart(): Promise<TBenchResult> {
  const ours = await measureConcordat();
  const raw = await measureRawWs();
  const p95 = percentile(ours.times, 95) / 1000;
  const b95 = percentile(raw.times, 95) / 1000;
  const pct = (100 * ours.reconnected) / CONSOLES;
  return {
    name: 'restart',
    what: `${CONSOLES} consoles; kill -9 the server, start it again; reconnected, re-authenticated, resynced`,
    figure: round(p95),
    unit: 's p95',
    baseline: round(b95),
    ratio: round(p95 / b95),
    target: '100% reconnected, re-authenticated and resynced; p95 ≤ 3 s',
    meetsTarget: pct === 100 && p95 <= 3,
    details: {
      resyncedPct: round(pct, 2),
      baselineReconnectedPct: round((100 * raw.reconnected) / CONSOLES, 2),
      p50S: round(percentile(ours.times, 50) / 1000),
    },
  };
}
