import { gzipSync } from 'node:zlib';
import Database from 'better-sqlite3';
import fc from 'fast-check';
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { TAck } from '@shared/errors';
import {
  ADMIN_COMMAND_SCHEMAS,
  COMMAND_SCHEMAS,
  SERVICE_COMMAND_SCHEMAS,
  UNIT_COMMAND_SCHEMAS,
} from '@shared/protocol';
import { buildOpenApiDocument } from '../http/openapi';
import { DEMO_ORGANISATIONS } from '../demo/demo-organisations';
import { commandId, newCard, startTestServer, type TTestServer, type TTestSocket } from '../test-support';
import { payloadFor, type TJsonSchema, type TSchemaContext } from './schema-arbitrary';

/**
 * Property-based fuzzing of every command schema and every HTTP route against the real server on a real
 * SQLite file (L-7): arbitrary and near-valid payloads, wrong types, huge strings, odd content types,
 * charsets and encodings. Whatever is sent: never a 500 (or an INTERNAL ack), the server keeps answering,
 * and a refusal leaves the event log and every projection exactly as they were.
 *
 * Fixed seed by default, printed; CONCORDAT_FUZZ_SEED picks another, CONCORDAT_FUZZ_SCALE runs more.
 */
const SEED = Number(process.env.CONCORDAT_FUZZ_SEED ?? 20_261_202);
const SCALE = Math.max(1, Number(process.env.CONCORDAT_FUZZ_SCALE ?? 1));
const HTTP_RUNS = 20 * SCALE;
const SOCKET_RUNS = 30 * SCALE;

const ROLES = ['operator', 'duty-manager', 'police-officer', 'admin', 'provider', 'triage-clinician'] as const;
type TFuzzRole = (typeof ROLES)[number];

let server: TTestServer;
let db: Database.Database;
const cookies = new Map<TFuzzRole, string>();
const sockets = new Map<TFuzzRole, TTestSocket>();
const ids: string[] = [];
const idsByField: Record<string, string[]> = { caseId: [], serviceId: [], holdId: [], unitId: [] };
const found: string[] = [];
/** How much was sent and how much of it was applied: near-valid input should often get through. */
const tally = { http: 0, httpApplied: 0, socket: 0, socketApplied: 0 };
const codes: Record<string, number> = {};

/** What a refusal must leave untouched: the head of the log and every projection, row for row. */
function fingerprint(): string {
  const head = db.prepare('SELECT max(seq) AS seq, count(*) AS n FROM events').get();
  const tables = ['commands', 'cases', 'services', 'units', 'users', 'organisations', 'areas', 'credentials'];
  return JSON.stringify([head, ...tables.map((t) => db.prepare(`SELECT * FROM ${t} ORDER BY rowid`).all())]);
}

/**
 * A session for a role, logged in again if the fuzzing ended it (DELETE /session is a route too). The
 * login steps are fuzzed as well, and wrong unlock passwords count against the account as they should:
 * once it is limited the role's requests go without a session, which is fuzzing too.
 */
async function cookieFor(role: TFuzzRole): Promise<string | null> {
  const known = cookies.get(role);
  if (known && (await server.http(known, '/session')).status === 200) return known;
  const cookie = await server.login(role).catch(() => null);
  if (cookie) cookies.set(role, cookie);
  return cookie;
}

async function socketFor(role: TFuzzRole): Promise<TTestSocket> {
  const known = sockets.get(role);
  if (known?.connected) return known;
  known?.disconnect();
  const socket = await server.connect(await cookieFor(role));
  sockets.set(role, socket);
  return socket;
}

/** Each property gets its own seed from the one printed, so no two generate the same commandIds. */
const seedFor = (name: string) => [...name].reduce((h, c) => (h * 31 + c.charCodeAt(0)) | 0, SEED);

const seedLine = `fuzz seed ${SEED} (CONCORDAT_FUZZ_SEED), scale ×${SCALE} (CONCORDAT_FUZZ_SCALE)`;

beforeAll(async () => {
  console.log(seedLine);
  // A fixed clock: the jobs find nothing new to do, so any change to the database is the request's.
  const fixed = new Date('2026-12-02T09:00:00Z');
  server = await startTestServer({ now: () => fixed });
  db = new Database(server.databasePath, { readonly: true, fileMustExist: true });
  const operator = await socketFor('operator');
  const manager = await socketFor('duty-manager');
  for (let i = 0; i < 2; i++) {
    const created = await operator.emitWithAck('case:create', newCard());
    if (created.ok) idsByField.caseId?.push(created.data.card.id);
  }
  const serviceId = crypto.randomUUID();
  const registered = await manager.emitWithAck('service:register', {
    commandId: commandId(),
    serviceId,
    name: 'Fuzz House',
    kind: 'A21',
    organisationId: DEMO_ORGANISATIONS.harbour.id,
    address: '1 Fuzz Road',
    coordinates: null,
    phone: '01632 960000',
    hours: { isAlwaysOpen: true, weekly: [], exceptions: [] },
    eligibility: {
      minAge: 18,
      maxAge: null,
      referralRoutes: ['walk-in'],
      acceptsS136: true,
      acceptsIntoxicated: false,
      excludesUrgentMedicalNeed: true,
      accessNotes: '',
    },
    places: { adult: 3, under18: 1 },
  });
  if (registered.ok) idsByField.serviceId?.push(serviceId);
  const holdId = crypto.randomUUID();
  const held = await operator.emitWithAck('hold:place', {
    commandId: commandId(),
    serviceId,
    holdId,
    caseId: idsByField.caseId?.[0] ?? '',
    category: 'adult',
    note: '',
  } as never);
  if (held.ok) idsByField.holdId?.push(holdId);
  const unitId = crypto.randomUUID();
  const unit = await manager.emitWithAck('unit:register', {
    commandId: commandId(),
    unitId,
    callSign: 'FZ1',
    kind: 'street-triage-car',
    organisationId: 'kv-mh-trust',
    memberUserIds: ['demo-triage-clinician'],
  });
  if (unit.ok) idsByField.unitId?.push(unitId);
  ids.push(...Object.values(idsByField).flat());
  expect(ids.length).toBe(5);
});

afterAll(async () => {
  db.close();
  await server.close();
  console.log(
    `fuzz: ${tally.http} HTTP requests (${tally.httpApplied} answered 2xx), ${tally.socket} socket commands (${tally.socketApplied} applied)`,
  );
  console.log(`fuzz: socket refusals by code ${JSON.stringify(codes)}`);
  if (found.length > 0) console.log(`fuzz findings:\n${found.join('\n')}`);
});

/** JSON Schemas from zod for the socket commands; $defs resolve within each. */
function commandSchema(schema: z.ZodType): { schema: TJsonSchema; ctx: TSchemaContext } {
  const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as TJsonSchema & {
    $defs?: Record<string, TJsonSchema>;
  };
  return {
    schema: json,
    ctx: { ids, idsByField, resolve: (ref) => json.$defs?.[ref.split('/').pop() ?? ''] ?? {} },
  };
}

const SOCKET_COMMANDS: [string, z.ZodType][] = [
  ...Object.entries(COMMAND_SCHEMAS),
  ...Object.entries(SERVICE_COMMAND_SCHEMAS),
  ...Object.entries(UNIT_COMMAND_SCHEMAS),
];

describe('fuzzing every socket command (L-7)', () => {
  it.each(SOCKET_COMMANDS)('L-7: %s — never INTERNAL, and a refusal writes nothing', async (name, schema) => {
    const { schema: json, ctx } = commandSchema(schema);
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...ROLES), payloadFor(json, ctx), async (role, payload) => {
        const socket = await socketFor(role);
        const before = fingerprint();
        const ack = (await (socket as unknown as Socket).timeout(10_000).emitWithAck(name, payload)) as TAck<unknown>;
        tally.socket++;
        if (ack.ok) tally.socketApplied++;
        else codes[`${ack.error.code}`] = (codes[`${ack.error.code}`] ?? 0) + 1;
        if (!ack.ok) {
          if (ack.error.code === 'INTERNAL') found.push(`${name} as ${role}: INTERNAL`);
          expect(ack.error.code).not.toBe('INTERNAL');
          expect(fingerprint()).toBe(before);
        }
      }),
      { seed: seedFor(name), numRuns: SOCKET_RUNS, endOnFailure: true },
    );
  });

  it('L-7: administration commands, unknown events, resync and presence with anything at all are ignored or refused, never fatal', async () => {
    const events = [...Object.keys(ADMIN_COMMAND_SCHEMAS), 'sync:since', 'presence:view', 'session:active', 'nope'];
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...ROLES),
        fc.constantFrom(...events),
        fc.array(fc.anything({ maxDepth: 2 }), { maxLength: 3 }),
        async (role, event, args) => {
          const socket = await socketFor(role);
          const before = fingerprint();
          (socket.emit as (event: string, ...args: unknown[]) => void)(event, ...args);
          if (event === 'sync:since') {
            const ack = (await socket.timeout(10_000).emitWithAck('sync:since', args[0] as never)) as TAck<unknown>;
            if (!ack.ok) expect(ack.error.code).not.toBe('INTERNAL');
          }
          expect(fingerprint()).toBe(before);
        },
      ),
      { seed: seedFor('events'), numRuns: 100 * SCALE, endOnFailure: true },
    );
    expect((await fetch(`${server.app.url}/readyz`)).status).toBe(200);
  });
});

/** Every operation in the OpenAPI document: method, path template, path parameters, body schema. */
const openApi = buildOpenApiDocument() as unknown as {
  paths: Record<
    string,
    Record<
      string,
      {
        parameters?: { in: string; name: string }[];
        requestBody?: { content?: Record<string, { schema?: TJsonSchema }> };
      }
    >
  >;
  components?: { schemas?: Record<string, TJsonSchema> };
};
const OPERATIONS = Object.entries(openApi.paths).flatMap(([path, methods]) =>
  Object.entries(methods).map(([method, op]) => ({
    label: `${method.toUpperCase()} ${path}`,
    method: method.toUpperCase(),
    path: path.replace(/^\/api\/v1/, ''),
    params: (op.parameters ?? []).filter((p) => p.in === 'path').map((p) => p.name),
    body: op.requestBody?.content?.['application/json']?.schema ?? null,
  })),
);
const httpCtx: TSchemaContext = {
  ids,
  idsByField,
  resolve: (ref) => openApi.components?.schemas?.[ref.split('/').pop() ?? ''] ?? {},
};

/** How the body is sent: mostly as a browser would, sometimes in a form the API does not read. */
const ENCODINGS = ['json', 'json', 'json', 'json', 'json-utf8', 'gzip', 'bad-utf8', 'text', 'form', 'utf16', 'none'];

function encode(kind: string, payload: unknown): { headers: Record<string, string>; body?: Uint8Array | string } {
  const json = JSON.stringify(payload) ?? 'null';
  switch (kind) {
    case 'json-utf8':
      return { headers: { 'content-type': 'application/json; charset=UTF-8' }, body: json };
    case 'gzip':
      return { headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' }, body: gzipSync(json) };
    case 'bad-utf8':
      return {
        headers: { 'content-type': 'application/json' },
        body: Buffer.concat([
          Buffer.from(json.slice(0, Math.max(1, json.length - 1))),
          Buffer.from([0xc3, 0x28, 0x7d]),
        ]),
      };
    case 'text':
      return { headers: { 'content-type': 'text/plain' }, body: json };
    case 'form':
      return {
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: `a=${encodeURIComponent(json)}`,
      };
    case 'utf16':
      return { headers: { 'content-type': 'application/json; charset=utf-16le' }, body: Buffer.from(json, 'utf16le') };
    case 'none':
      return { headers: {} };
    default:
      return { headers: { 'content-type': 'application/json' }, body: json };
  }
}

/** Path parameters: real ids most of the time, otherwise uuids and strings a router might choke on. */
const pathParam = fc.oneof(
  {
    weight: 4,
    arbitrary: fc
      .constantFrom(...[0, 1, 2, 3, 4].map((i) => () => ids[i % Math.max(1, ids.length)] ?? 'x'))
      .map((f) => f()),
  },
  { weight: 1, arbitrary: fc.uuid() },
  {
    weight: 2,
    arbitrary: fc.constantFrom('%', '%E0%A4%A', '..', '%2e%2e', '%00', 'a'.repeat(5000), '😀', '%F0%9F%98', ' ', '%2F'),
  },
  { weight: 1, arbitrary: fc.string({ maxLength: 30 }).map(encodeURIComponent) },
);
const query = fc.option(
  fc
    .array(
      fc.tuple(
        fc.constantFrom('after', 'range', 'before', 'awaiting', 'from', 'to', 'x'),
        fc.oneof(
          fc.constantFrom('-1', '1.5', '24h', '7d', '2026-13-45', 'assessment', '99999999999999999999'),
          fc.string({ maxLength: 10 }),
        ),
      ),
      { maxLength: 3 },
    )
    .map((pairs) => `?${pairs.map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('&')}`),
  { nil: '' },
);

describe('fuzzing every HTTP route (L-7)', () => {
  it.each(OPERATIONS.map((o) => [o.label, o] as const))(
    'L-7: %s — never a 500, and a refusal writes nothing',
    async (_label, op) => {
      const body = op.body ? payloadFor(op.body, httpCtx) : fc.anything({ maxDepth: 2 });
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom<TFuzzRole | null>(...ROLES, null),
          fc.array(pathParam, { minLength: op.params.length, maxLength: op.params.length }),
          query,
          fc.constantFrom(...ENCODINGS),
          body,
          async (role, params, search, encoding, payload) => {
            let path = op.path;
            op.params.forEach((name, i) => {
              path = path.replace(`{${name}}`, params[i] ?? '');
            });
            const cookie = role ? await cookieFor(role) : null;
            const isWrite = op.method !== 'GET' && op.method !== 'HEAD';
            const { headers, body: sent } = isWrite ? encode(encoding, payload) : { headers: {}, body: undefined };
            const before = fingerprint();
            const res = await fetch(`${server.app.url}/api/v1${path}${search}`, {
              method: op.method,
              headers: { origin: server.origin, ...(cookie ? { cookie } : {}), ...headers },
              ...(sent === undefined ? {} : { body: typeof sent === 'string' ? sent : new Uint8Array(sent) }),
            });
            const text = await res.text();
            tally.http++;
            if (res.status < 300) tally.httpApplied++;
            if (res.status >= 500)
              found.push(`${op.label} as ${role ?? 'nobody'} (${encoding}): ${res.status} ${text}`);
            expect(res.status).toBeLessThan(500);
            if (res.status >= 400) {
              expect(JSON.parse(text)).toHaveProperty('code');
              expect(fingerprint()).toBe(before);
            }
          },
        ),
        { seed: seedFor(op.label), numRuns: HTTP_RUNS, endOnFailure: true },
      );
    },
  );

  it('L-7: after all of it the server is ready and still applies an ordinary change', async () => {
    expect((await fetch(`${server.app.url}/readyz`)).status).toBe(200);
    const operator = await socketFor('operator');
    expect((await operator.emitWithAck('case:create', newCard())).ok).toBe(true);
  });
});
