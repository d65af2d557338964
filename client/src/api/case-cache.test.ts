import { describe, expect, it } from 'vitest';
import { aCard } from '@shared/rules/test-fixtures';
import type { TCaseList, TTimelineEntry } from '@shared/schemas/case';
import { applyCardToList, applyChangeToDetail } from './case-cache';

const v = (version: number, summary = `v${version}`) => ({ ...aCard(), version, summary });
const entry = (seq: number): TTimelineEntry => ({
  seq,
  caseId: aCard().id,
  version: seq,
  type: 'case.updated',
  at: '2026-11-23T03:00:00Z',
  actor: { id: 'u', name: 'U', role: 'operator' },
  text: 'Updated',
  fields: ['summary'],
  commandId: `command-${seq}`,
});

describe('client cache convergence (SPEC S-10)', () => {
  it('S-10: a newer version replaces the card; an older or equal one is ignored', () => {
    const list = { headSeq: 5, cases: [v(3)] };
    expect(applyCardToList(list, v(4), 6)?.cases[0]?.summary).toBe('v4');
    expect(applyCardToList(list, v(2), 6)?.cases[0]?.summary).toBe('v3');
    expect(applyCardToList(list, v(3, 'dup'), 6)?.cases[0]?.summary).toBe('v3');
  });

  it('S-10: applying the same changes in any order, with duplicates, ends in the same state', () => {
    const start: TCaseList = { headSeq: 0, cases: [] };
    const forward = [v(1), v(2), v(3)].reduce<TCaseList | undefined>((l, c, i) => applyCardToList(l, c, i + 1), start);
    const shuffled = [v(3), v(1), v(3), v(2)].reduce<TCaseList | undefined>((l, c) => applyCardToList(l, c, 3), start);
    expect(shuffled).toEqual(forward);
  });

  it('S-10: a closed card leaves the queue', () => {
    const list = { headSeq: 1, cases: [v(1)] };
    expect(applyCardToList(list, { ...v(2), status: 'closed' }, 2)?.cases).toEqual([]);
  });

  it('S-10: a timeline entry is appended once, in sequence order', () => {
    const detail = { card: v(1), timeline: [entry(1)] };
    const once = applyChangeToDetail(detail, { card: v(3), entry: entry(3) });
    const twice = applyChangeToDetail(once, { card: v(3), entry: entry(3) });
    const late = applyChangeToDetail(twice, { card: v(2), entry: entry(2) });
    expect(late?.timeline.map((e) => e.seq)).toEqual([1, 2, 3]);
    expect(late?.card.version).toBe(3);
  });
});
