import { describe, expect, it } from 'vitest';
import { legalRulesAt } from '../config/legal-rules';
import { DomainError } from '../errors';
import type { TCaseCard, TPersonAge } from '../schemas/case';
import type { TChoosePlaceOfSafetyRequest, TDetainRequest } from '../schemas/detention';
import type { TCaseEventData } from './case-events';
import { decideClose, evolve } from './case-lifecycle';
import { consecutiveDetentionAlerts } from './consecutive-detention';
import {
  clockStart,
  deadlines,
  decideArrival,
  decideAssessment,
  decideDetain,
  decideEndDetention,
  decideExtend,
  decideHandover,
  decidePlaceOfSafety,
  decideWelfareCheck,
  dueAlerts,
  runningDetentions,
} from './detention';
import { aCard, aContext, aDetainRequest, asEvent, POLICE_STATION_AUTHORITY } from './test-fixtures';

const CMD = '00000000-0000-4000-8000-0000000000aa';
const police = aContext('police-officer');
const at = (iso: string) => new Date(iso);
const H = 3_600_000;

function apply(card: TCaseCard, data: TCaseEventData | TCaseEventData[], when = '2026-11-23T03:00:00.000Z'): TCaseCard {
  return [data].flat().reduce((c, d) => evolve(c, asEvent(d, c.id, c.version + 1, police, when)), card);
}

function detain(overrides: Partial<TDetainRequest> = {}, card = aCard()): TCaseCard {
  const input = aDetainRequest(card, overrides);
  return apply(card, decideDetain(card, input, new Date(new Date(input.decidedAt).getTime() + H)));
}

const AUTHORITY = POLICE_STATION_AUTHORITY;

function choose(
  card: TCaseCard,
  overrides: Partial<TChoosePlaceOfSafetyRequest> = {},
  now = '2026-11-23T01:10:00Z',
): TCaseCard {
  const input: TChoosePlaceOfSafetyRequest = {
    commandId: CMD,
    caseId: card.id,
    expectedVersion: card.version,
    kind: 'health-based-suite',
    name: 'Willowbank s136 suite',
    transport: { mode: 'ambulance' },
    policeStation: null,
    ageStatement: null,
    ...overrides,
  };
  return apply(card, decidePlaceOfSafety(card, input, at(now)));
}

function arrive(
  card: TCaseCard,
  arrivedOnSiteAt: string | null,
  enteredAt: string | null = arrivedOnSiteAt,
): TCaseCard {
  return apply(
    card,
    decideArrival(
      card,
      { commandId: CMD, caseId: card.id, expectedVersion: card.version, arrivedOnSiteAt, enteredAt },
      at('2026-11-24T00:00:00Z'),
    ),
  );
}

function refusal(fn: () => unknown): DomainError {
  try {
    fn();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

const withAge = (age: TPersonAge) => ({ ...aCard(), person: { ...aCard().person, age } });

describe('section 136 / 135 clock (R-S136-CLOCK-1, R-S135-CLOCK, R-S136-TRANSFER)', () => {
  it('R-S136-CLOCK-1: the clock waits for arrival, then runs 24 hours from arrival at the first place of safety', () => {
    const card = choose(detain());
    expect(clockStart(card.detention!)).toBeNull();
    expect(deadlines(card.detention!, at('2026-11-23T01:20:00Z')).state).toBe('awaiting-arrival');
    const arrived = arrive(card, '2026-11-23T01:30:00.000Z');
    const d = deadlines(arrived.detention!, at('2026-11-23T02:00:00Z'));
    expect(d.startsAt).toBe('2026-11-23T01:30:00.000Z');
    expect(d.expiresAt).toBe('2026-11-24T01:30:00.000Z');
    expect(d.state).toBe('running');
  });

  it('R-S136-CLOCK-1: an emergency department first starts the clock on arrival there', () => {
    const card = arrive(
      choose(detain(), { kind: 'emergency-department', name: 'Kestrel Vale General ED' }),
      '2026-11-23T01:25:00.000Z',
    );
    expect(clockStart(card.detention!)).toBe('2026-11-23T01:25:00.000Z');
  });

  it('R-S136-CLOCK-1: when arriving on site and entering differ, the clock runs from the earlier', () => {
    const queued = arrive(choose(detain()), '2026-11-23T01:30:00.000Z', '2026-11-23T02:45:00.000Z');
    expect(clockStart(queued.detention!)).toBe('2026-11-23T01:30:00.000Z');
    const oddOrder = arrive(choose(detain()), '2026-11-23T01:50:00.000Z', '2026-11-23T01:40:00.000Z');
    expect(clockStart(oddOrder.detention!)).toBe('2026-11-23T01:40:00.000Z');
  });

  it('R-S136-CLOCK-1: a person kept at a place of safety they were already at: the clock starts at the decision', () => {
    const card = detain({ keptAtPlaceOfSafety: true, place: 'health-setting', decidedAt: '2026-11-23T01:05:00.000Z' });
    expect(clockStart(card.detention!)).toBe('2026-11-23T01:05:00.000Z');
  });

  it('R-S135-CLOCK: kept at the premises, the clock starts at first entry to execute the warrant; removed, at arrival', () => {
    const kept = detain({
      power: 's135',
      place: 'dwelling',
      keptAtPlaceOfSafety: true,
      decidedAt: '2026-11-23T00:40:00.000Z',
    });
    expect(clockStart(kept.detention!)).toBe('2026-11-23T00:40:00.000Z');
    const removed = arrive(choose(detain({ power: 's135', place: 'dwelling' })), '2026-11-23T01:35:00.000Z');
    expect(clockStart(removed.detention!)).toBe('2026-11-23T01:35:00.000Z');
  });

  it('R-S136-TRANSFER: moving to another place of safety never restarts the clock', () => {
    const first = arrive(choose(detain(), { kind: 'emergency-department', name: 'ED' }), '2026-11-23T01:30:00.000Z');
    const moved = arrive(
      choose(first, { name: 'Willowbank s136 suite' }, '2026-11-23T05:00:00Z'),
      '2026-11-23T05:30:00.000Z',
    );
    expect(moved.detention!.places).toHaveLength(2);
    expect(deadlines(moved.detention!, at('2026-11-23T06:00:00Z')).expiresAt).toBe('2026-11-24T01:30:00.000Z');
  });

  it('R-S136-CLOCK-1: across the October clock change it is 24 real hours (23:30 Saturday → 22:30 Sunday)', () => {
    // Clocks go back at 02:00 BST on Sunday 25 October 2026. 23:30 BST on the Saturday is 22:30 UTC.
    const card = detain({ keptAtPlaceOfSafety: true, place: 'health-setting', decidedAt: '2026-10-24T22:30:00.000Z' });
    const { expiresAt } = deadlines(card.detention!, at('2026-10-25T00:00:00Z'));
    expect(new Date(expiresAt!).getTime() - new Date('2026-10-24T22:30:00.000Z').getTime()).toBe(24 * H);
    const london = new Intl.DateTimeFormat('en-GB', {
      timeZone: 'Europe/London',
      weekday: 'long',
      hour: '2-digit',
      minute: '2-digit',
    });
    expect(london.format(new Date('2026-10-24T22:30:00.000Z'))).toBe('Saturday 23:30');
    expect(london.format(new Date(expiresAt!))).toBe('Sunday 22:30');
  });

  it('R-S136-CLOCK-1: across the March clock change it is 24 real hours (23:30 Saturday → 00:30 Monday)', () => {
    // Clocks go forward at 01:00 GMT on Sunday 28 March 2027.
    const card = detain({ keptAtPlaceOfSafety: true, place: 'health-setting', decidedAt: '2027-03-27T23:30:00.000Z' });
    const { expiresAt } = deadlines(card.detention!, at('2027-03-28T00:00:00Z'));
    expect(new Date(expiresAt!).getTime() - new Date('2027-03-27T23:30:00.000Z').getTime()).toBe(24 * H);
    const london = new Intl.DateTimeFormat('en-GB', {
      timeZone: 'Europe/London',
      weekday: 'long',
      hour: '2-digit',
      minute: '2-digit',
    });
    expect(london.format(new Date(expiresAt!))).toBe('Monday 00:30');
  });

  it('R-S136-CLOCK-1: the limits come from the versioned rules in force when the detention began', () => {
    const rules = legalRulesAt('2026-11-23T00:00:00Z');
    expect(rules.permittedPeriodMinutes).toBe(24 * 60);
    expect(detain().detention!.rulesVersion).toBe(rules.version);
    expect(() => legalRulesAt('2010-01-01T00:00:00Z')).toThrow();
  });
});

describe('where and how the power is used (R-S136-PLACE, R-S136-CONSULT, R-S136-POWER)', () => {
  it('R-S136-PLACE: section 136 is refused in a dwelling or its private garden', () => {
    expect(refusal(() => detain({ place: 'dwelling' })).ruleId).toBe('R-S136-PLACE');
    expect(refusal(() => detain({ place: 'dwelling-private-garden' })).ruleId).toBe('R-S136-PLACE');
  });

  it('R-S136-PLACE: a shared garden or yard is allowed; a s135 warrant may be executed in a dwelling', () => {
    expect(detain({ place: 'shared-garden-or-yard' }).detention?.place).toBe('shared-garden-or-yard');
    expect(detain({ power: 's135', place: 'dwelling' }).detention?.power).toBe('s135');
  });

  it('R-S136-CONSULT: consultation is with a named profession, or its impracticability is explained', () => {
    expect(
      refusal(() => detain({ consultation: { kind: 'consulted', profession: 'social-worker', name: 'X' } })).ruleId,
    ).toBe('R-S136-CONSULT');
    expect(
      detain({ consultation: { kind: 'not-practicable', reason: 'Person running towards the road' } }).detention,
    ).not.toBeNull();
    expect(
      detain({ consultation: { kind: 'consulted', profession: 'paramedic', name: 'P. Nair' } }).detention,
    ).not.toBeNull();
  });

  it('R-S136-CLOCK-1: a detention time in the future is refused', () => {
    const card = aCard();
    const input = {
      commandId: CMD,
      caseId: card.id,
      expectedVersion: 1,
      power: 's136' as const,
      officer: { name: 'PC', collarNumber: '1' },
      decidedAt: '2026-11-23T05:00:00.000Z',
      place: 'public-place' as const,
      consultation: { kind: 'not-practicable' as const, reason: 'No time at all' },
      keptAtPlaceOfSafety: false,
    };
    expect(refusal(() => decideDetain(card, input, at('2026-11-23T04:00:00Z'))).ruleId).toBe('R-S136-CLOCK-1');
  });

  it('R-S136-END: one detention per card; a second one is a new card', () => {
    const card = detain();
    expect(refusal(() => detain({}, card)).ruleId).toBe('R-S136-END');
  });
});

describe('police station as a place of safety (R-POS-CHILD, R-POS-ADULT, R-POS-WELFARE)', () => {
  const station = { kind: 'police-station' as const, name: 'Kestrel Vale custody', policeStation: AUTHORITY };

  it('R-POS-CHILD: a 17-year-old may never be taken to a police station, with no override', () => {
    const card = detain({}, withAge({ kind: 'age', years: 17 }));
    expect(refusal(() => choose(card, station)).ruleId).toBe('R-POS-CHILD');
    expect(refusal(() => choose(card, { ...station, ageStatement: '18-or-over' })).ruleId).toBe('R-POS-CHILD');
  });

  it('R-POS-CHILD: someone one day short of 18 by date of birth is still a child', () => {
    const card = detain({}, withAge({ kind: 'date-of-birth', date: '2008-11-24' }));
    expect(refusal(() => choose(card, station, '2026-11-23T01:10:00Z')).ruleId).toBe('R-POS-CHILD');
  });

  it('R-POS-CHILD: an 18-year-old may be, when every adult condition holds', () => {
    const card = choose(detain({}, withAge({ kind: 'age', years: 18 })), station);
    expect(card.detention!.places[0]?.kind).toBe('police-station');
  });

  it('R-POS-CHILD: when age is unknown the user must state it; "under 18" blocks', () => {
    const card = detain({}, withAge({ kind: 'unknown' }));
    expect(refusal(() => choose(card, station)).message).toMatch(/state whether/);
    expect(refusal(() => choose(card, { ...station, ageStatement: 'under-18' })).ruleId).toBe('R-POS-CHILD');
    expect(choose(card, { ...station, ageStatement: '18-or-over' }).detention!.ageStatement).toBe('18-or-over');
  });

  it('R-POS-CHILD: the block applies to transfers too', () => {
    const card = arrive(choose(detain({}, withAge({ kind: 'age', years: 16 }))), '2026-11-23T01:30:00.000Z');
    expect(refusal(() => choose(card, station, '2026-11-23T03:00:00Z')).ruleId).toBe('R-POS-CHILD');
  });

  it.each([
    ['imminentRiskOfSeriousInjuryOrDeath', /imminent risk/],
    ['noOtherPlaceCanReasonablyDetain', /no other place/],
    ['healthcareProfessionalWillBePresent', /healthcare professional/],
  ] as const)('R-POS-ADULT: refused unless %s', (condition, message) => {
    const card = detain({}, withAge({ kind: 'age', years: 30 }));
    const error = refusal(() => choose(card, { ...station, policeStation: { ...AUTHORITY, [condition]: false } }));
    expect(error.ruleId).toBe('R-POS-ADULT');
    expect(error.message).toMatch(message);
  });

  it('R-POS-ADULT: refused without an inspector’s authority recorded', () => {
    const card = detain({}, withAge({ kind: 'age', years: 30 }));
    expect(refusal(() => choose(card, { ...station, policeStation: null })).ruleId).toBe('R-POS-ADULT');
  });

  it('R-POS-ADULT: every use alerts the duty manager at once', () => {
    const card = choose(detain({}, withAge({ kind: 'age', years: 30 })), station);
    expect(card.alerts.map((a) => a.kind)).toEqual(['police-station-used']);
    // Who authorised it, the rank said once: "Insp. Rowe", never "inspector Insp. Rowe".
    expect(card.alerts[0]?.message).toMatch(/authorised by Insp\. Rowe$/);
    const named = choose(detain({}, withAge({ kind: 'age', years: 30 })), {
      ...station,
      policeStation: { ...AUTHORITY, authorisingOfficer: { name: 'Rachel Ndlovu', rank: 'chief-inspector' } },
    });
    expect(named.alerts[0]?.message).toMatch(/authorised by Chief Inspector Rachel Ndlovu$/);
  });

  it('R-POS-WELFARE: checks fall due 30 minutes after arrival, then 30 minutes after each check', () => {
    let card = arrive(choose(detain({}, withAge({ kind: 'age', years: 30 })), station), '2026-11-23T01:30:00.000Z');
    expect(deadlines(card.detention!, at('2026-11-23T01:40:00Z')).nextWelfareCheckDueAt).toBe(
      '2026-11-23T02:00:00.000Z',
    );
    card = apply(
      card,
      decideWelfareCheck(
        card,
        { commandId: CMD, caseId: card.id, at: '2026-11-23T01:55:00.000Z', by: 'RMN Marlow' },
        at('2026-11-23T01:56:00Z'),
      ),
    );
    expect(deadlines(card.detention!, at('2026-11-23T02:00:00Z')).nextWelfareCheckDueAt).toBe(
      '2026-11-23T02:25:00.000Z',
    );
    expect(dueAlerts(card, at('2026-11-23T02:21:00Z')).map((a) => a.kind)).toContain('welfare-check-due');
    expect(dueAlerts(card, at('2026-11-23T02:10:00Z')).map((a) => a.kind)).not.toContain('welfare-check-due');
  });

  it('R-POS-WELFARE: welfare checks are only for a police station', () => {
    const card = arrive(choose(detain()), '2026-11-23T01:30:00.000Z');
    expect(
      refusal(() =>
        decideWelfareCheck(
          card,
          { commandId: CMD, caseId: card.id, at: '2026-11-23T01:45:00.000Z', by: 'x' },
          at('2026-11-23T02:00:00Z'),
        ),
      ).ruleId,
    ).toBe('R-POS-WELFARE');
  });
});

describe('extension (R-S136-EXT)', () => {
  const examined = (doctor = 'Dr Okoro') => {
    const card = arrive(choose(detain()), '2026-11-23T01:30:00.000Z');
    return apply(
      card,
      decideAssessment(
        card,
        {
          commandId: CMD,
          caseId: card.id,
          expectedVersion: card.version,
          assessment: {
            kind: 'doctor',
            at: '2026-11-23T10:00:00.000Z',
            doctorName: doctor,
            isS12Approved: true,
            whyNotS12: '',
          },
        },
        at('2026-11-23T10:05:00Z'),
      ),
    );
  };
  const extend = (
    card: TCaseCard,
    overrides: Partial<Parameters<typeof decideExtend>[1]> = {},
    now = '2026-11-23T20:00:00Z',
  ) =>
    decideExtend(
      card,
      {
        commandId: CMD,
        caseId: card.id,
        expectedVersion: card.version,
        minutes: 12 * 60,
        doctorName: 'Dr Okoro',
        ground: 'person-condition',
        superintendent: null,
        ...overrides,
      },
      at(now),
    );

  it('R-S136-EXT: the examining doctor may extend by up to 12 hours, on the person’s condition, before expiry', () => {
    const card = examined();
    const extended = apply(card, extend(card));
    const d = deadlines(extended.detention!, at('2026-11-23T21:00:00Z'));
    expect(d.expiresAt).toBe('2026-11-24T13:30:00.000Z');
    expect(d.expiresAt).toBe(d.latestPossibleEnd);
  });

  it.each(['no-bed-available', 'no-amhp-available', 'no-doctor-available', 'other'] as const)(
    'R-S136-EXT: "%s" is not a ground',
    (ground) => {
      const error = refusal(() => extend(examined(), { ground }));
      expect(error.ruleId).toBe('R-S136-EXT');
      expect(error.message).toMatch(/only for the person's condition/);
    },
  );

  it('R-S136-EXT: after expiry it is too late', () => {
    expect(refusal(() => extend(examined(), {}, '2026-11-24T01:30:00Z')).message).toMatch(/already expired/);
  });

  it('R-S136-EXT: only the doctor responsible for the examination', () => {
    expect(refusal(() => extend(examined(), { doctorName: 'Dr Someone Else' })).message).toMatch(/examining doctor/);
    const notExamined = arrive(choose(detain()), '2026-11-23T01:30:00.000Z');
    expect(refusal(() => extend(notExamined)).ruleId).toBe('R-S136-EXT');
  });

  it('R-S136-EXT: at most 12 hours, so at most 36 hours in all, and only once', () => {
    expect(refusal(() => extend(examined(), { minutes: 12 * 60 + 1 })).message).toMatch(/at most 12 hours/);
    const card = examined();
    const once = apply(card, extend(card, { minutes: 60 }));
    expect(refusal(() => extend(once, { minutes: 60 })).message).toMatch(/only once/);
  });

  it('R-S136-EXT: at a police station a superintendent must approve', () => {
    let card = arrive(
      choose(detain({}, withAge({ kind: 'age', years: 40 })), {
        kind: 'police-station',
        name: 'Custody',
        policeStation: AUTHORITY,
      }),
      '2026-11-23T01:30:00.000Z',
    );
    card = apply(
      card,
      decideAssessment(
        card,
        {
          commandId: CMD,
          caseId: card.id,
          expectedVersion: card.version,
          assessment: {
            kind: 'doctor',
            at: '2026-11-23T10:00:00.000Z',
            doctorName: 'Dr Okoro',
            isS12Approved: true,
            whyNotS12: '',
          },
        },
        at('2026-11-23T10:05:00Z'),
      ),
    );
    expect(refusal(() => extend(card)).message).toMatch(/superintendent/);
    expect(extend(card, { superintendent: 'Supt. Vance' }).type).toBe('case.detention-extended');
  });
});

describe('handover, alerts and the end (R-RCRP-HANDOVER, R-S136-END)', () => {
  it('R-S136-END: a case cannot be closed while its detention is running', () => {
    const card = arrive(choose(detain()), '2026-11-23T01:30:00.000Z');
    const close = (c: TCaseCard) =>
      decideClose(c, {
        commandId: CMD,
        caseId: c.id,
        expectedVersion: c.version,
        outcome: { kind: 'admitted', destinationOrSafetyNet: 'Ward 3, informal' },
      });
    expect(refusal(() => close(card)).ruleId).toBe('R-S136-END');
    const ended = apply(
      card,
      decideEndDetention(card, {
        commandId: CMD,
        caseId: card.id,
        expectedVersion: card.version,
        outcome: 'informal-admission',
        note: '',
      }),
    );
    expect(close(ended).type).toBe('case.closed');
  });

  it('R-RCRP-HANDOVER: the handover falls due an hour after arrival; alerts at 45 and 60 minutes, none after handover', () => {
    const card = arrive(choose(detain()), '2026-11-23T01:30:00.000Z');
    expect(deadlines(card.detention!, at('2026-11-23T01:40:00Z')).handoverDueAt).toBe('2026-11-23T02:30:00.000Z');
    expect(dueAlerts(card, at('2026-11-23T02:14:00Z'))).toEqual([]);
    expect(dueAlerts(card, at('2026-11-23T02:15:00Z')).map((a) => a.kind)).toEqual(['handover-warning']);
    expect(dueAlerts(card, at('2026-11-23T02:31:00Z')).map((a) => a.kind)).toEqual([
      'handover-warning',
      'handover-overdue',
    ]);
    const handed = apply(
      card,
      decideHandover(
        card,
        { commandId: CMD, caseId: card.id, expectedVersion: card.version, at: '2026-11-23T02:10:00.000Z' },
        at('2026-11-23T02:11:00Z'),
      ),
    );
    expect(dueAlerts(handed, at('2026-11-23T03:00:00Z'))).toEqual([]);
  });

  it('R-S136-CLOCK-1: warnings at 20 h and 23 h, then expiry without an outcome is a breach', () => {
    let card = arrive(choose(detain()), '2026-11-23T01:30:00.000Z');
    card = apply(
      card,
      decideHandover(
        card,
        { commandId: CMD, caseId: card.id, expectedVersion: card.version, at: '2026-11-23T02:00:00.000Z' },
        at('2026-11-23T02:00:00Z'),
      ),
    );
    expect(dueAlerts(card, at('2026-11-23T21:29:00Z'))).toEqual([]);
    expect(dueAlerts(card, at('2026-11-23T21:30:00Z')).map((a) => a.message)).toEqual(['Detention has under 4 h left']);
    const all = dueAlerts(card, at('2026-11-24T01:30:00Z'));
    expect(all.map((a) => a.kind)).toEqual(['detention-warning', 'detention-warning', 'detention-expired']);
    const breached = apply(
      card,
      all.map((a) => ({ type: 'case.alert-raised' as const, data: a })),
      '2026-11-24T01:30:05.000Z',
    );
    expect(breached.detention!.breachedAt).toBe('2026-11-24T01:30:05.000Z');
    expect(deadlines(breached.detention!, at('2026-11-24T01:31:00Z')).state).toBe('expired');
  });

  it('an alert already on the card is never due again (one alert per threshold)', () => {
    const card = arrive(choose(detain()), '2026-11-23T01:30:00.000Z');
    const due = dueAlerts(card, at('2026-11-23T02:20:00Z'));
    const raised = apply(
      card,
      due.map((a) => ({ type: 'case.alert-raised' as const, data: a })),
    );
    expect(dueAlerts(raised, at('2026-11-23T02:20:00Z'))).toEqual([]);
    expect(dueAlerts(raised, at('2026-11-23T02:40:00Z')).map((a) => a.kind)).toEqual(['handover-overdue']);
  });

  it('R-S136-END: an outcome ends the detention, its clocks and its alerts', () => {
    const card = arrive(choose(detain()), '2026-11-23T01:30:00.000Z');
    const ended = apply(
      card,
      decideEndDetention(card, {
        commandId: CMD,
        caseId: card.id,
        expectedVersion: card.version,
        outcome: 'informal-admission',
        note: 'Ward 3',
      }),
    );
    expect(deadlines(ended.detention!, at('2026-11-24T05:00:00Z')).state).toBe('ended');
    expect(dueAlerts(ended, at('2026-11-24T05:00:00Z'))).toEqual([]);
    expect(
      refusal(() =>
        decideEndDetention(ended, {
          commandId: CMD,
          caseId: card.id,
          expectedVersion: ended.version,
          outcome: 'other',
          note: '',
        }),
      ).ruleId,
    ).toBe('R-S136-END');
  });
});

describe('consecutive detentions (R-S136-END)', () => {
  const ended = (card: TCaseCard, at: string) =>
    apply(
      card,
      decideEndDetention(card, {
        commandId: CMD,
        caseId: card.id,
        expectedVersion: card.version,
        outcome: 'no-mental-disorder',
        note: '',
      }),
      at,
    );

  it('R-S136-END: a new s136 for the same person soon after the last one ended raises a warning', () => {
    const previous = {
      ...ended(detain({ decidedAt: '2026-11-22T01:00:00.000Z' }), '2026-11-22T09:00:00.000Z'),
      id: 'previous-card',
      ref: 'C-PREV01',
    };
    const current = detain({ decidedAt: '2026-11-23T01:00:00.000Z' });
    const alerts = consecutiveDetentionAlerts(current, [previous]);
    expect(alerts.map((a) => a.kind)).toEqual(['consecutive-detention']);
    expect(alerts[0]?.message).toMatch(/C-PREV01\) ended 16 h before/);
  });

  it('R-S136-END, R-PERSON-LINK: a likely match by name and date of birth warns too, with the real gap', () => {
    const unnamed = (name: string) => ({
      ...aCard(),
      person: { ...aCard().person, name, nhsNumber: null, age: { kind: 'date-of-birth' as const, date: '1990-01-02' } },
    });
    const previous = {
      ...ended(detain({ decidedAt: '2026-11-23T00:00:00.000Z' }, unnamed('Jon McKenzie')), '2026-11-23T00:50:00.000Z'),
      id: 'previous-card',
      ref: 'C-PREV02',
    };
    const current = detain({ decidedAt: '2026-11-23T01:00:00.000Z' }, unnamed('John Mackenzie'));
    const [alert] = consecutiveDetentionAlerts(current, [previous]);
    expect(alert?.message).toMatch(/may be the same person’s previous section 136 \(C-PREV02\) ended 10 min before/);
  });

  it('R-S136-END, R-IG-MIN: another area’s detention of the same NHS number is not disclosed', () => {
    const elsewhere = {
      ...ended(detain({ decidedAt: '2026-11-22T01:00:00.000Z' }), '2026-11-22T09:00:00.000Z'),
      id: 'elsewhere',
      ref: 'C-ELSE01',
      areaId: 'another-area',
    };
    expect(consecutiveDetentionAlerts(detain({ decidedAt: '2026-11-23T01:00:00.000Z' }), [elsewhere])).toEqual([]);
  });

  it('R-S136-END: no warning for someone else, for an old detention, or once it is on the card', () => {
    const current = detain({ decidedAt: '2026-11-23T01:00:00.000Z' });
    const other = {
      ...ended(
        detain(
          { decidedAt: '2026-11-22T01:00:00.000Z' },
          { ...aCard(), person: { ...aCard().person, nhsNumber: '9990126704' } },
        ),
        '2026-11-22T09:00:00.000Z',
      ),
      id: 'other',
    };
    expect(consecutiveDetentionAlerts(current, [other])).toEqual([]);
    const old = { ...ended(detain({ decidedAt: '2026-11-10T01:00:00.000Z' }), '2026-11-10T09:00:00.000Z'), id: 'old' };
    expect(consecutiveDetentionAlerts(current, [old])).toEqual([]);
    const recent = {
      ...ended(detain({ decidedAt: '2026-11-22T01:00:00.000Z' }), '2026-11-22T09:00:00.000Z'),
      id: 'recent',
    };
    const [alert] = consecutiveDetentionAlerts(current, [recent]);
    const raised = apply(current, { type: 'case.alert-raised', data: alert! });
    expect(consecutiveDetentionAlerts(raised, [recent])).toEqual([]);
  });
});

describe('AMHP worklist order', () => {
  it('running detentions come oldest clock first, not-yet-started last, ended ones left out', () => {
    const older = { ...arrive(choose(detain()), '2026-11-23T01:20:00.000Z'), id: 'older' };
    const newer = { ...arrive(choose(detain()), '2026-11-23T01:50:00.000Z'), id: 'newer' };
    const waiting = { ...choose(detain()), id: 'waiting' };
    const ended = {
      ...apply(
        older,
        decideEndDetention(older, {
          commandId: CMD,
          caseId: older.id,
          expectedVersion: older.version,
          outcome: 'other',
          note: '',
        }),
      ),
      id: 'ended',
    };
    expect(runningDetentions([waiting, newer, ended, older]).map((c) => c.id)).toEqual(['older', 'newer', 'waiting']);
  });
});
