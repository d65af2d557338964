import { doubleMetaphone } from 'double-metaphone';
import type { TCaseCard, TPersonLinkBasis } from '../schemas/case';
import type { TLinkSuggestion, TPreviousContact } from '../schemas/search';
import { ROLE_LABELS } from '../schemas/user';

/**
 * Who is the same person (R-PERSON-LINK). Cards are linked without asking only when both carry the same
 * NHS number; a match on name and date of birth, or on the caller's phone number, is only ever suggested,
 * and an operator confirms or rejects it (each decision an event on both cards). A rejected pair is never
 * suggested again. Two different NHS numbers are two different people, whatever else matches.
 */

/** Lower case, accents removed, "Mc"/"Mac" and punctuation kept out of the way: the words of a name. */
export function nameWords(name: string | null | undefined): string[] {
  if (!name) return [];
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/['’`]/g, '')
    .split(/[^a-z]+/)
    .filter((w) => w.length > 0);
}

/**
 * How a name word sounds (Double Metaphone, both codes): "Jon" and "John", "McKenzie" and "Mackenzie",
 * "Smith" and "Smyth", "Catherine" and "Kathryn" share a code. A single letter (an initial) has none.
 */
export function soundsOf(word: string): string[] {
  if (word.length < 2) return [];
  const [primary, alternate] = doubleMetaphone(word);
  return [...new Set([primary, alternate].filter((c) => c.length > 0))];
}

/** Single-character edits from one word to the other (Levenshtein). */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++)
      current[j] = Math.min(
        (previous[j] ?? 0) + 1,
        (current[j - 1] ?? 0) + 1,
        (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    previous = current;
  }
  return previous[b.length] ?? 0;
}

/**
 * Two words are the same name when they sound alike and are spelt nearly alike: sound alone would
 * make "Jane" and "John" one name (both JN), spelling alone would part "Catherine" and "Kathryn".
 */
const soundsLike = (a: string, b: string): boolean =>
  a === b ||
  (soundsOf(a).some((code) => soundsOf(b).includes(code)) &&
    editDistance(a, b) <= Math.max(1, Math.round(0.45 * Math.max(a.length, b.length))));

/**
 * Two names are the same name when their first words match and their last words sound alike
 * (a middle name may be missing from one); a one-word name must sound like one of the other's words.
 */
export function namesMatch(a: string | null | undefined, b: string | null | undefined): boolean {
  const x = nameWords(a);
  const y = nameWords(b);
  if (x.length === 0 || y.length === 0) return false;
  if (x.length === 1 || y.length === 1) {
    const [single, other] = x.length === 1 ? [x, y] : [y, x];
    return other.some((w) => soundsLike(single[0] ?? '', w));
  }
  return soundsLike(x[0] ?? '', y[0] ?? '') && soundsLike(x[x.length - 1] ?? '', y[y.length - 1] ?? '');
}

/** A telephone number as dialled in the UK: digits only, +44 / 0044 written as 0. */
export function normalisePhone(input: string | null | undefined): string {
  const digits = (input ?? '').replace(/\D/g, '');
  if (digits.startsWith('0044')) return `0${digits.slice(4)}`;
  if (digits.startsWith('44') && digits.length === 12) return `0${digits.slice(2)}`;
  return digits;
}

/** A phone number long enough to identify a line (a UK number has 10 or 11 digits). */
export const isUsablePhone = (digits: string): boolean => digits.length >= 10;

export function dateOfBirth(card: Pick<TCaseCard, 'person'>): string | null {
  return card.person.age.kind === 'date-of-birth' ? card.person.age.date : null;
}

const phoneOf = (card: Pick<TCaseCard, 'caller'>): string => normalisePhone(card.caller?.callbackNumber);

/** The decision already recorded on `card` about `otherId`, if any. */
export function linkDecision(card: Pick<TCaseCard, 'personLinks'>, otherId: string) {
  return card.personLinks.find((l) => l.caseId === otherId) ?? null;
}

/** Linked for certain: the same NHS number, or a link someone confirmed. */
export function isLinked(a: TCaseCard, b: TCaseCard): boolean {
  if (a.person.nhsNumber && a.person.nhsNumber === b.person.nhsNumber) return true;
  return linkDecision(a, b.id)?.decision === 'confirmed' || linkDecision(b, a.id)?.decision === 'confirmed';
}

/**
 * Why `candidate` might be the same person as `card`, or null: never for a linked or rejected pair, nor
 * when the two carry different NHS numbers.
 */
export function suggestionBasis(card: TCaseCard, candidate: TCaseCard): TPersonLinkBasis | null {
  if (card.id === candidate.id || card.areaId !== candidate.areaId) return null;
  if (isLinked(card, candidate) || linkDecision(card, candidate.id) || linkDecision(candidate, card.id)) return null;
  if (card.person.nhsNumber && candidate.person.nhsNumber) return null;
  const dob = dateOfBirth(card);
  if (dob && dob === dateOfBirth(candidate) && namesMatch(card.person.name, candidate.person.name)) {
    return 'name-and-date-of-birth';
  }
  const phone = phoneOf(card);
  if (isUsablePhone(phone) && phone === phoneOf(candidate)) return 'phone';
  return null;
}

/**
 * Whether two cards are about the same person for a safety warning (the consecutive-detention check):
 * linked, or suggested and not rejected. A warning that might not apply costs a look; a missed one
 * costs an unlawful detention.
 */
export function mayBeSamePerson(a: TCaseCard, b: TCaseCard): 'linked' | 'suggested' | null {
  if (isLinked(a, b)) return 'linked';
  return suggestionBasis(a, b) ? 'suggested' : null;
}

/** An earlier contact as the history strip shows it: when, how it ended, risks, detention, who. */
export function toPreviousContact(card: TCaseCard, link: TPreviousContact['link']): TPreviousContact {
  const d = card.detention;
  const involved = [card.createdBy, card.owner, d ? { name: d.officer.name, role: 'police-officer' as const } : null]
    .filter((a): a is NonNullable<typeof a> => a !== null)
    .map((a) => `${a.name} (${ROLE_LABELS[a.role]})`);
  return {
    caseId: card.id,
    ref: card.ref,
    status: card.status,
    priority: card.priority,
    openedAt: card.createdAt,
    closedAt: card.closedAt,
    outcome: card.outcome?.kind ?? null,
    summary: card.summary,
    riskFlags: card.riskFlags,
    detention: d
      ? {
          power: d.power,
          decidedAt: d.decidedAt,
          endedAt: d.outcome?.at ?? null,
          outcome: d.outcome?.kind ?? null,
          wasBreached: d.breachedAt !== null,
        }
      : null,
    involved: [...new Set(involved)],
    link,
  };
}

export function toSuggestion(card: TCaseCard, basis: TPersonLinkBasis): TLinkSuggestion {
  return {
    caseId: card.id,
    ref: card.ref,
    basis,
    openedAt: card.createdAt,
    status: card.status,
    name: card.person.name,
    summary: card.summary,
  };
}

/** "10 min", "3 h 5 min", "2 days 4 h": a gap between two instants as people say it. */
export function formatGap(ms: number): string {
  const minutes = Math.max(0, Math.floor(ms / 60_000));
  if (minutes < 1) return 'less than a minute';
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return minutes % 60 === 0 ? `${hours} h` : `${hours} h ${minutes % 60} min`;
  const days = Math.floor(hours / 24);
  return hours % 24 === 0 ? `${days} days` : `${days} days ${hours % 24} h`;
}
