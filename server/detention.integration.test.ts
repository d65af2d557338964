import { describe, expect, it } from 'vitest';
import type { TAck } from '@shared/errors';
import { ALERT_RULES } from '@shared/config/alert-rules';
import type { TCommandResult, TDetentionList } from '@shared/schemas/case';
import { escalateUnacknowledgedAlerts } from './jobs/alert-escalation';
import { raiseDueAlerts } from './jobs/detention-alerts';
import {
  arrivalAt,
  chooseHealthPlace,
  commandId,
  detainedCard,
  newCard,
  s136Detention,
  serversOnAClock,
  waitForSeq,
} from './test-support';

const MIN = 60_000;
const servers = serversOnAClock();
const serverAt = servers.at;

const ok = (ack: TAck<TCommandResult>): TCommandResult => {
  if (!ack.ok) throw new Error(`${ack.error.code}: ${ack.error.message}`);
  return ack.data;
};

const AUTHORITY = {
  imminentRiskOfSeriousInjuryOrDeath: true,
  noOtherPlaceCanReasonablyDetain: true,
  healthcareProfessionalWillBePresent: true,
  healthProfessionalConsulted: 'yes' as const,
  authorisingOfficer: { name: 'Insp. Rowe', rank: 'inspector' as const },
  arrestedForSubstantiveOffence: false,
};

describe('Mental Health Act detentions on the server', () => {
  it('R-POS-CHILD: a police station for a 17-year-old is refused by the server, even with the client bypassed', async () => {
    const clock = { now: Date.parse('2026-11-23T01:00:00Z') };
    const server = await serverAt(clock);
    const manager = await server.consoleAs('duty-manager');
    const { police, card } = await detainedCard(server, clock, 17);
    await waitForSeq(manager, card.version);
    const before = await server.app.services.store.cases.headSeq();

    const ack = await police.socket.emitWithAck('case:choose-place-of-safety', {
      commandId: commandId(),
      caseId: card.id,
      expectedVersion: card.version,
      kind: 'police-station',
      name: 'Kestrel Vale custody',
      transport: { mode: 'police-vehicle', reason: 'no-ambulance-within-30-min' },
      policeStation: AUTHORITY,
      ageStatement: '18-or-over',
    });

    expect(ack).toMatchObject({ ok: false, error: { code: 'RULE_VIOLATION', ruleId: 'R-POS-CHILD' } });
    expect(await server.app.services.store.cases.headSeq()).toBe(before);
    expect((await server.app.services.store.cases.get(card.id))?.detention?.places).toEqual([]);
    expect(manager.received.some((m) => m.entry.type === 'case.place-of-safety-chosen')).toBe(false);
  });

  it('R-S136-POWER: only a police officer can record a detention', async () => {
    const clock = { now: Date.parse('2026-11-23T01:00:00Z') };
    const server = await serverAt(clock);
    const operator = await server.consoleAs('operator');
    const { card } = ok(await operator.socket.emitWithAck('case:create', newCard()));
    const ack = await operator.socket.emitWithAck(
      'case:detain',
      s136Detention(card, new Date(clock.now).toISOString(), {
        officer: { name: 'Not an officer', collarNumber: '' },
        consultation: { kind: 'not-practicable', reason: 'Testing the role policy' },
      }),
    );
    expect(ack).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });

  it('R-S136-EXT: an extension asked for after expiry is refused, with the reason', async () => {
    const clock = { now: Date.parse('2026-11-23T01:00:00Z') };
    const server = await serverAt(clock);
    const { police, card } = await detainedCard(server, clock, 30);
    const clinician = await server.consoleAs('triage-clinician');
    let c = ok(await chooseHealthPlace(police, card, 'health-based-suite', 'Willowbank s136 suite')).card;
    clock.now += 30 * MIN;
    c = ok(
      await police.socket.emitWithAck('case:record-arrival', arrivalAt(c, new Date(clock.now).toISOString())),
    ).card;
    clock.now += 2 * 60 * MIN;
    c = ok(
      await clinician.socket.emitWithAck('case:record-assessment', {
        commandId: commandId(),
        caseId: c.id,
        expectedVersion: c.version,
        assessment: {
          kind: 'doctor',
          at: new Date(clock.now).toISOString(),
          doctorName: 'Dr Okoro',
          isS12Approved: true,
          whyNotS12: '',
        },
      }),
    ).card;
    clock.now += 18 * 60 * MIN;
    // A new shift: the earlier 12-hour session has ended, so the night clinician logs in.
    const nightClinician = await server.consoleAs('triage-clinician');

    const extend = (ground: 'person-condition' | 'no-bed-available') =>
      nightClinician.socket.emitWithAck('case:extend-detention', {
        commandId: commandId(),
        caseId: c.id,
        expectedVersion: c.version,
        minutes: 6 * 60,
        doctorName: 'Dr Okoro',
        ground,
        superintendent: null,
      });
    // Before expiry: "no bed" is refused for its ground.
    expect(await extend('no-bed-available')).toMatchObject({
      ok: false,
      error: { ruleId: 'R-S136-EXT', message: expect.stringMatching(/not "no bed available"/) },
    });
    // After expiry: too late, whatever the ground.
    clock.now += 5 * 60 * MIN;
    expect(await extend('person-condition')).toMatchObject({
      ok: false,
      error: { ruleId: 'R-S136-EXT', message: expect.stringMatching(/already expired/) },
    });
    expect((await server.app.services.store.cases.get(c.id))?.detention?.extension).toBeNull();
  });

  it('S-18: each alert fires once per threshold, even when the server restarts between the threshold and the check', async () => {
    const databasePath = servers.durableDatabase('alerts.db');
    const clock = { now: Date.parse('2026-11-23T01:00:00Z') };
    let server = await serverAt(clock, databasePath);
    const { police, card } = await detainedCard(server, clock, 30);
    let c = ok(await chooseHealthPlace(police, card, 'emergency-department', 'Kestrel Vale General ED')).card;
    c = ok(
      await police.socket.emitWithAck('case:record-arrival', arrivalAt(c, new Date(clock.now).toISOString())),
    ).card;

    // Nothing is due at 44 minutes.
    clock.now += 44 * MIN;
    expect(await raiseDueAlerts(server.app.services)).toBe(0);

    // The 45-minute threshold passes while the server is down; the restart's first check raises it.
    clock.now += 2 * MIN;
    server = await servers.restart(server, clock, databasePath);
    await expect.poll(async () => (await server.app.services.store.cases.get(c.id))?.alerts.length).toBe(1);
    expect(await raiseDueAlerts(server.app.services)).toBe(0);

    // Another restart and another check: still one.
    server = await servers.restart(server, clock, databasePath);
    expect(await raiseDueAlerts(server.app.services)).toBe(0);
    const history = await server.app.services.store.cases.history(c.id);
    expect(history.filter((e) => e.type === 'case.alert-raised').map((e) => e.data)).toEqual([
      expect.objectContaining({ kind: 'handover-warning', alertId: `${c.id}:handover:45` }),
    ]);

    // At 60 minutes the overdue alert comes, live to the duty manager's console, once.
    const live = await server.consoleAs('duty-manager');
    clock.now += 14 * MIN;
    expect(await raiseDueAlerts(server.app.services)).toBe(1);
    await expect.poll(() => live.received.some((m) => m.entry.text.includes('handover overdue'))).toBe(true);
    expect(await raiseDueAlerts(server.app.services)).toBe(0);
  });

  it('lists running detentions with server-computed deadlines, oldest clock first, and the AMHP worklist filter', async () => {
    const clock = { now: Date.parse('2026-11-23T01:00:00Z') };
    const server = await serverAt(clock);
    const first = await detainedCard(server, clock, 40);
    clock.now += 10 * MIN;
    const second = await detainedCard(server, clock, 50);
    const amhp = await server.login('amhp');
    const list = (await (await server.http(amhp, '/detentions')).json()) as TDetentionList;
    expect(list.detentions.map((d) => d.card.id)).toEqual(expect.arrayContaining([first.card.id, second.card.id]));
    expect(list.detentions.every((d) => d.deadlines.state === 'awaiting-arrival')).toBe(true);
    const worklist = (await (await server.http(amhp, '/detentions?awaiting=assessment')).json()) as TDetentionList;
    expect(worklist.detentions).toHaveLength(2);
  });

  it('R-IG-AUDIT: the Home Office return is a CSV for duty managers, without names, and each exported card is logged', async () => {
    const clock = { now: Date.parse('2026-11-23T01:00:00Z') };
    const server = await serverAt(clock);
    const { card } = await detainedCard(server, clock, 40);
    const manager = await server.login('duty-manager');
    const res = await server.http(manager, '/reports/home-office-return.csv');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/csv/);
    const [header, row] = (await res.text()).trim().split('\r\n');
    expect(header).toContain('"First place of safety"');
    expect(row).not.toContain(card.ref);
    expect(row).toContain('"40"');
    expect(row).not.toContain(card.person.name ?? 'no-name');
    expect((await server.app.services.store.accessLog.forCase(card.id)).map((e) => e.action)).toContain(
      'home-office-export',
    );
    const operator = await server.login('operator');
    expect((await server.http(operator, '/reports/home-office-return.csv')).status).toBe(403);
  });
});

describe('the contact-lost follow-up alert (R-ALERT-SEVERITY)', () => {
  it(`R-ALERT-SEVERITY: a card whose contact was lost ${ALERT_RULES.contactLostFollowUpMinutes} min ago without the follow-up raises one alert, live to the hub`, async () => {
    const clock = { now: Date.parse('2026-11-23T01:00:00Z') };
    const server = await servers.at(clock);
    const operator = await server.consoleAs('operator');
    const created = await operator.socket.emitWithAck('case:create', newCard());
    if (!created.ok) throw new Error(created.error.message);
    const card = created.data.card;
    const lost = await operator.socket.emitWithAck('case:mark-contact-lost', {
      commandId: commandId(),
      caseId: card.id,
      expectedVersion: card.version,
      followUp: 'call-back',
      note: 'Line went dead',
    });
    expect(lost.ok).toBe(true);

    clock.now += (ALERT_RULES.contactLostFollowUpMinutes - 1) * MIN;
    expect(await raiseDueAlerts(server.app.services)).toBe(0);
    const manager = await server.consoleAs('duty-manager');
    clock.now += MIN;
    expect(await raiseDueAlerts(server.app.services)).toBe(1);
    expect(await raiseDueAlerts(server.app.services)).toBe(0);
    await expect
      .poll(() => manager.received.some((m) => m.entry.text.includes('call back not recorded yet')))
      .toBe(true);
    const stored = await server.app.services.store.cases.get(card.id);
    expect(stored?.alerts.map((a) => a.kind)).toEqual(['contact-lost-follow-up']);
  });
});

describe('escalation of a breach nobody acknowledges (R-ALERT-ESCALATE)', () => {
  it(`R-ALERT-ESCALATE: a breach unacknowledged for ${ALERT_RULES.escalateAfterMinutes} min is escalated once, on the card and its timeline`, async () => {
    const clock = { now: Date.parse('2026-11-23T01:00:00Z') };
    const server = await servers.at(clock);
    const police = await server.consoleAs('police-officer');
    const created = ok(await police.socket.emitWithAck('case:create', newCard({ channel: 'police' })));
    ok(
      await police.socket.emitWithAck(
        'case:detain',
        s136Detention(created.card, new Date(clock.now - 25 * 60 * MIN).toISOString(), {
          consultation: { kind: 'not-practicable', reason: 'Radio down' },
          keptAtPlaceOfSafety: true,
        }),
      ),
    );
    expect(await raiseDueAlerts(server.app.services)).toBeGreaterThan(0);
    expect(await escalateUnacknowledgedAlerts(server.app.services)).toBe(0);
    clock.now += ALERT_RULES.escalateAfterMinutes * MIN;
    expect(await escalateUnacknowledgedAlerts(server.app.services)).toBe(1);
    expect(await escalateUnacknowledgedAlerts(server.app.services)).toBe(0);
    const card = await server.app.services.store.cases.get(created.card.id);
    expect(card?.alerts.filter((a) => a.escalatedAt).map((a) => a.kind)).toEqual(['detention-expired']);
    const history = await server.app.services.store.cases.history(created.card.id);
    expect(history.filter((e) => e.type === 'case.alert-escalated').map((e) => e.data)).toEqual([
      { alertId: expect.stringContaining('expired'), afterMinutes: ALERT_RULES.escalateAfterMinutes },
    ]);
  });
});
