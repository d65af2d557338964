import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { io, type Socket } from 'socket.io-client';
import { afterEach, inject } from 'vitest';
import { freshDatabase } from '@db/postgres/test-postgres';
import {
  PROTOCOL_VERSION,
  type TClientToServerEvents,
  type TCommandPayload,
  type TServerToClientEvents,
} from '@shared/protocol';
import { ROLES, type TRole } from '@shared/schemas/user';
import { totpCode } from './auth/totp';
import { aCreateRequest } from '@shared/rules/test-fixtures';
import type { TAck } from '@shared/errors';
import type { TCaseChanged, TCaseCreateRequest, TCommandResult } from '@shared/schemas/case';
import type { TServiceRegisterRequest } from '@shared/schemas/service';
import { DEMO_ORGANISATIONS } from './demo/demo-organisations';
import { startApp, type TRunningApp } from './app';
import { ZConfig } from './config';
import { seedDemoUsers } from './demo/seed-demo-area';
import { prepareInstance } from './setup/prepare-instance';

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
 * plus helpers that log in and connect the way a browser does. `firstRun` starts it as `npm start`
 * does instead (start mode decided, no accounts seeded): with CONCORDAT_DEMO=false, in setup mode.
 */
export async function startTestServer(
  options: {
    now?: () => Date;
    databasePath?: string;
    /** A PostgreSQL database to share with other test servers (the nodes of one deployment). */
    databaseUrl?: string;
    env?: Record<string, string>;
    firstRun?: boolean;
  } = {},
) {
  const ownsDir = !options.databasePath;
  const dir = options.databasePath ? '' : mkdtempSync(join(tmpdir(), 'concordat-it-'));
  const databasePath = options.databasePath ?? join(dir, 'test.db');
  // CONCORDAT_TEST_STORE=postgres runs every test server that names no database on a fresh PostgreSQL one.
  const owned =
    !options.databasePath && !options.databaseUrl && process.env.CONCORDAT_TEST_STORE === 'postgres'
      ? await freshDatabase(inject('postgresUrl'))
      : null;
  const databaseUrl = options.databaseUrl ?? owned?.url;
  const config = ZConfig.parse({
    PORT: '0',
    CONCORDAT_DB: databasePath,
    ...(databaseUrl ? { CONCORDAT_DATABASE_URL: databaseUrl } : {}),
    CONCORDAT_DEMO: 'false',
    CONCORDAT_LOGIN_LIMIT_PER_MINUTE: '1000',
    // Tests send commands as fast as they can; the limits have tests of their own that set them.
    CONCORDAT_SESSION_COMMAND_BURST: '100000',
    CONCORDAT_ADDRESS_COMMAND_BURST: '100000',
    CONCORDAT_SESSION_READ_BURST: '100000',
    CONCORDAT_ADDRESS_READ_BURST: '100000',
    CONCORDAT_SOCKETS_PER_PERSON: '1000',
    // Tests move the clock by hours; the idle lock has tests of its own that switch it on.
    CONCORDAT_IDLE_LOCK_MINUTES: ROLES.map((r) => `${r}=0`).join(','),
    LOG_LEVEL: 'silent',
    ...options.env,
  });
  const app: TRunningApp = await startApp(config, {
    ...(options.now ? { now: options.now } : {}),
    ...(options.firstRun ? { prepare: prepareInstance } : {}),
  });
  const accounts = await app.services.store.accounts.counts();
  if (!options.firstRun && accounts.demo + accounts.real === 0) await seedDemoUsers(app.services, PASSWORD);
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
    opts: {
      origin?: string;
      protocolVersion?: number;
      /** Long-polling only, as on a network that blocks WebSockets; WebSocket only by default. */
      transport?: 'websocket' | 'polling';
      /** More request headers (X-Forwarded-For, as a load balancer would add). */
      headers?: Record<string, string>;
    } = {},
  ): Promise<TTestSocket> {
    const socket: TTestSocket = io(app.url, {
      transports: [opts.transport ?? 'websocket'],
      forceNew: true,
      reconnection: false,
      auth: { protocolVersion: opts.protocolVersion ?? PROTOCOL_VERSION },
      extraHeaders: { ...(cookie ? { cookie } : {}), origin: opts.origin ?? origin, ...opts.headers },
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
    databaseUrl,
    origin,
    login,
    http,
    connect,
    consoleAs,
    async close() {
      sockets.forEach((s) => s.disconnect());
      await app.close();
      await owned?.drop();
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
  const at = async (
    clock: { now: number },
    databasePath?: string,
    options: { firstRun?: boolean; env?: Record<string, string> } = {},
  ): Promise<TTestServer> => {
    const s = await startTestServer({
      now: () => new Date(clock.now),
      ...(databasePath ? { databasePath } : {}),
      ...options,
    });
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

/** A clock a test moves by hand. */
export interface TClock {
  now: number;
}

/** Reads a JSON answer, failing the test with the server's words when it is not the expected status. */
export async function expectJson<T>(res: Response, status = 200): Promise<T> {
  const body = (await res.json()) as T;
  if (res.status !== status) throw new Error(`expected ${status}, got ${res.status}: ${JSON.stringify(body)}`);
  return body;
}

/** The session cookie a response set (the same token moves through every login step). */
export function cookieOf(res: Response): string {
  const cookie = res.headers.get('set-cookie')?.split(';')[0];
  if (!cookie) throw new Error('no session cookie');
  return cookie;
}

/**
 * A TOTP code for the server's clock. The clock moves on a step first: each code is accepted once per
 * account, so two logins in a row need two time steps, as they would for a person.
 */
export function nextCode(secret: string, clock: TClock): string {
  clock.now += 30_000;
  return totpCode(secret, new Date(clock.now));
}

export const ADMIN_PASSWORD = 'violet kettle marching orbit';

/**
 * First run through the real API on a server in setup mode: the area, its organisation and the first
 * administrator, who enrols MFA. Returns the administrator's session and authenticator secret.
 */
export async function setUpArea(server: TTestServer, clock: TClock) {
  const token = server.app.services.instance.setupToken;
  if (!token) throw new Error('not in setup mode');
  const setup = await server.http(null, '/setup', {
    method: 'POST',
    body: {
      token,
      areaName: 'North Vale',
      areaCode: 'NV',
      organisationName: 'North Vale Mental Health Trust',
      organisationKind: 'nhs-trust',
      displayName: 'Ada Admin',
      username: 'ada',
      password: ADMIN_PASSWORD,
    },
  });
  const pending = cookieOf(setup);
  await expectJson(setup, 201);
  const { secret } = await expectJson<{ secret: string }>(
    await server.http(pending, '/session/mfa/enrolment', { method: 'POST' }),
  );
  const confirmed = await server.http(pending, '/session/mfa/enrolment/confirm', {
    method: 'POST',
    body: { code: nextCode(secret, clock) },
  });
  await expectJson(confirmed);
  // Becoming active renews the session's token.
  const cookie = cookieOf(confirmed);
  const { organisations } = await expectJson<{ organisations: { id: string }[] }>(
    await server.http(cookie, '/admin/organisations'),
  );
  return { cookie, secret, organisationId: organisations[0]?.id ?? '' };
}

/**
 * A real account made by the administrator and taken through its first login: temporary password,
 * a new password, MFA enrolment. Returns its active session, password and authenticator secret.
 */
export async function addAccount(
  server: TTestServer,
  clock: TClock,
  admin: { cookie: string; organisationId: string },
  fields: { username: string; role: TRole; displayName?: string },
) {
  const userId = crypto.randomUUID();
  const created = await expectJson<{ temporaryPassword: string }>(
    await server.http(admin.cookie, '/admin/users', {
      method: 'POST',
      body: {
        commandId: commandId(),
        userId,
        username: fields.username,
        displayName: fields.displayName ?? `Test ${fields.role}`,
        role: fields.role,
        organisationId: admin.organisationId,
      },
    }),
    201,
  );
  const password = `${fields.username} lantern harbour violet`;
  const login = await server.http(null, '/session', {
    method: 'POST',
    body: { username: fields.username, password: created.temporaryPassword },
  });
  const pending = cookieOf(login);
  const changed = await server.http(pending, '/session/password', { method: 'POST', body: { newPassword: password } });
  await expectJson(changed);
  let cookie = cookieOf(changed);
  let secret = '';
  if (fields.role !== 'board') {
    ({ secret } = await expectJson<{ secret: string }>(
      await server.http(cookie, '/session/mfa/enrolment', { method: 'POST' }),
    ));
    const confirmed = await server.http(cookie, '/session/mfa/enrolment/confirm', {
      method: 'POST',
      body: { code: nextCode(secret, clock) },
    });
    await expectJson(confirmed);
    cookie = cookieOf(confirmed);
  }
  return { userId, cookie, password, secret };
}

/** A 24/7 crisis café of the demo provider's organisation with four adult places, to register as a duty manager. */
export function aRegistration(overrides: Partial<TServiceRegisterRequest> = {}): TServiceRegisterRequest {
  return {
    commandId: commandId(),
    serviceId: crypto.randomUUID(),
    name: 'Harbour Lights Crisis Café',
    kind: 'A21',
    organisationId: DEMO_ORGANISATIONS.harbour.id,
    address: '2 Quay Street',
    coordinates: { lat: 52.41, lng: -1.51 },
    phone: '01632 960201',
    hours: { isAlwaysOpen: true, weekly: [], exceptions: [] },
    eligibility: {
      minAge: 18,
      maxAge: null,
      referralRoutes: ['walk-in'],
      acceptsS136: false,
      acceptsIntoxicated: false,
      excludesUrgentMedicalNeed: true,
      accessNotes: '',
    },
    places: { adult: 4, under18: 0 },
    ...overrides,
  };
}

/**
 * Registers ST1, the demo's street-triage car (the triage nurse and the police officer), as the duty
 * manager, and puts it on shift as the nurse. Returns its id.
 */
export async function streetTriageOnShift(manager: TTestSocket, nurse: TTestSocket): Promise<string> {
  const unitId = crypto.randomUUID();
  const acks = [
    await manager.emitWithAck('unit:register', {
      commandId: commandId(),
      unitId,
      callSign: 'ST1',
      kind: 'street-triage-car',
      organisationId: DEMO_ORGANISATIONS.trust.id,
      memberUserIds: ['demo-triage-clinician', 'demo-police-officer'],
    }),
    await nurse.emitWithAck('unit:set-shift', { commandId: commandId(), unitId, isOnShift: true }),
  ];
  for (const ack of acks) if (!ack.ok) throw new Error(`${ack.error.code}: ${ack.error.message}`);
  return unitId;
}

/** Waits until `check` holds (a socket event has arrived), failing after `timeoutMs`. */
export async function until(check: () => boolean, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** A command's answer, or the refusal thrown with its code. */
function acked(ack: TAck<TCommandResult>): TCommandResult {
  if (!ack.ok) throw new Error(`${ack.error.code}: ${ack.error.message}`);
  return ack.data;
}

/**
 * A police officer's s136 detention of `card` from a public place, decided at `decidedAt` (ISO), after
 * consulting a nurse; `changes` alters any part of it.
 */
export function s136Detention(
  card: { id: string; version: number },
  decidedAt: string,
  changes: Partial<TCommandPayload<'case:detain'>> = {},
): TCommandPayload<'case:detain'> {
  return {
    commandId: commandId(),
    caseId: card.id,
    expectedVersion: card.version,
    power: 's136',
    officer: { name: 'PC Dan Hollis', collarNumber: '4471' },
    decidedAt,
    place: 'public-place',
    consultation: { kind: 'consulted', profession: 'nurse', name: 'Tess Marlow' },
    keptAtPlaceOfSafety: false,
    ...changes,
  };
}

/** The person detained arrives at the chosen place at `at` (ISO), not yet taken in. */
export function arrivalAt(card: { id: string; version: number }, at: string): TCommandPayload<'case:record-arrival'> {
  return {
    commandId: commandId(),
    caseId: card.id,
    expectedVersion: card.version,
    arrivedOnSiteAt: at,
    enteredAt: null,
  };
}

/** An officer detains the person on a new card (police open cards too) at the clock's now. */
export async function detainedCard(server: TTestServer, clock: { now: number }, age: number | null) {
  const police = await server.consoleAs('police-officer');
  const person = {
    ...newCard().person,
    age: age === null ? ({ kind: 'unknown' } as const) : ({ kind: 'age', years: age } as const),
  };
  const created = acked(await police.socket.emitWithAck('case:create', newCard({ channel: 'police', person })));
  const detained = acked(
    await police.socket.emitWithAck('case:detain', s136Detention(created.card, new Date(clock.now).toISOString())),
  );
  return { police, card: detained.card };
}

/** A health-based place of safety, by ambulance, as most detentions go. */
export function chooseHealthPlace(
  police: Awaited<ReturnType<TTestServer['consoleAs']>>,
  card: { id: string; version: number },
  kind: 'health-based-suite' | 'emergency-department',
  name: string,
) {
  return police.socket.emitWithAck('case:choose-place-of-safety', {
    commandId: commandId(),
    caseId: card.id,
    expectedVersion: card.version,
    kind,
    name,
    transport: { mode: 'ambulance' },
    policeStation: null,
    ageStatement: null,
  });
}
