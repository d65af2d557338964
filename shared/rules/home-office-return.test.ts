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

type TTransport = Parameters<typeof decidePlaceOfSafety>[1]['transport'];
const at = (iso: string, minutes: number) => new Date(Date.parse(iso) + minutes * 60_000);
const base = (card: TCaseCard) => ({ commandId: CMD, caseId: card.id, expectedVersion: card.version });

/** A card detained under s136 at `decidedAt`, taken to `kind` by `transport` five minutes later. */
function detainedAndTaken(
  decidedAt: string,
  kind: 'emergency-department' | 'health-based-suite',
  transport: TTransport,
) {
  let card = aCard();
  card = apply(
    card,
    decideDetain(
      card,
      {
        ...base(card),
        power: 's136',
        officer: { name: 'PC Hollis', collarNumber: '1' },
        decidedAt,
        place: 'public-place',
        consultation: { kind: 'consulted', profession: 'nurse', name: 'T' },
        keptAtPlaceOfSafety: false,
      },
      at(decidedAt, 5),
    ),
  );
  card = apply(
    card,
    decidePlaceOfSafety(
      card,
      { ...base(card), kind, name: 'A place', transport, policeStation: null, ageStatement: null },
      at(decidedAt, 10),
    ),
  );
  return card;
}

describe('Home Office s136 return', () => {
  it('captures the return’s fields from the flow, with no names', () => {
    const decidedAt = '2026-11-23T01:00:00.000Z';
    let card = detainedAndTaken(decidedAt, 'emergency-department', {
      mode: 'police-vehicle',
      reason: 'no-ambulance-within-30-min',
    });
    card = apply(
      card,
      decideArrival(
        card,
        { ...base(card), arrivedOnSiteAt: at(decidedAt, 30).toISOString(), enteredAt: null },
        at(decidedAt, 40),
      ),
    );
    ({ card } = {
      card: apply(card, decideEndDetention(card, { ...base(card), outcome: 'informal-admission', note: '' })),
    });
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
    const card = detainedAndTaken('2026-07-01T23:30:00.000Z', 'health-based-suite', { mode: 'ambulance' });
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
