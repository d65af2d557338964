import { describe, expect, it } from 'vitest';
import { DISPATCH_RULES } from '../config/dispatch';
import type { TUnit } from '../schemas/unit';
import { isFreeToDispatch, nearestFree, suggestionText, suggestUnits } from './nearest-unit';
import { aCard, aUnit } from './test-fixtures';

const NOW = new Date('2026-12-02T03:00:00Z');
const minutesAgo = (m: number) => new Date(NOW.getTime() - m * 60_000).toISOString();
const at = (lat: number, lng: number, minutes = 2): TUnit['location'] => ({
  lat,
  lng,
  at: minutesAgo(minutes),
  source: 'device',
});
const card = aCard({
  location: { description: 'Market Square', type: 'public-place', coordinates: { lat: 52.41, lng: -1.51 } },
});
const callSigns = (list: { unit: TUnit }[]) => list.map((s) => s.unit.callSign);

describe('R-DISPATCH-NEAREST: the nearest available unit is suggested on dispatch', () => {
  it('ranks free units by straight-line distance from the card', () => {
    const units = [
      aUnit({ id: 'far', callSign: 'AMB1', location: at(52.43, -1.49) }),
      aUnit({ id: 'near', callSign: 'ST2', location: at(52.411, -1.511) }),
    ];
    const [first, second] = suggestUnits(card, units, NOW);
    expect(first?.unit.callSign).toBe('ST2');
    expect(first?.distanceKm).toBeCloseTo(0.13, 1);
    expect(second?.distanceKm).toBeGreaterThan(2);
  });

  it('offers only units on shift, available and on no other job', () => {
    const units = [
      aUnit({ id: 'a', callSign: 'ST1' }),
      aUnit({ id: 'b', callSign: 'ST2', isOnShift: false }),
      aUnit({ id: 'c', callSign: 'ST3', status: 'unavailable' }),
      aUnit({
        id: 'd',
        callSign: 'ST4',
        status: 'en-route',
        assignment: {
          caseId: '22222222-2222-4222-8222-222222222222',
          caseRef: 'KV-2',
          dispatchedAt: minutesAgo(5),
          dispatchedBy: 'Olu',
          acceptBy: minutesAgo(2),
          acceptedAt: minutesAgo(4),
          escalatedAt: null,
        },
      }),
    ];
    expect(callSigns(suggestUnits(card, units, NOW))).toEqual(['ST1']);
    expect(units.filter(isFreeToDispatch).map((u) => u.callSign)).toEqual(['ST1']);
  });

  it(`ranks a position older than ${DISPATCH_RULES.positionFreshMinutes} min after every fresh one`, () => {
    const units = [
      aUnit({ id: 'old', callSign: 'ST1', location: at(52.41, -1.51, DISPATCH_RULES.positionFreshMinutes + 1) }),
      aUnit({ id: 'fresh', callSign: 'ST2', location: at(52.43, -1.49, DISPATCH_RULES.positionFreshMinutes) }),
    ];
    const list = suggestUnits(card, units, NOW);
    expect(callSigns(list)).toEqual(['ST2', 'ST1']);
    expect(list.map((s) => s.isPositionOld)).toEqual([false, true]);
  });

  it('puts units with no position, or every unit when the card has none, last in call-sign order', () => {
    const units = [
      aUnit({ id: 'x', callSign: 'ST10' }),
      aUnit({ id: 'y', callSign: 'ST2', location: at(52.5, -1.4) }),
      aUnit({ id: 'z', callSign: 'ST9' }),
    ];
    expect(callSigns(suggestUnits(card, units, NOW))).toEqual(['ST2', 'ST9', 'ST10']);
    const nowhere = aCard();
    const list = suggestUnits(nowhere, units, NOW);
    expect(callSigns(list)).toEqual(['ST2', 'ST9', 'ST10']);
    expect(list.every((s) => s.distanceKm === null)).toBe(true);
  });

  it('names a unit as nearest only when its distance is known and its position fresh (H-061)', () => {
    const fresh = aUnit({ id: 'f', callSign: 'ST2', location: at(52.42, -1.51) });
    const old = aUnit({ id: 'o', callSign: 'ST1', location: at(52.41, -1.51, 40) });
    expect(nearestFree(suggestUnits(card, [fresh, old], NOW))?.unit.callSign).toBe('ST2');
    expect(nearestFree(suggestUnits(card, [old], NOW))).toBeNull();
    expect(nearestFree(suggestUnits(aCard(), [fresh], NOW))).toBeNull();
    expect(nearestFree([])).toBeNull();
  });

  it('never suggests a phone line in the control room for an address', () => {
    const phone = aUnit({ id: 'p', callSign: 'TRIAGE LINE', kind: 'street-triage-phone', location: at(52.41, -1.51) });
    expect(suggestUnits(card, [phone], NOW)).toEqual([]);
  });

  it('says how far and how old in plain words', () => {
    const [s] = suggestUnits(card, [aUnit({ location: at(52.42, -1.51, 75) })], NOW);
    expect(s && suggestionText(s)).toBe('1.1 km · position 1 h 15 min old');
    const [none] = suggestUnits(card, [aUnit()], NOW);
    expect(none && suggestionText(none)).toBe('distance not known · no position shared');
  });
});
