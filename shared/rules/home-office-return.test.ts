import { describe, expect, it } from 'vitest';
import type { TCaseCard } from '../schemas/case';
import { evolve } from './case-lifecycle';
import { decideArrival, decideDetain, decideEndDetention, decidePlaceOfSafety } from './detention';
import { homeOfficeRow, HOME_OFFICE_COLUMNS, missingAnswers, toCsv } from './home-office-return';
import { aCard, aContext, asEvent } from './test-fixtures';

const police = aContext('police-officer');
const CMD = '00000000-0000-4000-8000-0000000000bb';
const apply = (card: TCaseCard, data: ReturnType<typeof decideDetain> | ReturnType<typeof decideDetain>[]) =>
  [data].flat().reduce((c, d) => evolve(c, asEvent(d, c.id, c.version + 1, police)), card);

describe('Home Office s136 return', () => {
  it('captures the return’s fields from the flow, with no names', () => {
    let card = aCard();
    card = apply(
      card,
      decideDetain(
        card,
        {
          commandId: CMD,
          caseId: card.id,
          expectedVersion: 1,
          power: 's136',
          officer: { name: 'PC Hollis', collarNumber: '1' },
          decidedAt: '2026-11-23T01:00:00.000Z',
          place: 'public-place',
          consultation: { kind: 'consulted', profession: 'nurse', name: 'T' },
          keptAtPlaceOfSafety: false,
        },
        new Date('2026-11-23T01:05:00Z'),
      ),
    );
    card = apply(
      card,
      decidePlaceOfSafety(
        card,
        {
          commandId: CMD,
          caseId: card.id,
          expectedVersion: card.version,
          kind: 'emergency-department',
          name: 'General ED',
          transport: { mode: 'police-vehicle', reason: 'no-ambulance-within-30-min' },
          policeStation: null,
          ageStatement: null,
        },
        new Date('2026-11-23T01:10:00Z'),
      ),
    );
    card = apply(
      card,
      decideArrival(
        card,
        {
          commandId: CMD,
          caseId: card.id,
          expectedVersion: card.version,
          arrivedOnSiteAt: '2026-11-23T01:30:00.000Z',
          enteredAt: null,
        },
        new Date('2026-11-23T01:40:00Z'),
      ),
    );
    card = apply(
      card,
      decideEndDetention(card, {
        commandId: CMD,
        caseId: card.id,
        expectedVersion: card.version,
        outcome: 'informal-admission',
        note: '',
      }),
    );
    const row = homeOfficeRow(card);
    // R-HO-RETURN: the return's own categories, UK local time (01:00 UTC in November is 01:00 in England).
    expect(row).toEqual({
      power: 'Section 136',
      date_detained: '2026-11-23',
      time_detained: '01:00',
      age: '30',
      under_18: 'No',
      sex: expect.any(String),
      ethnicity: 'Not stated',
      first_place_of_safety: 'A&E',
      transport: 'Police vehicle',
      police_vehicle_reason: 'Ambulance not available within 30 minutes',
      arrested_for_substantive_offence: '',
    });
    expect(JSON.stringify(row)).not.toContain('Alex');
    expect(JSON.stringify(row)).not.toContain(card.ref);
    // The fixture's sex is "not known": the return asks for it.
    expect(missingAnswers(card)).toEqual(['Sex']);
  });

  it('R-HO-RETURN: a detention in summer is written in British Summer Time, an s136 suite as a health-based place of safety', () => {
    let card = aCard();
    card = apply(
      card,
      decideDetain(
        card,
        {
          commandId: CMD,
          caseId: card.id,
          expectedVersion: 1,
          power: 's136',
          officer: { name: 'PC Hollis', collarNumber: '1' },
          decidedAt: '2026-07-01T23:30:00.000Z',
          place: 'public-place',
          consultation: { kind: 'consulted', profession: 'nurse', name: 'T' },
          keptAtPlaceOfSafety: false,
        },
        new Date('2026-07-01T23:35:00Z'),
      ),
    );
    card = apply(
      card,
      decidePlaceOfSafety(
        card,
        {
          commandId: CMD,
          caseId: card.id,
          expectedVersion: card.version,
          kind: 'health-based-suite',
          name: 'Willowbank',
          transport: { mode: 'ambulance' },
          policeStation: null,
          ageStatement: null,
        },
        new Date('2026-07-01T23:40:00Z'),
      ),
    );
    expect(homeOfficeRow(card)).toMatchObject({
      date_detained: '2026-07-02',
      time_detained: '00:30',
      first_place_of_safety: 'Health-based place of safety',
      transport: 'Ambulance',
      police_vehicle_reason: '',
    });
    expect(missingAnswers(card)).toEqual(['Sex', 'Outcome (the detention has not ended)']);
  });

  it('writes RFC 4180 CSV with quotes doubled', () => {
    expect(toCsv(['a', 'b'], [{ a: 'say "hi"', b: 'x,y' }])).toBe('"a","b"\r\n"say ""hi""","x,y"\r\n');
    expect(toCsv(HOME_OFFICE_COLUMNS, []).split(',')).toHaveLength(HOME_OFFICE_COLUMNS.length);
  });
});
