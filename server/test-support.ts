import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { io, type Socket } from 'socket.io-client';
import { afterEach } from 'vitest';
import { PROTOCOL_VERSION, type TClientToServerEvents, type TServerToClientEvents } from '@shared/protocol';
import { aCreateRequest } from '@shared/rules/test-fixtures';
import type { TCaseChanged, TCaseCreateRequest } from '@shared/schemas/case';
import { startApp, type TRunningApp } from './app';
import { ZConfig } from './config';
import { seedDemoUsers } from './demo/seed-demo-area';

export type TTestSocket = Socket<TServerToClientEvents, TClientToServerEvents>;
export const PASSWORD = 'test-password-123';

/** A fresh id for each command, as a client makes. */
export const commandId = (): string => crypto.randomUUID();

/** A valid new-card payload with a fresh commandId. */
export function newCard(overrides: Partial<TCaseCreateRequest> = {}): TCaseCreateRequest {
  return aCreateRequest({ commandId: commandId(), ...overrides });
}

/**
 * The real server on port 0 with a temporary SQLite file and the demo accounts (no demo cards),
 * plus helpers that log in and connect the way a browser does.
 */
export async function startTestServer(options: { now?: () => Date; databasePath?: string } = {}) {
  const ownsDir = !options.databasePath;
  const dir = options.databasePath ? '' : mkdtempSync(join(tmpdir(), 'concordat-it-'));
  const databasePath = options.databasePath ?? join(dir, 'test.db');
  const config = ZConfig.parse({
    PORT: '0',
    CONCORDAT_DB: databasePath,
    CONCORDAT_DEMO: 'false',
    CONCORDAT_LOGIN_LIMIT_PER_MINUTE: '1000',
    LOG_LEVEL: 'silent',
  });
  const app: TRunningApp = await startApp(config, options.now ? { now: options.now } : {});
  if ((await app.services.store.users.count()) === 0) await seedDemoUsers(app.services, PASSWORD);
  const origin = `http://127.0.0.1:${app.port}`;
  const sockets: TTestSocket[] = [];

  async function login(username: string): Promise<string> {
    const res = await fetch(`${app.url}/api/v1/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin },
      body: JSON.stringify({ username, password: PASSWORD }),
    });
    if (!res.ok) throw new Error(`login ${username} failed: ${res.status}`);
    const cookie = res.headers.get('set-cookie')?.split(';')[0];
    if (!cookie) throw new Error('no session cookie');
    return cookie;
  }

  function http(cookie: string | null, path: string, init: { method?: string; body?: unknown; origin?: string } = {}) {
    return fetch(`${app.url}/api/v1${path}`, {
      method: init.method ?? 'GET',
      headers: {
        ...(cookie ? { cookie } : {}),
        origin: init.origin ?? origin,
        ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
  }

  /** Connects a socket; resolves once the server says the session is ready, rejects on connect_error. */
  function connect(
    cookie: string | null,
    opts: { origin?: string; protocolVersion?: number } = {},
  ): Promise<TTestSocket> {
    const socket: TTestSocket = io(app.url, {
      transports: ['websocket'],
      forceNew: true,
      reconnection: false,
      auth: { protocolVersion: opts.protocolVersion ?? PROTOCOL_VERSION },
      extraHeaders: { ...(cookie ? { cookie } : {}), origin: opts.origin ?? origin },
    });
    sockets.push(socket);
    return new Promise((resolve, reject) => {
      socket.once('session:ready', () => resolve(socket));
      socket.once('connect_error', (err) => reject(err));
    });
  }

  /** Logs in as `username` and connects a live console. */
  async function consoleAs(username: string) {
    const cookie = await login(username);
    const socket = await connect(cookie);
    const received: TCaseChanged[] = [];
    socket.on('case:changed', (m) => received.push(m));
    return { cookie, socket, received };
  }

  return {
    app,
    databasePath,
    origin,
    login,
    http,
    connect,
    consoleAs,
    async close() {
      sockets.forEach((s) => s.disconnect());
      await app.close();
      if (ownsDir) rmSync(dir, { recursive: true, force: true });
    },
  };
}
export type TTestServer = Awaited<ReturnType<typeof startTestServer>>;

/**
 * Test servers on a clock the test moves by hand, closed after each test (with the temporary folders of
 * any database meant to survive a restart).
 */
export function serversOnAClock() {
  let servers: TTestServer[] = [];
  let dirs: string[] = [];
  afterEach(async () => {
    for (const s of servers) await s.close().catch(() => undefined);
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
    servers = [];
    dirs = [];
  });
  const at = async (clock: { now: number }, databasePath?: string): Promise<TTestServer> => {
    const s = await startTestServer({ now: () => new Date(clock.now), ...(databasePath ? { databasePath } : {}) });
    servers.push(s);
    return s;
  };
  return {
    at,
    /** A database file that outlives one server, for restart tests. */
    durableDatabase(name: string): string {
      const dir = mkdtempSync(join(tmpdir(), 'concordat-restart-'));
      dirs.push(dir);
      return join(dir, name);
    },
    /** Stops a server and starts another on the same database and clock. */
    async restart(server: TTestServer, clock: { now: number }, databasePath: string): Promise<TTestServer> {
      await server.close();
      servers = servers.filter((s) => s !== server);
      return at(clock, databasePath);
    },
  };
}

/** Resolves with the next `case:changed` a socket receives. */
export function nextChange(socket: TTestSocket, timeoutMs = 3000): Promise<TCaseChanged> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no case:changed received')), timeoutMs);
    socket.once('case:changed', (m) => {
      clearTimeout(timer);
      resolve(m);
    });
  });
}

/** Resolves once a console has received the change with this sequence (or a later one). */
export async function waitForSeq(console: { received: TCaseChanged[] }, seq: number, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!console.received.some((m) => m.seq >= seq)) {
    if (Date.now() > deadline) throw new Error(`seq ${seq} not received`);
    await new Promise((r) => setTimeout(r, 5));
  }
}
