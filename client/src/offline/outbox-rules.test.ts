import { describe, expect, it } from 'vitest';
import type { TAppError } from '@shared/errors';
import type { TUnit } from '@shared/schemas/unit';
import {
  afterApplied,
  afterRefused,
  canDecide,
  classifyAck,
  describeEntry,
  discard,
  enqueue,
  needsDecision,
  replayBatch,
  notesNotSent,
  detentionStepsNotSent,
  sendAgain,
  streamOf,
  unitWithWaitingChanges,
  versionAfter,
  type TOutboxChange,
  type TOutboxEntry,
} from './outbox-rules';

const UNIT = '4d7c2a1e-9b3f-4e5d-8a6c-1f2e3d4c5b6a';
const CASE = '11111111-2222-4333-8444-555555555555';
const NURSE = 'user-tess';
const T0 = new Date('2026-11-23T20:00:00Z');
const at = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);

/** Applies a change the way the device store does, so each test reads as a sequence of events. */
function apply(entries: TOutboxEntry[], change: TOutboxChange): TOutboxEntry[] {
  const kept = entries.filter((e) => !change.remove.includes(e.order) && !change.put.some((p) => p.order === e.order));
  return [...kept, ...change.put].sort((a, b) => a.order - b.order);
}

let ids = 0;
function status(entries: TOutboxEntry[], to: TUnit['status'], expectedVersion: number, minute = 0, userId = NURSE) {
  const payload = { commandId: `cmd-${++ids}`, unitId: UNIT, status: to, expectedVersion };
  return apply(entries, enqueue(entries, { name: 'unit:set-status', payload, userId, now: at(minute) }));
}
function note(entries: TOutboxEntry[], text: string, minute = 0) {
  const payload = { commandId: `cmd-${++ids}`, caseId: CASE, text, visibility: 'clinical' };
  return apply(entries, enqueue(entries, { name: 'case:add-note', payload, userId: NURSE, now: at(minute) }));
}
const conflict: TAppError = { code: 'CONFLICT', message: 'The unit changed since you saw it' };

function aUnit(overrides: Partial<TUnit> = {}): TUnit {
  return {
    id: UNIT,
    areaId: 'kestrel-vale',
    version: 7,
    updatedAt: T0.toISOString(),
    callSign: 'ST1',
    kind: 'street-triage-car',
    organisationId: 'kv-mh-trust',
    members: [],
    isOnShift: true,
    status: 'en-route',
    statusSince: T0.toISOString(),
    location: null,
    assignment: {
      caseId: CASE,
      caseRef: 'KV-1',
      dispatchedAt: T0.toISOString(),
      dispatchedBy: 'Olu',
      acceptBy: at(3).toISOString(),
      acceptedAt: T0.toISOString(),
      escalatedAt: null,
    },
    sos: null,
    ...overrides,
  };
}

describe('outbox ordering and replay rules (SPEC S-25)', () => {
  it('S-25, S-30: changes are sent in the order they were made, across units and cards', () => {
    let box = status([], 'on-scene', 7, 1);
    box = note(box, 'Calm, agreed to talk', 2);
    box = status(box, 'conveying', 7, 3);
    expect(box.map((e) => e.order)).toEqual([1, 2, 3]);
    expect(replayBatch(box, NURSE)[0]?.order).toBe(1);
    box = apply(box, afterApplied(box, box[0]!, 8));
    expect(replayBatch(box, NURSE)[0]?.name).toBe('case:add-note');
  });

  it('S-25: a change made after another to the same unit is based on that change, not on a stale screen', () => {
    let box = status([], 'on-scene', 7);
    box = status(box, 'conveying', 7);
    expect(box.map((e) => e.followsPrevious)).toEqual([false, true]);
    // The first is applied and the unit is now at version 8: the second is sent as based on version 8.
    box = apply(box, afterApplied(box, box[0]!, 8));
    expect(box).toHaveLength(1);
    expect(box[0]).toMatchObject({ followsPrevious: false, payload: { status: 'conveying', expectedVersion: 8 } });
  });

  it('S-25: the person logged in sends only their own changes', () => {
    const box = status([], 'on-scene', 7, 0, 'user-other');
    expect(replayBatch(box, NURSE)).toEqual([]);
    expect(replayBatch(box, 'user-other')[0]?.order).toBe(1);
  });

  it('S-25: a refused change stays with its reason, and later changes to the same unit wait with it', () => {
    let box = status([], 'on-scene', 7);
    box = note(box, 'Asked for a place of safety');
    box = status(box, 'conveying', 7);
    box = apply(box, afterRefused(box, box[0]!, conflict));
    expect(box.map((e) => e.state)).toEqual(['refused', 'waiting', 'held']);
    expect(box[0]?.refusal).toEqual(conflict);
    // The note is about the card, not the unit: it still goes.
    expect(replayBatch(box, NURSE)[0]?.name).toBe('case:add-note');
    expect(needsDecision(box, NURSE).map((e) => e.order)).toEqual([1, 3]);
  });

  it('S-25: nothing is dropped without the person: waiting changes cannot be discarded', () => {
    const box = status([], 'on-scene', 7);
    expect(discard(box[0]!)).toEqual({ put: [], remove: [] });
    expect(sendAgain(box, box[0]!, { commandId: 'x', currentVersion: 9, now: at(5) })).toEqual({ put: [], remove: [] });
  });

  it('S-25: on each unit or card the oldest refused change is decided first', () => {
    let box = status([], 'on-scene', 7);
    box = status(box, 'conveying', 7);
    box = apply(box, afterRefused(box, box[0]!, conflict));
    expect(canDecide(box, box[0]!)).toBe(true);
    expect(canDecide(box, box[1]!)).toBe(false);
    box = apply(box, discard(box[0]!));
    expect(canDecide(box, box[0]!)).toBe(true);
  });

  it('S-25: "send again" is a new change on top of the current version, at the back of the queue', () => {
    let box = status([], 'on-scene', 7);
    box = note(box, 'Still talking');
    box = apply(box, afterRefused(box, box[0]!, conflict));
    box = apply(box, sendAgain(box, box[0]!, { commandId: 'fresh', currentVersion: 9, now: at(10) }));
    expect(box.map((e) => [e.order, e.name, e.state])).toEqual([
      [2, 'case:add-note', 'waiting'],
      [3, 'unit:set-status', 'waiting'],
    ]);
    expect(box[1]?.payload).toMatchObject({ commandId: 'fresh', expectedVersion: 9 });
    expect(box[1]?.createdAt).toBe(at(10).toISOString());
  });

  it('S-25: a held change sent again follows the one sent again before it', () => {
    let box = status([], 'on-scene', 7);
    box = status(box, 'conveying', 7);
    box = apply(box, afterRefused(box, box[0]!, conflict));
    box = apply(box, sendAgain(box, box[0]!, { commandId: 'again-1', currentVersion: 9, now: at(10) }));
    const held = box.find((e) => e.state === 'held')!;
    box = apply(box, sendAgain(box, held, { commandId: 'again-2', currentVersion: 9, now: at(10) }));
    expect(box.map((e) => [e.payload.status, e.followsPrevious])).toEqual([
      ['on-scene', false],
      ['conveying', true],
    ]);
    box = apply(box, afterApplied(box, box[0]!, 10));
    expect(box[0]?.payload).toMatchObject({ commandId: 'again-2', expectedVersion: 10 });
  });

  it('S-25: a busy server is asked again; every other refusal is the person’s to decide', () => {
    expect(classifyAck({ ok: true, data: {} })).toBe('applied');
    expect(classifyAck({ ok: false, error: { code: 'RATE_LIMITED', message: 'Slow down' } })).toBe('retry');
    expect(classifyAck({ ok: false, error: { code: 'UNAUTHENTICATED', message: 'Log in' } })).toBe('retry');
    for (const code of ['CONFLICT', 'RULE_VIOLATION', 'FORBIDDEN', 'NOT_FOUND', 'VALIDATION', 'INTERNAL'] as const) {
      expect(classifyAck({ ok: false, error: { code, message: code } })).toBe('refused');
    }
  });

  it('S-25: the tablet shows the crew’s waiting changes on top of the server’s unit', () => {
    let box = status([], 'on-scene', 7, 2);
    box = status(box, 'conveying', 7, 9);
    const shown = unitWithWaitingChanges(aUnit(), box);
    expect(shown).toMatchObject({ status: 'conveying', statusSince: at(9).toISOString(), version: 7 });
    // A refused change is not shown as if it had happened.
    box = apply(box, afterRefused(box, box[0]!, conflict));
    expect(unitWithWaitingChanges(aUnit(), box).status).toBe('en-route');
  });

  it('S-25: "Clear" and a decline leave the job on the tablet at once', () => {
    const box = status([], 'available', 7);
    expect(unitWithWaitingChanges(aUnit(), box)).toMatchObject({ status: 'available', assignment: null });
  });

  it('S-25: a note shows as not sent until the timeline holds its commandId, never twice', () => {
    let box = note([], 'First');
    box = note(box, 'Second');
    box = status(box, 'on-scene', 7);
    expect(notesNotSent(box, CASE, NURSE, new Set()).map((e) => e.payload.text)).toEqual(['Second', 'First']);
    const arrived = new Set([box[0]!.payload.commandId]);
    expect(notesNotSent(box, CASE, NURSE, arrived).map((e) => e.payload.text)).toEqual(['Second']);
    expect(notesNotSent(box, CASE, 'user-other', new Set())).toEqual([]);
  });

  it('S-25: lists the detention steps kept for a card, oldest first, so the next step can follow a kept arrival', () => {
    let box = note([], 'Arrived at the custody suite');
    const step = (name: 'case:record-arrival' | 'case:record-welfare-check', payload: Record<string, unknown>) =>
      (box = apply(
        box,
        enqueue(box, {
          name,
          payload: { commandId: `cmd-${++ids}`, caseId: CASE, ...payload },
          userId: NURSE,
          now: at(1),
        }),
      ));
    step('case:record-arrival', { expectedVersion: 4, arrivedOnSiteAt: at(1).toISOString(), enteredAt: null });
    step('case:record-welfare-check', { at: at(20).toISOString(), by: 'Nurse Okafor' });
    box = status(box, 'on-scene', 7);
    expect(detentionStepsNotSent(box, CASE).map((e) => e.name)).toEqual([
      'case:record-arrival',
      'case:record-welfare-check',
    ]);
    expect(detentionStepsNotSent(box, 'another-case')).toEqual([]);
  });

  it('describes each change in words the crew recognise', () => {
    const box = note(status([], 'on-scene', 7), 'x'.repeat(100));
    expect(describeEntry(box[0]!)).toBe('Status: On scene');
    expect(describeEntry(box[1]!)).toMatch(/^Note: “x{79}…”$/);
  });
});

describe('more of the job kept offline (S-25, S-30)', () => {
  it('S-25: a hold is its service’s stream, a location its unit’s, an MHA step its card’s; each answer gives the version', () => {
    expect(streamOf('hold:place', { serviceId: 's1', caseId: CASE })).toBe('service:s1');
    expect(streamOf('unit:set-location', { unitId: UNIT })).toBe(`unit:${UNIT}`);
    expect(streamOf('case:record-arrival', { caseId: CASE })).toBe(`case:${CASE}`);
    expect(versionAfter({ service: { version: 12 } } as never)).toBe(12);
    expect(versionAfter({ unit: { version: 4 } } as never)).toBe(4);
    expect(versionAfter({ card: { version: 9 } } as never)).toBe(9);
  });
});
