import { once } from 'node:events';
import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';
import type * as TSocketIoClient from 'socket.io-client';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type * as TConnection from './connection';
import type { TClientSocket } from './connection';

/**
 * The console's connection lifecycle against the real socket.io client and a bare socket.io server on
 * 127.0.0.1 standing in for the hub: the server going away and coming back is the tablet losing and
 * regaining signal. `connection.test.ts` covers the same rules without a network.
 */
const target = vi.hoisted(() => ({ url: '' }));
vi.mock('socket.io-client', async (importOriginal) => {
  const real = await importOriginal<typeof TSocketIoClient>();
  // The page's own origin in a browser; the stand-in hub here.
  return { ...real, io: (options: Parameters<typeof real.io>[1]) => real.io(target.url, options) };
});

let connection: typeof TConnection;
let port = 0;
let hub: { http: HttpServer; io: Server } | null = null;
const clients: TClientSocket[] = [];

async function startHub(): Promise<void> {
  const http = createServer();
  const io = new Server(http);
  http.listen(port, '127.0.0.1');
  await once(http, 'listening');
  port = (http.address() as AddressInfo).port;
  target.url = `http://127.0.0.1:${port}`;
  hub = { http, io };
}

/** The network goes: every connection drops and nothing answers until startHub(). */
async function stopHub(): Promise<void> {
  if (!hub) return;
  const { io } = hub;
  hub = null;
  await new Promise<void>((resolve) => void io.close(() => resolve()));
}

function waitFor(socket: TClientSocket, event: 'connect' | 'connect_error', withinMs: number): Promise<number> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${event} within ${withinMs} ms`)), withinMs);
    socket.once(event, () => {
      clearTimeout(timer);
      resolve(Date.now() - started);
    });
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

beforeEach(async () => {
  port = 0;
  await startHub();
  vi.resetModules();
  connection = await import('./connection');
});

afterEach(async () => {
  for (const socket of clients.splice(0)) socket.disconnect();
  await stopHub();
});

describe('the console’s socket, however the page started (H-055)', () => {
  it('H-055: the socket opened at page load and taken by the console comes back by itself after the signal was lost', async () => {
    connection.connectEarly();
    const { socket } = connection.takeSocket();
    clients.push(socket);
    await waitFor(socket, 'connect', 5_000);

    const failed = waitFor(socket, 'connect_error', 5_000);
    await stopHub();
    // An attempt without signal fails: this is where the page-load socket used to be dropped for good.
    await failed;
    await sleep(100);
    expect(socket.active).toBe(true);

    await startHub();
    // The next attempt comes within the backoff's cap, with no one asking.
    await waitFor(socket, 'connect', connection.RECONNECT.maxMs + 1_000);
    expect(socket.connected).toBe(true);
  });

  it('H-055: trying again now connects at once where socket.io would still wait, and where its own connect() does nothing', async () => {
    const { socket } = connection.takeSocket();
    clients.push(socket);
    await waitFor(socket, 'connect', 5_000);
    await stopHub();
    // Three failed attempts: the next waits the full 2 s.
    for (let failures = 0; failures < 3; failures++) await waitFor(socket, 'connect_error', 5_000);
    await startHub();

    socket.connect();
    await sleep(200);
    expect(socket.connected).toBe(false);

    const connected = waitFor(socket, 'connect', 1_000);
    connection.reconnectNow(socket);
    expect(await connected).toBeLessThan(connection.RECONNECT.maxMs / 2);
  });

  it('socket.io’s state as the lifecycle reads it: open when connected, closed while waiting to retry, opening once it tries', async () => {
    const { socket } = connection.takeSocket();
    clients.push(socket);
    await waitFor(socket, 'connect', 5_000);
    expect(socket.io._readyState).toBe('open');
    await stopHub();
    await waitFor(socket, 'connect_error', 5_000);
    // Waiting out the backoff: nothing under way.
    expect(socket.io._readyState).toBe('closed');
    await startHub();
    connection.reconnectNow(socket);
    expect(socket.io._readyState).toBe('opening');
    await waitFor(socket, 'connect', 1_000);
  });
});
