import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { TAck } from '@shared/errors';
import type { TOutboxReplayRequest } from '@shared/protocol';
import { replayOutbox } from './replay-outbox';

type TEntry = TOutboxReplayRequest['entries'][number];

/**
 * A crew's kept changes over two units and a card, as the tablet keeps them: a status carries the
 * version its screen showed; one made after another waiting change to the same stream follows it.
 */
const STREAMS = ['unit:a', 'unit:b', 'case:c'] as const;
const anOutbox = fc.array(fc.record({ stream: fc.constantFrom(...STREAMS), isRefused: fc.boolean() }), {
  minLength: 1,
  maxLength: 30,
});

function kept(changes: { stream: string; isRefused: boolean }[]): { entries: TEntry[]; refuse: Set<number> } {
  const seen = new Set<string>();
  const refuse = new Set<number>();
  const entries = changes.map(({ stream, isRefused }, i): TEntry => {
    const followsPrevious = seen.has(stream);
    seen.add(stream);
    if (isRefused) refuse.add(i);
    const [kind, id] = stream.split(':') as [string, string];
    return kind === 'unit'
      ? { name: 'unit:set-status', payload: { unitId: id, expectedVersion: 1, tag: i }, followsPrevious }
      : { name: 'case:add-note', payload: { caseId: id, tag: i }, followsPrevious };
  });
  return { entries, refuse };
}

/** A server that checks versions like the real one and refuses the changes it is told to. */
function aServer(refuse: Set<number>) {
  const versions = new Map<string, number>(STREAMS.map((s) => [s, 1]));
  const applied: { stream: string; tag: number }[] = [];
  const run = async (name: string, payload: unknown): Promise<TAck<never>> => {
    const p = payload as { unitId?: string; caseId?: string; expectedVersion?: number; tag: number };
    const stream = p.unitId ? `unit:${p.unitId}` : `case:${p.caseId}`;
    const version = versions.get(stream) ?? 1;
    // Answers arrive after random delays: the replay must still keep each stream's order.
    await new Promise((r) => setTimeout(r, Math.random() * 2));
    if (refuse.has(p.tag)) return { ok: false, error: { code: 'RULE_VIOLATION', message: 'no' } };
    if (p.expectedVersion !== undefined && p.expectedVersion !== version) {
      return { ok: false, error: { code: 'CONFLICT', message: 'stale' } };
    }
    versions.set(stream, version + 1);
    applied.push({ stream, tag: p.tag });
    const seq = applied.length;
    const result = name.startsWith('unit:')
      ? { unit: { version: version + 1 }, seq }
      : { card: { version: version + 1 }, seq };
    return { ok: true, data: result as never };
  };
  return { run, applied };
}

describe('replaying kept changes in one round trip (SPEC S-30)', () => {
  it('S-30: each stream’s changes apply in the order made, chained on the version before, and none after a refusal', async () => {
    await fc.assert(
      fc.asyncProperty(anOutbox, async (changes) => {
        const { entries, refuse } = kept(changes);
        const server = aServer(refuse);
        const { results } = await replayOutbox(entries, () => null, server.run);
        expect(results).toHaveLength(entries.length);
        for (const stream of STREAMS) {
          const mine = entries
            .map((e, i) => ({ e, i }))
            .filter(({ e }) => `${e.name.split(':')[0]}:${String(e.payload.unitId ?? e.payload.caseId)}` === stream);
          const firstRefused = mine.find(({ i }) => refuse.has(i));
          const expected = mine.filter(({ i }) => !firstRefused || i < firstRefused.i).map(({ i }) => i);
          // Applied: exactly the changes before the first refusal, in order — no stale-version conflicts.
          expect(server.applied.filter((a) => a.stream === stream).map((a) => a.tag)).toEqual(expected);
          // Not tried: everything after the refusal, for the crew to decide.
          for (const { i } of mine) {
            if (firstRefused && i > firstRefused.i) expect(results[i]).toBeNull();
            else expect(results[i]).not.toBeNull();
          }
        }
      }),
      { numRuns: 150 },
    );
  });

  it('S-30: a refusal by the rate limit stops the rest, which stay kept for the next replay', async () => {
    const { entries } = kept(STREAMS.map((stream) => ({ stream, isRefused: false })));
    const server = aServer(new Set());
    let tokens = 1;
    const { results } = await replayOutbox(
      entries,
      () => (tokens-- > 0 ? null : { code: 'RATE_LIMITED', message: 'slow down' }),
      server.run,
    );
    expect(results.map((r) => (r === null ? null : r.ok))).toEqual([true, false, null]);
    expect(server.applied).toHaveLength(1);
  });

  it('S-30: a change the server already had (its answer was lost) is not chained on: the next meets any change made since as a conflict', async () => {
    const { entries } = kept([
      { stream: 'unit:a', isRefused: false },
      { stream: 'unit:a', isRefused: false },
    ]);
    // The first was applied by an earlier send (seq 5); someone else has moved the unit on since.
    const run = (_name: string, payload: unknown): Promise<TAck<never>> => {
      const p = payload as { tag: number; expectedVersion: number };
      if (p.tag === 0) return Promise.resolve({ ok: true, data: { unit: { version: 3 }, seq: 5 } as never });
      return Promise.resolve(
        p.expectedVersion === 3
          ? { ok: true, data: { unit: { version: 4 }, seq: 9 } as never }
          : { ok: false, error: { code: 'CONFLICT', message: 'changed since' } },
      );
    };
    const { results } = await replayOutbox(entries, () => null, run, 8);
    expect(results.map((r) => (r === null ? null : r.ok))).toEqual([true, false]);
  });
});
