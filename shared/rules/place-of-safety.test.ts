import { describe, expect, it } from 'vitest';
import type { TCaseCard } from '../schemas/case';
import type { TPlaceOfSafety } from '../schemas/detention';
import { decideArriveAtPlace, decideLeavePlace, registryPlace, roomCategoryFor } from './place-of-safety';
import type { TCaseEvent } from './case-events';
import { incomingFacts, isReceiving, receivingViewFor } from './receiving';
import { toTimelineEntry } from './timeline';
import { aCard, aService, counts, MONDAY_8PM, minutesBefore } from './test-fixtures';

const suite = aService({
  id: 'suite',
  kind: 'A20',
  name: 'Willowbank s136 Suite',
  areaId: 'test-area',
  capacity: { adult: counts(2), under18: counts(1), confirmedAt: minutesBefore(10), confirmedBy: 'staff' },
});
const child = aCard({
  person: { name: 'Sam', age: { kind: 'age', years: 15 }, sex: 'male', ethnicity: 'Z', nhsNumber: null },
});
const adult = aCard();
const place = (over: Partial<TPlaceOfSafety> = {}): TPlaceOfSafety => ({
  kind: 'health-based-suite',
  name: suite.name,
  transport: { mode: 'ambulance' },
  policeStation: null,
  chosenAt: minutesBefore(30),
  arrivedOnSiteAt: null,
  enteredAt: null,
  serviceId: suite.id,
  holdId: 'hold-1',
  category: 'adult',
  ...over,
});

describe('the place of safety from the registry (R-POS-REGISTRY)', () => {
  it('R-POS-REGISTRY: a child needs an under-18 room; an unknown age stated as under 18 too', () => {
    expect(roomCategoryFor(child, null, MONDAY_8PM)).toBe('under18');
    expect(roomCategoryFor(adult, null, MONDAY_8PM)).toBe('adult');
    const unknown = { person: { ...adult.person, age: { kind: 'unknown' as const } } };
    expect(roomCategoryFor(unknown, 'under-18', MONDAY_8PM)).toBe('under18');
  });

  it('R-POS-REGISTRY: the registry gives the kind, name and room; a service with no such room, a closed or full one, or a café is refused', () => {
    expect(registryPlace(suite, child, null, MONDAY_8PM)).toEqual({
      kind: 'health-based-suite',
      name: 'Willowbank s136 Suite',
      serviceId: 'suite',
      category: 'under18',
    });
    const adultsOnly = { ...suite, capacity: { ...suite.capacity, under18: counts(0) } };
    expect(() => registryPlace(adultsOnly, child, null, MONDAY_8PM)).toThrow(/no under-18 room/);
    expect(() => registryPlace({ ...suite, status: 'closed' }, adult, null, MONDAY_8PM)).toThrow(/is closed/);
    const full = { ...suite, capacity: { ...suite.capacity, adult: counts(2, 2) } };
    expect(() => registryPlace(full, adult, null, MONDAY_8PM)).toThrow(/No free adult room/);
    expect(() => registryPlace(aService({ id: 'cafe', kind: 'A21' }), adult, null, MONDAY_8PM)).toThrow(
      /not a place of safety/,
    );
    const ed = aService({
      id: 'ed',
      kind: 'ED',
      capacity: { ...suite.capacity, adult: counts(0), under18: counts(0) },
    });
    expect(registryPlace(ed, child, null, MONDAY_8PM)).toMatchObject({ kind: 'emergency-department', category: null });
  });

  it('R-POS-REGISTRY: arrival fills the held room, or a free one if the hold is gone; leaving releases a hold or sends the room to cleaning', () => {
    const held = { ...suite, holds: [{ id: 'hold-1', category: 'adult' } as never] };
    expect(decideArriveAtPlace(held, place(), 'C-1')).toEqual({ type: 'hold.arrived', data: { holdId: 'hold-1' } });
    expect(decideArriveAtPlace(suite, place(), 'C-1')).toMatchObject({
      type: 'service.room-changed',
      data: { change: 'occupied', category: 'adult' },
    });
    expect(decideLeavePlace(held, place(), 'C-1', 'moved')).toEqual({
      type: 'hold.released',
      data: { holdId: 'hold-1', reason: 'moved' },
    });
    const occupied = { ...suite, capacity: { ...suite.capacity, adult: counts(2, 1) } };
    const arrived = place({ arrivedOnSiteAt: minutesBefore(10) });
    expect(decideLeavePlace(occupied, arrived, 'C-1', 'ended')).toMatchObject({
      type: 'service.room-changed',
      data: { change: 'vacated', category: 'adult', reason: 'ended' },
    });
    expect(decideLeavePlace(suite, place({ serviceId: null, holdId: null, category: null }), 'C-1', 'x')).toBeNull();
  });
});

describe('receiving services (R-LINK-RECEIVING)', () => {
  const withDetention = (over: Partial<NonNullable<TCaseCard['detention']>>): TCaseCard =>
    ({ ...adult, detention: { places: [place()], outcome: null, ...over } }) as TCaseCard;

  it('R-LINK-RECEIVING: suite staff read in the clinical view, crisis alternatives in the receiving view, others none', () => {
    expect(receivingViewFor('pos-staff')).toBe('clinical');
    expect(receivingViewFor('provider')).toBe('receiving');
    expect(receivingViewFor('board')).toBeNull();
  });

  it('R-LINK-RECEIVING: a place of safety receives the card until the detention ends or moves on, and for 12 hours after', () => {
    const card = withDetention({});
    const holding = { ...suite, holds: [{ id: 'hold-1', caseId: card.id, category: 'adult' } as never] };
    expect(incomingFacts(card, holding, MONDAY_8PM)?.state).toBe('expected');
    // The suite declined the room: its view of the card ends 12 hours after, not when the detention does.
    const declined = {
      ...suite,
      recentHolds: [
        {
          holdId: 'hold-1',
          caseId: card.id,
          caseRef: card.ref,
          category: 'adult' as const,
          how: 'declined' as const,
          endedAt: minutesBefore(60),
        },
      ],
    };
    expect(isReceiving(card, [declined], MONDAY_8PM)).toBe(true);
    expect(isReceiving(card, [declined], new Date(MONDAY_8PM.getTime() + 11 * 3_600_000))).toBe(false);
    expect(isReceiving(card, [suite], MONDAY_8PM)).toBe(false);
    const here = withDetention({ places: [place({ arrivedOnSiteAt: minutesBefore(5) })] });
    expect(incomingFacts(here, suite, MONDAY_8PM)?.state).toBe('arrived');
    const ended = withDetention({
      places: [place({ arrivedOnSiteAt: minutesBefore(60) })],
      outcome: { kind: 'informal-admission', note: null, at: minutesBefore(30) },
    });
    expect(incomingFacts(ended, suite, MONDAY_8PM)?.state).toBe('left');
    const later = new Date(MONDAY_8PM.getTime() + 12 * 3_600_000);
    expect(isReceiving(ended, [suite], later)).toBe(false);
    expect(isReceiving(card, [{ ...suite, id: 'another' }], MONDAY_8PM)).toBe(false);
  });

  it('R-LINK-RECEIVING: a crisis alternative receives the card while a place is held, then for 12 hours after it ended', () => {
    const cafe = aService({ id: 'cafe', kind: 'A21', areaId: 'test-area' });
    const hold = { id: 'h', caseId: adult.id, caseRef: adult.ref, category: 'adult' as const, state: 'held' as const };
    const holding = {
      ...cafe,
      holds: [{ ...hold, placedAt: minutesBefore(5), expiresAt: minutesBefore(-55), placedBy: null, note: '' }],
    };
    expect(incomingFacts(adult, holding, MONDAY_8PM)?.state).toBe('expected');
    const ended = {
      ...cafe,
      recentHolds: [
        {
          holdId: 'h',
          caseId: adult.id,
          caseRef: adult.ref,
          category: 'adult' as const,
          how: 'arrived' as const,
          endedAt: minutesBefore(60),
        },
      ],
    };
    expect(incomingFacts(adult, ended, MONDAY_8PM)?.state).toBe('arrived');
    expect(isReceiving(adult, [ended], new Date(MONDAY_8PM.getTime() + 11 * 3_600_000 - 60_000))).toBe(true);
    expect(isReceiving(adult, [ended], new Date(MONDAY_8PM.getTime() + 11 * 3_600_000))).toBe(false);
  });
});

describe('a receiving view of the timeline (R-LINK-RECEIVING, R-IG-MIN)', () => {
  it('R-LINK-RECEIVING: a café reading a card’s timeline is told a detention step happened, not what it said', () => {
    const event = {
      type: 'case.assessment-recorded',
      data: {
        assessment: {
          kind: 'doctor',
          at: minutesBefore(5),
          doctorName: 'Dr Okoro',
          isS12Approved: true,
          whyNotS12: '',
        },
      },
      seq: 9,
      caseId: adult.id,
      version: 9,
      at: minutesBefore(5),
      actor: { id: 'u', name: 'Tess', role: 'triage-clinician' },
      commandId: 'c',
    } as TCaseEvent;
    expect(toTimelineEntry(event, 'receiving').text).not.toContain('Okoro');
    expect(toTimelineEntry(event, 'clinical').text).toContain('Okoro');
  });
});
