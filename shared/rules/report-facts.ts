import { REPORT_RULES } from '../config/reports';
import type { TCaseCard, TPriority } from '../schemas/case';
import type { TPlaceOfSafetyKind } from '../schemas/detention';
import { ageInYears, arrivalAt, firstPlaceReached } from './detention';
import { normaliseNhsNumber } from './nhs-number';
import { nameWords } from './person-match';

/**
 * The facts reports read (R-REPORT-FACTS): one row per card, folded from the event log in the same
 * transaction as the card, never a scan of raw events. Pure: the store writes what these return.
 */

/** The 2021 census high-level ethnic groups, plus the two answers that are not a group. */
export const ETHNIC_GROUPS = ['Asian', 'Black', 'Mixed', 'White', 'Other', 'Not stated', 'Not known'] as const;
export type TEthnicGroup = (typeof ETHNIC_GROUPS)[number];

/**
 * NHS Data Dictionary ethnic category → 2021 census high-level group. The census moved "Chinese" from
 * "Other ethnic group" to "Asian"; "Not stated" (Z: the person chose not to say) is kept apart from
 * "Not known" (not asked, or no answer recorded), and neither is ever dropped.
 */
const GROUP_OF_CODE: Record<string, TEthnicGroup> = {
  A: 'White',
  B: 'White',
  C: 'White',
  D: 'Mixed',
  E: 'Mixed',
  F: 'Mixed',
  G: 'Mixed',
  H: 'Asian',
  J: 'Asian',
  K: 'Asian',
  L: 'Asian',
  R: 'Asian',
  M: 'Black',
  N: 'Black',
  P: 'Black',
  S: 'Other',
  Z: 'Not stated',
  '99': 'Not known',
};
export const ethnicGroup = (code: string | null): TEthnicGroup =>
  code ? (GROUP_OF_CODE[code] ?? 'Not known') : 'Not known';

export const NOT_KNOWN = 'Not known';

/** A later card about the same person within this many days is a repeat contact (R-REPORT-OUTCOMES). */
export const REPEAT_CONTACT_DAYS: number = REPORT_RULES.repeatContactDays;

/** The configured age band of an age in years, or "Not known". */
export function ageBand(years: number | null): string {
  if (years === null) return NOT_KNOWN;
  return REPORT_RULES.ageBands.find((b) => years >= b.from && years <= b.to)?.label ?? NOT_KNOWN;
}

/** A UK postcode in the form the lookups key it by ("KV1 2AB" → "KV12AB"), or null. */
export function postcodeKey(text: string): string | null {
  const compact = text.toUpperCase().replace(/\s+/g, '');
  return /^[A-Z]{1,2}\d[A-Z\d]?\d[A-Z]{2}$/.test(compact) ? compact : null;
}

/** The last thing in a free-text address that looks like a UK postcode ("…, Kestrel Vale KV1 2AB"). */
export function postcodeInText(text: string): string | null {
  const found = [...text.toUpperCase().matchAll(/\b([A-Z]{1,2}\d[A-Z\d]?)\s*(\d[A-Z]{2})\b/g)];
  const last = found[found.length - 1];
  return last ? postcodeKey(`${last[1]}${last[2]}`) : null;
}

/** Where the first place of safety was, for reports: a kind, kept where they were, or not reached. */
export type TFirstPlace = TPlaceOfSafetyKind | 'kept-where-they-were' | 'not-reached';

export interface TCaseFacts {
  caseId: string;
  areaId: string;
  priority: TPriority;
  status: TCaseCard['status'];
  /** Instants are milliseconds since 1970 (UTC): a year of them is read and compared without parsing. */
  createdAt: number;
  closedAt: number | null;
  outcome: string | null;
  ethnicity: TEthnicGroup;
  sex: string;
  ageBand: string;
  /** The person's postcode, else one found in the address: the deprivation lookup's key. */
  postcode: string | null;
  /** Who this is across cards: the NHS number, else name and date of birth; null when neither is known. */
  personKey: string | null;
  power: 's136' | 's135' | null;
  detainedAt: number | null;
  firstPlace: TFirstPlace | null;
  transport: string | null;
  policeVehicleReason: string | null;
  policeStation: boolean;
  arrested: boolean | null;
  under18: boolean | null;
  /** From the decision to the outcome (or the breach), in minutes; null while running. */
  durationMinutes: number | null;
  extended: boolean;
  breached: boolean;
  /** From arrival at the first place to the police handing over, in minutes. */
  handoverMinutes: number | null;
  detentionOutcome: string | null;
}

const minutesBetween = (from: string | null, to: string | null): number | null =>
  from && to ? Math.round((Date.parse(to) - Date.parse(from)) / 60_000) : null;

function personKey(card: TCaseCard): string | null {
  if (card.person.nhsNumber) return `nhs:${normaliseNhsNumber(card.person.nhsNumber)}`;
  const name = card.person.name ? nameWords(card.person.name).join(' ') : '';
  if (name && card.person.age.kind === 'date-of-birth') return `dob:${card.person.age.date}:${name}`;
  return null;
}

/** An ISO instant as milliseconds, or null. */
export const instant = (iso: string | null | undefined): number | null => (iso ? Date.parse(iso) : null);

const sameJson = (a: unknown, b: unknown): boolean => a === b || JSON.stringify(a) === JSON.stringify(b);

/**
 * Whether two states of a card give the same facts: every field `caseFacts` reads is the same. The store
 * leaves the card's report row alone when they are (most updates), without working the facts out again.
 * Keep it in step with `caseFacts`: reports.test.ts checks, over random changes to every part of a card,
 * that cards this calls the same always have the same facts.
 */
export function sameFactInputs(a: TCaseCard, b: TCaseCard): boolean {
  return (
    a.id === b.id &&
    a.areaId === b.areaId &&
    a.priority === b.priority &&
    a.status === b.status &&
    a.createdAt === b.createdAt &&
    a.closedAt === b.closedAt &&
    a.outcome?.kind === b.outcome?.kind &&
    a.location.description === b.location.description &&
    sameJson(a.person, b.person) &&
    sameJson(a.detention, b.detention)
  );
}

/** The card's facts, as of its current state. */
export function caseFacts(card: TCaseCard): TCaseFacts {
  const d = card.detention;
  const first = d ? (firstPlaceReached(d) ?? d.places[0] ?? null) : null;
  const years = ageInYears(card.person.age, new Date(d?.decidedAt ?? card.createdAt));
  const postcode =
    (card.person.postcode ? postcodeKey(card.person.postcode) : null) ?? postcodeInText(card.location.description);
  return {
    caseId: card.id,
    areaId: card.areaId,
    priority: card.priority,
    status: card.status,
    createdAt: Date.parse(card.createdAt),
    closedAt: instant(card.closedAt),
    outcome: card.outcome?.kind ?? null,
    ethnicity: ethnicGroup(card.person.ethnicity),
    sex: card.person.sex ?? 'not-known',
    ageBand: ageBand(years),
    postcode,
    personKey: personKey(card),
    power: d?.power ?? null,
    detainedAt: instant(d?.decidedAt ?? null),
    firstPlace: !d ? null : d.keptAtPlaceOfSafety ? 'kept-where-they-were' : (first?.kind ?? 'not-reached'),
    transport: first?.transport.mode ?? null,
    policeVehicleReason: first?.transport.mode === 'police-vehicle' ? first.transport.reason : null,
    policeStation: d ? d.places.some((p) => p.kind === 'police-station') : false,
    arrested: first?.policeStation ? first.policeStation.arrestedForSubstantiveOffence : null,
    under18: !d ? null : years !== null ? years < 18 : d.ageStatement === null ? null : d.ageStatement === 'under-18',
    durationMinutes: d ? minutesBetween(d.decidedAt, d.outcome?.at ?? d.breachedAt) : null,
    extended: d?.extension != null,
    breached: d?.breachedAt != null,
    handoverMinutes: d && first ? minutesBetween(arrivalAt(first), d.handedOverAt) : null,
    detentionOutcome: d ? (d.outcome?.kind ?? null) : null,
  };
}

/** The response-interval stamps after the call, each the first event that records it. */
export const RESPONSE_STAMP_COLUMNS = [
  'triagedAt',
  'dispatchedAt',
  'acceptedAt',
  'onSceneAt',
  'leftSceneAt',
  'handedOverAt',
  'clearAt',
] as const;
export type TReportStamp = (typeof RESPONSE_STAMP_COLUMNS)[number];

interface TEventLike {
  kind: string;
  streamId: string;
  type: string;
  data: unknown;
  at: string;
}

/**
 * The response stamps an event records for a card (the same rules as the card's own response
 * intervals; a store keeps only the first of each): triage is the first ownership; the rest come from
 * the unit on the job, at the time the crew made the change when it was kept offline. Leaving the
 * scene straight for "available" is both left scene and clear.
 */
export function reportStamps(event: TEventLike): { caseId: string; stamp: TReportStamp; at: string }[] {
  if (event.kind === 'case')
    return event.type === 'case.ownership-taken' ? [{ caseId: event.streamId, stamp: 'triagedAt', at: event.at }] : [];
  if (event.kind !== 'unit') return [];
  const data = event.data as { caseId?: string | null; from?: string; to?: string; occurredAt?: string };
  if (!data.caseId) return [];
  const caseId = data.caseId;
  const at = data.occurredAt ?? event.at;
  if (event.type === 'unit.dispatched') return [{ caseId, stamp: 'dispatchedAt', at }];
  if (event.type === 'unit.accepted') return [{ caseId, stamp: 'acceptedAt', at }];
  if (event.type !== 'unit.status-changed') return [];
  const stamps: TReportStamp[] = [];
  if (data.to === 'on-scene') stamps.push('onSceneAt');
  if (data.from === 'on-scene') stamps.push('leftSceneAt');
  if (data.from === 'handing-over') stamps.push('handedOverAt');
  if (data.to === 'available') stamps.push('clearAt');
  return stamps.map((stamp) => ({ caseId, stamp, at }));
}

/** A card's report facts with its response stamps, deprivation decile and whether it was a repeat contact. */
export type TReportFactsRow = TCaseFacts &
  Record<TReportStamp, number | null> & {
    /** From the postcode through the imported lookups; null when either is missing. */
    imdDecile: number | null;
    /** An earlier card about the same person (personKey) began within REPEAT_CONTACT_DAYS before this one. */
    repeatContact: boolean;
  };

/**
 * The facts the reports of cards read, and nothing more: reading a value costs about as much as the
 * arithmetic on it, so a year of cards is read without the detention facts, and without the cards'
 * ids, which only a drill-down (`TDrillRow`) needs.
 */
export const CARD_FACT_KEYS = [
  'priority',
  'createdAt',
  'outcome',
  'ethnicity',
  'sex',
  'ageBand',
  ...RESPONSE_STAMP_COLUMNS,
  'imdDecile',
  'repeatContact',
] as const satisfies readonly (keyof TReportFactsRow)[];
export type TCardFactsRow = Pick<TReportFactsRow, (typeof CARD_FACT_KEYS)[number]>;

/** The facts the detention reports read: the detention's own, without the response stamps. */
export const DETENTION_FACT_KEYS = [
  'ethnicity',
  'sex',
  'ageBand',
  'power',
  'firstPlace',
  'transport',
  'policeVehicleReason',
  'policeStation',
  'arrested',
  'under18',
  'durationMinutes',
  'extended',
  'breached',
  'handoverMinutes',
  'detentionOutcome',
  'imdDecile',
] as const satisfies readonly (keyof TReportFactsRow)[];
export type TDetentionFactsRow = Pick<TReportFactsRow, (typeof DETENTION_FACT_KEYS)[number]>;

/** A row behind a figure (R-REPORT-DRILL): the facts its set reads, and which card it is. */
export type TDrillRow = (TCardFactsRow | TDetentionFactsRow) & { caseId: string };

/** A hold declined or lapsed at a service (R-NTA-1), for the turn-away report. */
export interface TTurnAwayRow {
  seq: number;
  serviceId: string;
  serviceName: string;
  category: string;
  caseId: string;
  how: 'declined' | 'expired';
  reason: string;
  at: string;
}
