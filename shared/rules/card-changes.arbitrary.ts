import fc from 'fast-check';
import type { TCaseCard } from '../schemas/case';
import { evolve } from './case-lifecycle';
import { decideDetain } from './detention';
import { aCard, aContext, aDetainRequest, asEvent } from './test-fixtures';

/**
 * Random changes to a card for property tests (test code only): to every part a search document or a
 * report's facts read, and to parts neither should. Each part's values include the card's own, so many
 * changes leave it as it was.
 */

/** A card with a running s136 detention, so changes reach the detention record too. */
function aDetainedCard(): TCaseCard {
  const card = aCard();
  const input = aDetainRequest(card);
  const data = decideDetain(card, input, new Date(new Date(input.decidedAt).getTime() + 3_600_000));
  return [data]
    .flat()
    .reduce((c, d) => evolve(c, asEvent(d, c.id, c.version + 1, aContext('police-officer'), input.decidedAt)), card);
}

type TChange = (card: TCaseCard) => TCaseCard;

const person = <K extends keyof TCaseCard['person']>(key: K, values: TCaseCard['person'][K][]): fc.Arbitrary<TChange> =>
  fc.constantFrom(...values).map((value) => (card) => ({ ...card, person: { ...card.person, [key]: value } }));

const field = <K extends keyof TCaseCard>(key: K, values: TCaseCard[K][]): fc.Arbitrary<TChange> =>
  fc.constantFrom(...values).map((value) => (card) => ({ ...card, [key]: value }));

const detention =
  (change: Partial<NonNullable<TCaseCard['detention']>>): TChange =>
  (card) =>
    card.detention ? { ...card, detention: { ...card.detention, ...change } } : card;

const CHANGES: fc.Arbitrary<TChange>[] = [
  field('summary', ['update 1', 'On the bridge, agreed to stay on the line']),
  field('version', [2, 3, 9]),
  field('updatedAt', ['2026-11-23T04:00:00.000Z', '2026-11-23T05:30:00.000Z']),
  field('riskFlags', [
    { toSelf: false, toOthers: false, fromOthers: false, safeguarding: false },
    { toSelf: true, toOthers: false, fromOthers: false, safeguarding: true },
  ]),
  field('ref', ['C-111111', 'C-222222']),
  field('areaId', ['area-1', 'area-2']),
  field('priority', ['emergency', 'urgent', 'routine']),
  field('status', ['open', 'contact-lost', 'closed']),
  field('closedAt', [null, '2026-11-23T06:00:00.000Z']),
  field('outcome', [null, { kind: 'home-treatment-team', destinationOrSafetyNet: 'HTT visit at 10:00' }]),
  person('name', [null, 'Sam Kerr', 'Sam  Kerr', 'Jordan Pell']),
  person('nhsNumber', [null, '9990126704']),
  person('age', [
    { kind: 'unknown' },
    { kind: 'age', years: 34 },
    { kind: 'age', years: 16 },
    { kind: 'date-of-birth', date: '1992-04-01' },
  ]),
  person('sex', ['male', 'female', 'not-known']),
  person('ethnicity', [null, 'A', 'Z']),
  person('postcode', [null, 'KV1 2AB']),
  fc.constantFrom('', '07700 900123', '07700900123').map((callbackNumber): TChange => (card) => ({
    ...card,
    caller: { name: card.caller?.name ?? '', relationship: card.caller?.relationship ?? '', callbackNumber },
  })),
  fc
    .constantFrom('Market Square bus station', 'KV1 2AB Mill Lane', '14 Orchard Row')
    .map((description): TChange => (card) => ({ ...card, location: { ...card.location, description } })),
  fc.constantFrom(
    detention({ breachedAt: '2026-11-24T03:00:00.000Z' }),
    detention({ handedOverAt: '2026-11-23T04:10:00.000Z' }),
    detention({ keptAtPlaceOfSafety: true }),
  ),
];

/** A card (with or without a detention) and the same card after one to four random changes. */
export const aCardAndItsChange: fc.Arbitrary<readonly [TCaseCard, TCaseCard]> = fc
  .tuple(fc.constantFrom(aCard(), aDetainedCard()), fc.array(fc.oneof(...CHANGES), { minLength: 1, maxLength: 4 }))
  .map(([card, changes]) => [card, changes.reduce((c, change) => change(c), card)] as const);
