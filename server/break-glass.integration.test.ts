import { describe, expect, it } from 'vitest';
import { INFORMATION_SHARING_POLICY } from '@shared/config/information-sharing';
import type { TAck } from '@shared/errors';
import type { TCaseWithTimeline, TCommandResult } from '@shared/schemas/case';
import { commandId, newCard, serversOnAClock, waitForSeq } from './test-support';

const MIN = 60_000;
const servers = serversOnAClock();
const SECRET = 'Known to CMHT; threatened his neighbour with a knife last month';

const ok = (ack: TAck<TCommandResult>): TCommandResult => {
  if (!ack.ok) throw new Error(`${ack.error.code}: ${ack.error.message}`);
  return ack.data;
};

async function setUp() {
  const clock = { now: Date.parse('2026-12-02T02:00:00Z') };
  const server = await servers.at(clock);
  const operator = await server.consoleAs('operator');
  const police = await server.consoleAs('police-officer');
  const manager = await server.consoleAs('duty-manager');
  const card = ok(await operator.socket.emitWithAck('case:create', newCard({ presentingConcerns: SECRET }))).card;
  const read = async (cookie: string) =>
    (await (await server.http(cookie, `/cases/${card.id}`)).json()) as TCaseWithTimeline;
  return { clock, server, operator, police, manager, card, read };
}

describe('break-glass (R-IG-BREAKGLASS)', () => {
  it('R-IG-BREAKGLASS: an officer opens withheld details with a reason, for a limited time, and the duty manager is alerted at once', async () => {
    const { clock, server, police, manager, card, read } = await setUp();
    expect((await read(police.cookie)).card.presentingConcerns).toBeNull();

    const opened = ok(
      await police.socket.emitWithAck('case:break-glass', {
        commandId: commandId(),
        caseId: card.id,
        reason: 'He has barricaded himself in; need to know what he has threatened before',
      }),
    );
    // The ack and the officer's own read carry the clinical view while it lasts.
    expect(opened.card.presentingConcerns).toBe(SECRET);
    const during = await read(police.cookie);
    expect(during.card.presentingConcerns).toBe(SECRET);
    expect(during.card.withheld).toEqual([]);

    // The duty manager's console hears of it in the same change: a break-glass alert on the card.
    await waitForSeq(manager, opened.seq);
    const alert = manager.received.at(-1)?.card.alerts.find((a) => a.kind === 'break-glass');
    expect(alert?.message).toMatch(/PC Dan Hollis opened the withheld details .* barricaded/);
    // Live pushes to police consoles stay in the police view.
    expect(police.received.at(-1)?.card.presentingConcerns).toBeNull();

    // The access log says this read was under break-glass.
    const log = await server.app.services.store.accessLog.forCase(card.id);
    expect(log.map((r) => r.action)).toContain('break-glass-view');

    clock.now += INFORMATION_SHARING_POLICY.breakGlass.minutes * MIN + 1;
    expect((await read(police.cookie)).card.presentingConcerns).toBeNull();
  });

  it('R-IG-BREAKGLASS: a reason is required, clinical roles have nothing to open, and the officer cannot close the alert', async () => {
    const { police, operator, card } = await setUp();
    expect(
      await police.socket.emitWithAck('case:break-glass', { commandId: commandId(), caseId: card.id, reason: 'need' }),
    ).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect(
      await operator.socket.emitWithAck('case:break-glass', {
        commandId: commandId(),
        caseId: card.id,
        reason: 'Just curious what it says',
      }),
    ).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const opened = ok(
      await police.socket.emitWithAck('case:break-glass', {
        commandId: commandId(),
        caseId: card.id,
        reason: 'Person says he has taken something; need his history',
      }),
    );
    const alert = opened.card.alerts.find((a) => a.kind === 'break-glass');
    expect(
      await police.socket.emitWithAck('case:acknowledge-alert', {
        commandId: commandId(),
        caseId: card.id,
        alertId: alert?.id ?? '',
      }),
    ).toMatchObject({ ok: false, error: { code: 'RULE_VIOLATION', ruleId: 'R-IG-BREAKGLASS' } });
  });

  it('R-IG-BREAKGLASS: each use waits for a duty manager’s review, which closes its alert once', async () => {
    const { police, manager, card } = await setUp();
    const opened = ok(
      await police.socket.emitWithAck('case:break-glass', {
        commandId: commandId(),
        caseId: card.id,
        reason: 'Crew at the door; family say there are weapons in the house',
      }),
    );
    const useId = opened.card.breakGlass[0]?.id ?? '';
    const review = (by: typeof manager) =>
      by.socket.emitWithAck('case:review-break-glass', {
        commandId: commandId(),
        caseId: card.id,
        useId,
        finding: 'justified',
        note: 'Risk to attending officers; proportionate',
      });
    expect(await review(police)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const reviewed = ok(await review(manager)).card;
    expect(reviewed.breakGlass[0]?.review).toMatchObject({ finding: 'justified', by: { name: 'Morgan Ellery' } });
    expect(reviewed.alerts.find((a) => a.kind === 'break-glass')?.acknowledgedBy?.name).toBe('Morgan Ellery');
    expect(await review(manager)).toMatchObject({ ok: false, error: { code: 'RULE_VIOLATION' } });
  });
});
