import { io } from 'socket.io-client';
import { WebSocket } from 'ws';
import { closeAll, login, openConsoles } from '../lib/consoles';
import { freePort, startServerProcess, type TServerProcess } from '../lib/processes';
import { round, sleep, type TBenchResult } from '../lib/stats';
import { tempDb } from '../lib/temp';

const SOCKETS = 5000;

/** Heap the server grows by while `open` holds SOCKETS connections, per socket, after a forced GC. */
async function heapPerSocket(server: TServerProcess, open: () => Promise<{ close(): void }>): Promise<number> {
  await sleep(500);
  const before = await server.heapUsed();
  const held = await open();
  await sleep(1000);
  const after = await server.heapUsed();
  held.close();
  return (after - before) / SOCKETS;
}

export async function runSockets(): Promise<TBenchResult> {
  const ourServer = await startServerProcess('bench/servers/concordat-server.ts', {
    PORT: String(await freePort()),
    CONCORDAT_DB: tempDb('sockets'),
    CONCORDAT_DEMO: 'true',
    CONCORDAT_LOGIN_LIMIT_PER_MINUTE: '100000',
  });
  let ours: number;
  try {
    const cookies = await Promise.all(
      ['operator', 'duty-manager', 'police-officer', 'triage-clinician'].map((u) => login(ourServer.url, u)),
    );
    ours = await heapPerSocket(ourServer, async () => {
      const sockets = await openConsoles(ourServer.url, (i) => cookies[i % cookies.length] ?? '', SOCKETS, {}, 250);
      return { close: () => closeAll(sockets) };
    });
  } finally {
    await ourServer.stop();
  }

  const raw = await measureBare('bench/servers/raw-ws-server.ts', (port) => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}`);
    return new Promise((resolve, reject) => {
      ws.once('open', () => resolve({ close: () => ws.terminate() }));
      ws.once('error', reject);
    });
  });
  // socket.io with nothing of ours on it: separates socket.io's own cost from ours.
  const bareSocketIo = await measureBare('bench/servers/bare-socketio-server.ts', (port) => {
    const socket = io(`http://127.0.0.1:${port}`, { transports: ['websocket'], forceNew: true, reconnection: false });
    return new Promise((resolve, reject) => {
      socket.once('connect', () => resolve({ close: () => socket.disconnect() }));
      socket.once('connect_error', reject);
    });
  });

  const oursKb = ours / 1024;
  const rawKb = raw / 1024;
  return {
    name: 'sockets',
    what: `${SOCKETS} authenticated idle consoles in one server process: heap per socket`,
    figure: round(oursKb, 1),
    unit: 'KB/socket',
    baseline: round(rawKb, 1),
    ratio: round(oursKb / rawKb),
    target: 'heap ≤ 15 KB per socket, ≤ 2.5× baseline',
    meetsTarget: oursKb <= 15 && oursKb / rawKb <= 2.5,
    details: {
      bareSocketIoKbPerSocket: round(bareSocketIo / 1024, 1),
      oursAboveSocketIoKb: round((ours - bareSocketIo) / 1024, 1),
    },
  };
}

/** Heap per connection on a baseline server, with connections opened 250 at a time. */
async function measureBare(script: string, connect: (port: number) => Promise<{ close(): void }>): Promise<number> {
  const server = await startServerProcess(script, { PORT: String(await freePort()) });
  try {
    return await heapPerSocket(server, async () => {
      const held: { close(): void }[] = [];
      for (let i = 0; i < SOCKETS; i += 250) {
        held.push(...(await Promise.all(Array.from({ length: 250 }, () => connect(server.port)))));
      }
      return { close: () => held.forEach((h) => h.close()) };
    });
  } finally {
    await server.stop();
  }
}
