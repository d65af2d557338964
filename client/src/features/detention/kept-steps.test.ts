import { describe, expect, it } from 'vitest';
import { evolve } from '@shared/rules/case-lifecycle';
import { decideDetain, decidePlaceOfSafety } from '@shared/rules/detention';
import { aCard, aContext, aDetainRequest, asEvent, POLICE_STATION_AUTHORITY } from '@shared/rules/test-fixtures';
import type { TCaseEventData } from '@shared/rules/case-events';
import type { TCaseCard } from '@shared/schemas/case';
import { checkStepOnDevice } from './kept-steps';

const CMD = '00000000-0000-4000-8000-0000000000aa';
const police = aContext('police-officer');
const NOW = new Date('2026-11-23T02:00:00Z');

function apply(card: TCaseCard, data: TCaseEventData | TCaseEventData[]): TCaseCard {
  return [data].flat().reduce((c, d) => evolve(c, asEvent(d, c.id, c.version + 1, police)), card);
}

/** Detained at 01:00, taken to a police station (every condition met). */
function atPoliceStation(): TCaseCard {
  let card = aCard();
  const base = { commandId: CMD, caseId: card.id, expectedVersion: card.version };
  card = apply(card, decideDetain(card, aDetainRequest(card), NOW));
  return apply(
    card,
    decidePlaceOfSafety(
      card,
      {
        ...base,
        expectedVersion: card.version,
        kind: 'police-station',
        name: 'Northgate custody',
        transport: { mode: 'ambulance' },
        policeStation: POLICE_STATION_AUTHORITY,
        ageStatement: '18-or-over',
      },
      NOW,
    ),
  );
}

const arrival = (at: string) => ({
  commandId: CMD,
  caseId: 'c',
  expectedVersion: 3,
  arrivedOnSiteAt: at,
  enteredAt: null,
});

describe('a detention step checked on the tablet before it is kept (S-25)', () => {
  it('R-S136-CLOCK-1: an arrival before the detention is refused on the device, with the hub’s own reason', () => {
    const error = checkStepOnDevice(
      atPoliceStation(),
      null,
      'case:record-arrival',
      arrival('2026-11-23T00:50:00Z'),
      NOW,
    );
    expect(error).toMatchObject({ code: 'RULE_VIOLATION', ruleId: 'R-S136-CLOCK-1' });
    expect(
      checkStepOnDevice(atPoliceStation(), null, 'case:record-arrival', arrival('2026-11-23T01:30:00Z'), NOW),
    ).toBeNull();
  });

  it('R-POS-WELFARE: a welfare check follows an arrival kept on the device, and is refused without one', () => {
    const check = { at: '2026-11-23T01:45:00Z', by: 'Nurse Okafor' };
    expect(checkStepOnDevice(atPoliceStation(), null, 'case:record-welfare-check', check, NOW)).toMatchObject({
      ruleId: 'R-POS-WELFARE',
    });
    expect(
      checkStepOnDevice(atPoliceStation(), arrival('2026-11-23T01:30:00Z'), 'case:record-welfare-check', check, NOW),
    ).toBeNull();
  });
});
