import { describe, expect, it } from 'vitest';
import { ALERT_RULES } from '../config/alert-rules';
import { CAPACITY_RULES } from '../config/capacity';
import type { TCaseCard } from '../schemas/case';
import type { TAlert } from '../schemas/detention';
import type { THold, TService } from '../schemas/service';
import type { TUnit } from '../schemas/unit';
import {
  ALERT_KIND_RULES,
  alertsForRole,
  contactLostAlert,
  isDueForEscalation,
  bannerAlerts,
  isEscalated,
  isMuted,
  liveAlerts,
  mayAcknowledge,
  shouldSound,
  sortQueueByAlerts,
} from './alerts';
import { decideEscalateCardAlert, decideEscalateSos } from './alert-escalation';
import { aCard, aService, counts, minutesBefore, MONDAY_8PM } from './test-fixtures';

const T0 = new Date('2026-12-02T02:00:00Z');
const at = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);
const iso = (minutes: number) => at(minutes).toISOString();

function cardWith(id: string, alerts: Partial<TAlert>[], overrides: Partial<TCaseCard> = {}): TCaseCard {
  const card = aCard();
  return {
    ...card,
    id,
    ref: `C-${id}`,
    alerts: alerts.map((a, i) => ({
      id: `${id}-alert-${i}`,
      kind: 'detention-expired',
      message: 'The detention has passed its 24 hours',
      raisedAt: iso(0),
      acknowledgedBy: null,
      acknowledgedAt: null,
      ...a,
    })),
    ...overrides,
  };
}

function aUnit(overrides: Partial<TUnit> = {}): TUnit {
  return {
    id: 'unit-st1',
    areaId: 'kestrel-vale',
    version: 3,
    updatedAt: iso(0),
    callSign: 'ST1',
    kind: 'street-triage-car',
    organisationId: 'kv-mh-trust',
    members: [],
    isOnShift: true,
    status: 'dispatched',
    statusSince: iso(0),
    location: null,
    assignment: null,
    sos: null,
    ...overrides,
  };
}

/** A unit's job on card `caseId`, dispatched 20 min ago and not accepted unless said. */
const job = (caseId: string, overrides: Partial<NonNullable<TUnit['assignment']>> = {}): TUnit['assignment'] => ({
  caseId,
  caseRef: `C-${caseId}`,
  dispatchedAt: iso(-20),
  dispatchedBy: 'Olu Adeyemi',
  acceptBy: iso(-17),
  acceptedAt: null,
  escalatedAt: null,
  ...overrides,
});

const sos = (minutes: number, acknowledgedBy: string | null = null): TUnit['sos'] => ({
  at: iso(minutes),
  location: null,
  acknowledgedBy,
  acknowledgedAt: acknowledgedBy ? iso(minutes + 1) : null,
  caseRef: 'C-job',
});

describe('the alert model', () => {
  it('R-ALERT-SEVERITY: an SOS, a breach and an unaccepted dispatch are critical; the hub and the board see them', () => {
    const alerts = liveAlerts(
      [cardWith('a', [{ kind: 'detention-expired' }, { kind: 'handover-warning', raisedAt: iso(-30) }])],
      [
        aUnit({ sos: sos(2) }),
        aUnit({
          id: 'unit-am2',
          callSign: 'AM2',
          assignment: job('b', { dispatchedAt: iso(-4), acceptBy: iso(-1), escalatedAt: iso(-1) }),
        }),
      ],
    );
    expect(alerts.map((a) => [a.kind, a.severity])).toEqual([
      // Most severe first, an SOS first of all (though raised last), then the oldest: the dispatch
      // escalated a minute before the breach.
      ['sos', 'critical'],
      ['dispatch-unaccepted', 'critical'],
      ['detention-expired', 'critical'],
      ['handover-warning', 'notice'],
    ]);
    expect(alerts.find((a) => a.kind === 'sos')).toMatchObject({ text: 'SOS from ST1 on C-job', caseRef: 'C-job' });
    expect(alerts.find((a) => a.kind === 'dispatch-unaccepted')).toMatchObject({
      text: 'AM2 has not accepted C-b',
      caseId: 'b',
    });
    for (const role of ['operator', 'duty-manager', 'board'] as const) {
      expect(bannerAlerts(alerts, role).map((a) => a.kind)).toEqual([
        'sos',
        'dispatch-unaccepted',
        'detention-expired',
      ]);
    }
    // A police officer sees the breach of a detention, not the hub's SOS and dispatch alerts.
    expect(bannerAlerts(alerts, 'police-officer').map((a) => a.kind)).toEqual(['detention-expired']);
    expect(alertsForRole(alerts, 'provider')).toEqual([]);
  });

  it('R-ALERT-SEVERITY: an SOS and an unaccepted dispatch say where the person is when the reader has the card, and an SOS with no job says so', () => {
    const card = cardWith('job', [], {
      location: { description: 'Multi-storey car park, level 4', type: 'public-place', coordinates: null },
    });
    const [onJob] = liveAlerts([card], [aUnit({ sos: sos(0), assignment: job('job', { acceptedAt: iso(-19) }) })]);
    expect(onJob?.text).toBe('SOS from ST1 on C-job at Multi-storey car park, level 4');
    const [unaccepted] = liveAlerts([card], [aUnit({ assignment: job('job', { escalatedAt: iso(-1) }) })]);
    expect(unaccepted?.text).toBe('ST1 has not accepted C-job at Multi-storey car park, level 4');
    const [noJob] = liveAlerts(
      [],
      [aUnit({ sos: { at: iso(0), location: null, acknowledgedBy: null, caseRef: null } })],
    );
    expect(noJob).toMatchObject({ text: 'SOS from ST1, not on a job: see its last position on the map', caseId: null });
  });

  it('R-ALERT-SEVERITY: who may acknowledge is who may act on it; the board only shows', () => {
    expect(mayAcknowledge('operator', 'sos')).toBe(true);
    expect(mayAcknowledge('police-officer', 'sos')).toBe(false);
    expect(mayAcknowledge('police-officer', 'detention-expired')).toBe(true);
    expect(mayAcknowledge('board', 'detention-expired')).toBe(false);
    expect(mayAcknowledge('operator', 'break-glass')).toBe(false);
  });

  it('an acknowledged alert stays in the list with who acknowledged it, but leaves the banner', () => {
    const alerts = liveAlerts([], [aUnit({ sos: sos(0, 'Olu Adeyemi') })]);
    expect(alerts[0]).toMatchObject({ acknowledgedBy: 'Olu Adeyemi', acknowledgedAt: iso(1) });
    expect(bannerAlerts(alerts, 'operator')).toEqual([]);
  });

  it(`R-ALERT-ESCALATE: a critical alert open ${ALERT_RULES.escalateAfterMinutes} min is due to go to the duty manager; acknowledged, escalated or not critical, it is not`, () => {
    const [breach] = liveAlerts([cardWith('a', [{ raisedAt: iso(0) }])], []);
    expect(isDueForEscalation(breach!, at(ALERT_RULES.escalateAfterMinutes - 0.1))).toBe(false);
    expect(isDueForEscalation(breach!, at(ALERT_RULES.escalateAfterMinutes))).toBe(true);
    expect(isEscalated(breach!)).toBe(false);
    const [acknowledged] = liveAlerts(
      [
        cardWith('a', [
          {
            raisedAt: iso(0),
            acknowledgedAt: iso(1),
            acknowledgedBy: { id: 'u', name: 'Olu Adeyemi', role: 'operator' },
          },
        ]),
      ],
      [],
    );
    expect(isDueForEscalation(acknowledged!, at(60))).toBe(false);
    const [notice] = liveAlerts([cardWith('a', [{ kind: 'handover-warning' }])], []);
    expect(isDueForEscalation(notice!, at(60))).toBe(false);
    const [escalated] = liveAlerts([cardWith('a', [{ raisedAt: iso(0), escalatedAt: iso(5) }])], []);
    expect(isDueForEscalation(escalated!, at(60))).toBe(false);
    expect(isEscalated(escalated!)).toBe(true);
  });

  it('R-ALERT-ESCALATE: the escalation is an event on the card (or on the unit for an SOS), decided once', () => {
    const card = cardWith('a', [{ id: 'a-breach', raisedAt: iso(0) }]);
    expect(() => decideEscalateCardAlert(card, 'a-breach', at(4))).toThrow('not due');
    const decided = decideEscalateCardAlert(card, 'a-breach', at(ALERT_RULES.escalateAfterMinutes));
    expect(decided).toEqual({
      type: 'case.alert-escalated',
      data: { alertId: 'a-breach', afterMinutes: ALERT_RULES.escalateAfterMinutes },
    });
    const escalated = { ...card, alerts: card.alerts.map((a) => ({ ...a, escalatedAt: iso(5) })) };
    expect(() => decideEscalateCardAlert(escalated, 'a-breach', at(60))).toThrow('not due');

    const inTrouble = aUnit({ sos: sos(0), assignment: job('sos-job', { acceptedAt: iso(-19) }) });
    expect(() => decideEscalateSos(inTrouble, at(4))).toThrow('not due');
    expect(decideEscalateSos(inTrouble, at(5))).toEqual({
      type: 'unit.sos-escalated',
      data: { afterMinutes: ALERT_RULES.escalateAfterMinutes, caseId: 'sos-job' },
    });
    expect(() => decideEscalateSos(aUnit({ sos: sos(0, 'Olu Adeyemi') }), at(60))).toThrow('not due');
  });

  it(`R-ALERT-MUTE: a mute lasts at most ${ALERT_RULES.muteMaxMinutes} min and never silences an SOS`, () => {
    const mutedAt = iso(0);
    expect(isMuted(mutedAt, at(59))).toBe(true);
    expect(isMuted(mutedAt, at(ALERT_RULES.muteMaxMinutes))).toBe(false);
    expect(isMuted(null, at(0))).toBe(false);

    const breach = liveAlerts([cardWith('a', [{}])], []);
    expect(shouldSound(breach, null, at(1))).toBe(true);
    expect(shouldSound(breach, mutedAt, at(1))).toBe(false);
    expect(shouldSound(breach, mutedAt, at(61))).toBe(true);

    const sosAlert = liveAlerts([], [aUnit({ sos: sos(1) })]);
    expect(shouldSound(sosAlert, mutedAt, at(2))).toBe(true);
    // Nothing open, nothing to sound.
    expect(shouldSound(liveAlerts([], [aUnit({ sos: sos(1, 'Olu Adeyemi') })]), null, at(2))).toBe(false);
  });

  it('R-ALERT-QUEUE: a card with an open critical alert goes to the top of the queue, an SOS first, then the oldest alert first', () => {
    const urgent = cardWith('urgent', [], { priority: 'emergency', createdAt: iso(-60) });
    // Breached before the SOS was sent, and still after it in the queue.
    const breached = cardWith('breached', [{ raisedAt: iso(-5) }], { priority: 'routine', createdAt: iso(-600) });
    const sosCard = cardWith('sos-job', [], { priority: 'urgent', createdAt: iso(-30) });
    const quiet = cardWith('quiet', [{ kind: 'handover-warning' }], { priority: 'very-urgent', createdAt: iso(-90) });
    const units = [
      aUnit({
        sos: sos(2),
        assignment: job('sos-job', { acceptedAt: iso(-19) }),
      }),
    ];
    const cards = [urgent, breached, sosCard, quiet];
    const order = sortQueueByAlerts(cards, liveAlerts(cards, units)).map((c) => c.id);
    expect(order).toEqual(['sos-job', 'breached', 'urgent', 'quiet']);
  });
});

describe('alerts read from services and the contact-lost follow-up', () => {
  const hold = (minutesLeft: number, overrides: Partial<THold> = {}): THold => ({
    id: `hold-${minutesLeft}`,
    caseId: 'a',
    caseRef: 'C-a',
    category: 'adult',
    state: 'held',
    placedAt: minutesBefore(60 - minutesLeft),
    expiresAt: new Date(MONDAY_8PM.getTime() + minutesLeft * 60_000).toISOString(),
    placedBy: null,
    note: null,
    ...overrides,
  });
  const at8pm = (services: TService[]) => liveAlerts([], [], { services, now: MONDAY_8PM });

  it(`R-ALERT-SEVERITY: a place held for a card ${ALERT_RULES.holdExpiringMinutes} min or less from lapsing warns the hub, and clears once it has gone`, () => {
    const cafe = aService({
      id: 'Harbour Lights',
      kind: 'A21',
      holds: [
        hold(ALERT_RULES.holdExpiringMinutes + 1),
        hold(ALERT_RULES.holdExpiringMinutes),
        hold(3, { id: 'accepted', state: 'accepted' }),
      ],
    });
    const alerts = at8pm([cafe]);
    // The nearest to lapsing first; an accepted place lapses too if the person never arrives.
    expect(alerts.map((a) => [a.kind, a.severity, a.text])).toEqual([
      ['hold-expiring', 'warning', 'C-a: the place held at Harbour Lights lapses in 3 min'],
      [
        'hold-expiring',
        'warning',
        `C-a: the place held at Harbour Lights lapses in ${ALERT_RULES.holdExpiringMinutes} min`,
      ],
    ]);
    expect(alertsForRole(alerts, 'operator')).toHaveLength(2);
    expect(alertsForRole(alerts, 'provider')).toEqual([]);
    expect(mayAcknowledge('operator', 'hold-expiring')).toBe(false);
    expect(at8pm([{ ...cafe, holds: [hold(0)] }])).toEqual([]);
  });

  it(`R-ALERT-SEVERITY: a full service whose figure is past its limit (${CAPACITY_RULES.staleAfterMinutes.A20} min for a suite) warns the duty manager and the board`, () => {
    const full = { adult: counts(2, 2), under18: counts(1, 1) };
    const confirmedAt = minutesBefore(CAPACITY_RULES.staleAfterMinutes.A20 + 1);
    const suite = aService({ id: 'Willowbank', kind: 'A20', capacity: { ...full, confirmedAt, confirmedBy: 'staff' } });
    const [alert, ...rest] = at8pm([suite]);
    expect(rest).toEqual([]);
    expect(alert).toMatchObject({ kind: 'figure-stale-full', severity: 'warning', place: 'Willowbank', caseId: null });
    expect(alertsForRole([alert!], 'duty-manager')).toHaveLength(1);
    expect(alertsForRole([alert!], 'board')).toHaveLength(1);
    expect(alertsForRole([alert!], 'operator')).toEqual([]);
    // Fresh, or with a place free, or an emergency department: nothing to chase.
    const fresh = { ...suite, capacity: { ...suite.capacity, confirmedAt: minutesBefore(5) } };
    const withRoom = { ...suite, capacity: { ...suite.capacity, adult: counts(2, 1) } };
    expect(at8pm([fresh, withRoom, { ...suite, kind: 'ED' }])).toEqual([]);
  });

  it(`R-ALERT-SEVERITY: contact lost ${ALERT_RULES.contactLostFollowUpMinutes} min without the follow-up raises one alert for the hub`, () => {
    const lostAt = iso(0);
    const lost: TCaseCard = {
      ...cardWith('lost', []),
      status: 'contact-lost',
      contactLost: {
        since: lostAt,
        followUp: 'welfare-check-police',
        note: null,
        by: { id: 'u', name: 'Olu', role: 'operator' },
      },
    };
    expect(contactLostAlert(lost, at(ALERT_RULES.contactLostFollowUpMinutes - 1))).toBeNull();
    const due = contactLostAlert(lost, at(ALERT_RULES.contactLostFollowUpMinutes));
    expect(due).toEqual({
      alertId: `lost:contact-lost:${lostAt}`,
      kind: 'contact-lost-follow-up',
      message: `Contact lost ${ALERT_RULES.contactLostFollowUpMinutes} min ago: police welfare check not recorded yet`,
    });
    // Raised once: a card that holds it already, or whose contact came back, raises nothing.
    const raised = { ...lost, alerts: [{ ...cardWith('x', [{}]).alerts[0]!, id: due!.alertId }] };
    expect(contactLostAlert(raised, at(60))).toBeNull();
    expect(contactLostAlert({ ...lost, status: 'open', contactLost: null }, at(60))).toBeNull();
    expect(ALERT_KIND_RULES['contact-lost-follow-up'].seenBy).toEqual(['operator', 'duty-manager']);
  });
});
