import { describe, expect, it } from 'vitest';
import { ESCALATION_RULES } from '../config/capacity';
import { capacityIndicators, escalationLevel, type TEscalationInput } from './escalation';
import { aService, counts, MONDAY_8PM, minutesBefore } from './test-fixtures';

const calm: TEscalationInput = {
  freeS136Rooms: 3,
  freeUnder18Rooms: 1,
  staleFigures: 0,
  detentionsNearExpiry: 0,
  detentionsBreached: 0,
  policeStationUses: 0,
  unownedEmergencies: 0,
  turnAways: 0,
};

describe('OPEL-style escalation from configurable thresholds', () => {
  it('level 1 when every indicator is within its thresholds', () => {
    expect(escalationLevel(calm)).toEqual({ level: 1, reasons: [], summary: 'OPEL 1: meeting demand' });
  });

  it('the highest indicator sets the level, and every reason is shown, worst first', () => {
    const result = escalationLevel({ ...calm, freeS136Rooms: 0, staleFigures: 2 });
    expect(result.level).toBe(3);
    expect(result.summary).toBe('OPEL 3: 0 free s136 rooms; 2 figures stale');
  });

  it('a breached detention is OPEL 4 on its own', () => {
    expect(escalationLevel({ ...calm, detentionsBreached: 1 }).summary).toBe(
      'OPEL 4: 1 detention past the legal limit',
    );
  });

  it('R-POS-ADULT: any police station in use as a place of safety escalates at once', () => {
    expect(escalationLevel({ ...calm, policeStationUses: 1 }).level).toBe(3);
  });

  it('R-NTA-1: turn-aways count towards the level', () => {
    expect(escalationLevel({ ...calm, turnAways: 1 }).reasons).toEqual([
      { level: 2, text: '1 person turned away in 24 h' },
    ]);
  });

  it('reads its thresholds from configuration', () => {
    const strict = { ...ESCALATION_RULES, freeS136RoomsAtMost: { 2: 5, 3: 3, 4: 3 } };
    expect(escalationLevel(calm, strict).level).toBe(4);
  });
});

describe('capacity indicators for the board', () => {
  it('counts free s136 rooms (adult and under-18 apart) and stale figures', () => {
    const suite = aService({
      id: 's1',
      kind: 'A20',
      capacity: { adult: counts(2, 1), under18: counts(1, 1), confirmedAt: minutesBefore(10), confirmedBy: 'x' },
    });
    const staleCafe = aService({
      id: 'c1',
      kind: 'A21',
      capacity: { ...suite.capacity, confirmedAt: minutesBefore(600) },
    });
    const closedSuite = { ...suite, id: 's2', status: 'closed' as const };
    expect(capacityIndicators([suite, staleCafe, closedSuite], MONDAY_8PM)).toEqual({
      freeS136Rooms: 1,
      freeUnder18Rooms: 0,
      staleFigures: 1,
    });
  });
});
