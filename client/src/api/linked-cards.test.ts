import { describe, expect, it } from 'vitest';
import type { TUnit } from '@shared/schemas/unit';
import { cardsTouchedByUnit } from './linked-cards';

const unit: TUnit = {
  id: 'u1',
  areaId: 'a',
  version: 5,
  updatedAt: '2026-12-01T20:00:00Z',
  callSign: 'ST1',
  kind: 'street-triage-car',
  organisationId: 'o',
  members: [],
  isOnShift: true,
  status: 'en-route',
  statusSince: '2026-12-01T20:00:00Z',
  location: null,
  assignment: {
    caseId: 'card-1',
    caseRef: 'C-1',
    dispatchedAt: '2026-12-01T19:58:00Z',
    dispatchedBy: 'Olu Adeyemi',
    acceptBy: '2026-12-01T20:01:00Z',
    acceptedAt: '2026-12-01T19:59:00Z',
    escalatedAt: null,
  },
  stoodDown: null,
  sos: null,
};

describe('which open cards a unit change concerns (R-LINK-TIMELINE)', () => {
  it('R-LINK-TIMELINE: a location update concerns no card, so no card is fetched again', () => {
    const moved = {
      ...unit,
      version: 6,
      location: { lat: 52.4, lng: -1.5, at: '2026-12-01T20:01:00Z', source: 'device' as const, accuracyMetres: 10 },
    };
    expect(cardsTouchedByUnit(unit, moved as TUnit)).toEqual([]);
  });

  it('R-LINK-TIMELINE: a status change concerns the card the unit is on; a stand-down the card it left', () => {
    expect(cardsTouchedByUnit(unit, { ...unit, version: 6, status: 'on-scene' })).toEqual(['card-1']);
    expect(cardsTouchedByUnit(unit, { ...unit, version: 6, status: 'available', assignment: null })).toEqual([
      'card-1',
    ]);
  });

  it('R-LINK-TIMELINE: a unit not yet in the list concerns the card it is on', () => {
    expect(cardsTouchedByUnit(undefined, unit)).toEqual(['card-1']);
  });
});
