import { describe, expect, it } from 'vitest';
import { aContext } from './test-fixtures';
import { decideAcknowledgeNote, decideWriteNote, evolveHandover, handoverNoteId } from './handover-notes';
import { previousShift, shiftAt } from './shifts';

describe('shifts (R-HANDOVER)', () => {
  it('R-HANDOVER: shifts change at 08:00 and 20:00 by the clock in England', () => {
    expect(shiftAt(new Date('2026-12-02T19:59:00Z'))).toEqual({
      start: '2026-12-02T08:00:00.000Z',
      end: '2026-12-02T20:00:00.000Z',
    });
    expect(shiftAt(new Date('2026-12-03T03:00:00Z'))).toEqual({
      start: '2026-12-02T20:00:00.000Z',
      end: '2026-12-03T08:00:00.000Z',
    });
    // Summer time: 08:00 in England is 07:00 UTC.
    expect(shiftAt(new Date('2026-07-01T07:30:00Z')).start).toBe('2026-07-01T07:00:00.000Z');
  });

  it('R-HANDOVER: the night the clocks go back is a 13-hour shift, the night they go forward 11', () => {
    const back = shiftAt(new Date('2026-10-25T03:00:00Z'));
    expect((Date.parse(back.end) - Date.parse(back.start)) / 3_600_000).toBe(13);
    const forward = shiftAt(new Date('2026-03-29T03:00:00Z'));
    expect((Date.parse(forward.end) - Date.parse(forward.start)) / 3_600_000).toBe(11);
  });

  it('the previous shift ends where this one starts', () => {
    const now = new Date('2026-12-02T21:00:00Z');
    expect(previousShift(now).end).toBe(shiftAt(now).start);
  });
});

describe('handover notes (R-HANDOVER)', () => {
  const shift = shiftAt(new Date('2026-12-02T19:00:00Z'));
  const id = handoverNoteId('kv', shift);
  const ctx = aContext();
  const apply = (
    note: ReturnType<typeof evolveHandover> | null,
    data: ReturnType<typeof decideWriteNote>,
    at: string,
  ) =>
    evolveHandover(note, {
      ...data,
      seq: 1,
      noteId: id,
      version: (note?.version ?? 0) + 1,
      at,
      actor: ctx.actor,
      commandId: 'c',
    });

  it('R-HANDOVER: a note is rewritten until the next shift acknowledges it, then kept as read', () => {
    const written = apply(null, decideWriteNote(null, { note: 'first' }, shift), '2026-12-02T19:00:00Z');
    const rewritten = apply(written, decideWriteNote(written, { note: 'second' }, shift), '2026-12-02T19:10:00Z');
    expect(rewritten).toMatchObject({ areaId: 'kv', note: 'second', version: 2, writtenAt: '2026-12-02T19:00:00Z' });
    expect(() => decideAcknowledgeNote(rewritten, new Date('2026-12-02T19:59:00Z'))).toThrow(/next shift/);
    const read = apply(
      rewritten,
      decideAcknowledgeNote(rewritten, new Date('2026-12-02T20:01:00Z')),
      '2026-12-02T20:01:00Z',
    );
    expect(read.acknowledgedBy?.name).toBe(ctx.actor.name);
    expect(() => decideWriteNote(read, { note: 'third' }, shift)).toThrow(/already acknowledged/);
    expect(() => decideAcknowledgeNote(read, new Date('2026-12-02T20:02:00Z'))).toThrow(/Already acknowledged/);
  });
});
