import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TCaseEvent, TNewCaseEvent } from '@shared/rules/case-events';
import { evolve } from '@shared/rules/case-lifecycle';
import { aCreateRequest, aContext } from '@shared/rules/test-fixtures';
import type { TCaseCard } from '@shared/schemas/case';
import type { TExecuteRequest, TStore } from './repositories';
import { createSqliteStore } from './sqlite/sqlite-store';

/**
 * The contract every storage backend must pass. A PostgreSQL backend joins by adding its factory here.
 */
const BACKENDS: { name: string; open: (dir: string) => TStore }[] = [
  { name: 'sqlite file', open: (dir) => createSqliteStore(join(dir, 'contract.db')) },
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

function noteRequest(card: TCaseCard, commandId: string, text: string): TExecuteRequest {
  return {
    commandId,
    commandName: 'case:add-note',
    actorId: ctx.actor.id,
    caseId: card.id,
    decide: (current) => {
      if (!current) throw new Error('missing');
      const event: TNewCaseEvent = {
        type: 'case.note-added',
        data: { noteId: commandId, text, visibility: 'clinical' },
        caseId: card.id,
        version: current.version + 1,
        at: '2026-11-23T03:01:00.000Z',
        actor: ctx.actor,
        commandId,
      };
      return { events: [event], card: evolve(current, { ...event, seq: 0 } as TCaseEvent) };
    },
  };
}

const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

describe.each(BACKENDS)('store contract: $name', ({ open }) => {
  let dir: string;
  let store: TStore;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'concordat-contract-'));
    store = open(dir);
  });
  afterEach(() => {
    store.close();
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

  it('sessions are found until they expire, and expired ones are swept', async () => {
    await store.users.ensureArea({ id: AREA, name: 'Test' });
    await store.users.insert({
      id: 'u1',
      username: 'u1',
      displayName: 'U One',
      role: 'operator',
      organisation: 'Org',
      areaId: AREA,
      passwordHash: 'x',
    });
    await store.sessions.create({ tokenHash: 'h1', userId: 'u1', expiresAt: '2026-11-23T12:00:00.000Z' });
    expect((await store.sessions.findUser('h1', '2026-11-23T11:59:59.000Z'))?.username).toBe('u1');
    expect(await store.sessions.findUser('h1', '2026-11-23T12:00:00.000Z')).toBeNull();
    expect(await store.sessions.deleteExpired('2026-11-23T12:00:01.000Z')).toEqual(['h1']);
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
      { userId: 'u1', role: 'police-officer', action: 'view', at: '2026-11-23T03:00:00.000Z' },
    ]);
  });
});
