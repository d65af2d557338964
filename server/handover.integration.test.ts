import { describe, expect, it } from 'vitest';
import type { THandover, THandoverCommandResult } from '@shared/schemas/handover';
import { commandId, expectJson, serversOnAClock } from './test-support';

const { at } = serversOnAClock();

describe('shift handover (R-HANDOVER)', () => {
  it('R-HANDOVER: the day shift leaves a note; the night shift sees it live and acknowledges it by name, once', async () => {
    // 19:30 in England in December (UTC): the 08:00–20:00 shift.
    const clock = { now: Date.parse('2026-12-02T19:30:00Z') };
    const server = await at(clock);
    const day = await server.login('operator');
    const manager = await server.consoleAs('duty-manager');
    const signals: number[] = [];
    manager.socket.on('handover:changed', (m) => signals.push(m.seq));

    const first = await server.http(day, '/handover/note', {
      method: 'PUT',
      body: { commandId: commandId(), note: 'C-123 waiting for AMHP; ST2 off at 21:00.', expectedVersion: null },
    });
    const written = await expectJson<THandoverCommandResult>(first);
    expect(written.note).toMatchObject({
      shiftStart: '2026-12-02T08:00:00.000Z',
      shiftEnd: '2026-12-02T20:00:00.000Z',
      writtenBy: { name: 'Olu Adeyemi' },
      acknowledgedAt: null,
    });
    await expect.poll(() => signals.length).toBeGreaterThan(0);
    // A second write based on an old version is a conflict, and changes nothing.
    const stale = await server.http(day, '/handover/note', {
      method: 'PUT',
      body: { commandId: commandId(), note: 'Something else', expectedVersion: 5 },
    });
    expect(stale.status).toBe(409);

    // Too early: the night shift has not begun.
    const early = await server.http(
      manager.cookie,
      `/handover/notes/${encodeURIComponent(written.note.id)}/acknowledge`,
      {
        method: 'POST',
        body: { commandId: commandId() },
      },
    );
    expect(early.status).toBe(422);

    clock.now = Date.parse('2026-12-02T20:15:00Z');
    const handover = await expectJson<THandover>(await server.http(manager.cookie, '/handover'));
    expect(handover.shift.start).toBe('2026-12-02T20:00:00.000Z');
    expect(handover.notes.previous?.note).toBe('C-123 waiting for AMHP; ST2 off at 21:00.');
    expect(handover.notes.current).toBeNull();
    const ack = await server.http(
      manager.cookie,
      `/handover/notes/${encodeURIComponent(written.note.id)}/acknowledge`,
      {
        method: 'POST',
        body: { commandId: commandId() },
      },
    );
    expect((await expectJson<THandoverCommandResult>(ack)).note.acknowledgedBy?.name).toBe('Morgan Ellery');
    const again = await server.http(
      manager.cookie,
      `/handover/notes/${encodeURIComponent(written.note.id)}/acknowledge`,
      {
        method: 'POST',
        body: { commandId: commandId() },
      },
    );
    expect(again.status).toBe(422);
    expect(await again.json()).toMatchObject({ code: 'RULE_VIOLATION', ruleId: 'R-HANDOVER' });
  });

  it('R-HANDOVER, R-IG-MIN: the handover and its notes are the control room’s; police get 403 and nothing is written', async () => {
    const clock = { now: Date.parse('2026-12-02T19:30:00Z') };
    const server = await at(clock);
    const police = await server.login('police-officer');
    expect((await server.http(police, '/handover')).status).toBe(403);
    const write = await server.http(police, '/handover/note', {
      method: 'PUT',
      body: { commandId: commandId(), note: 'Not ours to write', expectedVersion: null },
    });
    expect(write.status).toBe(403);
    const operator = await server.login('operator');
    const empty = await server.http(operator, '/handover/note', {
      method: 'PUT',
      body: { commandId: commandId(), note: '   ', expectedVersion: null },
    });
    expect(empty.status).toBe(400);
    expect((await expectJson<THandover>(await server.http(operator, '/handover'))).notes.current).toBeNull();
  });
});
