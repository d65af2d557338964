import { DomainError } from '@shared/errors';
import { INFORMATION_SHARING_POLICY } from '@shared/config/information-sharing';
import { canReadPersonHistory, caseViewForRole } from '@shared/rules/permissions';
import { isLinked, suggestionBasis, toPreviousContact, toSuggestion } from '@shared/rules/person-match';
import { redactCard } from '@shared/rules/redaction';
import { parseSearchQuery, SEARCH_FIELD_LABELS, searchableFields } from '@shared/rules/search';
import { previousShift, shiftAt } from '@shared/rules/shifts';
import { handoverNoteId } from '@shared/rules/handover-notes';
import { SHIFT_RULES } from '@shared/config/shifts';
import { deadlines, runningDetentions } from '@shared/rules/detention';
import { sortQueue } from '@shared/rules/queue';
import type { THandover, TPrintedRecord } from '@shared/schemas/handover';
import { getCaseWithTimeline } from './cases';
import { listUnits } from './units';
import type { TCaseCard } from '@shared/schemas/case';
import {
  ZCaseSearchQuery,
  ZClosedCasesQuery,
  type TCaseSearchResponse,
  type TClosedCaseList,
  type TPersonHistory,
  type TPreviousContact,
} from '@shared/schemas/search';
import type { TUser } from '@shared/schemas/user';
import type { TServices } from '../services';
import { parseQuery } from './parse-query';

/** Results a search returns at most: a list to choose from, not a report. */
export const SEARCH_LIMIT = 25;
/** Closed cards a list returns at most; narrow the filters for older ones. */
export const CLOSED_LIMIT = 200;
/** How many links away a previous contact may be (A–B confirmed, B–C same NHS number, …). */
const HISTORY_DEPTH = 3;
/** Candidates read per card while following links: the same person rarely has more contacts in an area. */
const CANDIDATES_PER_CARD = 100;
/** The history strip stops following links here: enough for any decision at 3 a.m., bounded work. */
const MAX_CONTACTS = 200;

function cardView(user: TUser) {
  const view = caseViewForRole(user.role);
  if (view === 'none') throw new DomainError('FORBIDDEN', 'Your role does not see case cards', { ruleId: 'R-IG-MIN' });
  return view;
}

/**
 * Finds cards, open and closed, in the reader's area by what was typed (R-SEARCH), searching only the
 * fields the reader's view reads (R-SEARCH-REDACT); every card returned is access-logged and redacted.
 */
export async function searchCases(services: TServices, user: TUser, query: unknown): Promise<TCaseSearchResponse> {
  const view = cardView(user);
  const { q } = parseQuery(ZCaseSearchQuery, query);
  const searched = searchableFields(view).map((f) => SEARCH_FIELD_LABELS[f]);
  const terms = parseSearchQuery(q);
  const cards = terms.length > 0 ? await services.store.cases.search(user.areaId, terms, view, SEARCH_LIMIT) : [];
  await services.disclosures.record(
    user,
    cards.map((c) => c.id),
    'search',
  );
  return { cards: cards.map((c) => redactCard(c, view)), searched };
}

/**
 * The person's previous contacts and the cards that may be theirs (R-PERSON-HISTORY): followed through
 * NHS numbers and confirmed links, a few links deep; suggestions for this card only. Health views only.
 */
export async function personHistory(services: TServices, user: TUser, caseId: string): Promise<TPersonHistory> {
  if (!canReadPersonHistory(user.role))
    throw new DomainError('FORBIDDEN', 'A person’s history is shared with health staff only', {
      ruleId: 'R-PERSON-HISTORY',
    });
  const card = await services.store.cases.get(caseId);
  if (!card || card.areaId !== user.areaId) throw new DomainError('NOT_FOUND', 'No such case');

  const contacts = new Map<string, TPreviousContact>();
  const seen = new Set([card.id]);
  let frontier: TCaseCard[] = [card];
  const around = new Map<string, TCaseCard>();
  for (let depth = 0; depth < HISTORY_DEPTH && frontier.length > 0 && contacts.size < MAX_CONTACTS; depth++) {
    const next: TCaseCard[] = [];
    for (const from of frontier) {
      for (const candidate of await services.store.cases.samePersonCandidates(from, CANDIDATES_PER_CARD)) {
        if (depth === 0) around.set(candidate.id, candidate);
        if (seen.has(candidate.id) || !isLinked(from, candidate)) continue;
        seen.add(candidate.id);
        const byNhs = Boolean(from.person.nhsNumber && from.person.nhsNumber === candidate.person.nhsNumber);
        contacts.set(candidate.id, toPreviousContact(candidate, byNhs ? 'nhs-number' : 'confirmed'));
        next.push(candidate);
      }
    }
    frontier = next;
  }
  const suggestions = [...around.values()].flatMap((c) => {
    const basis = contacts.has(c.id) ? null : suggestionBasis(card, c);
    return basis ? [toSuggestion(c, basis)] : [];
  });
  await services.disclosures.record(user, [...contacts.keys(), ...suggestions.map((s) => s.caseId)], 'history');
  return {
    contacts: [...contacts.values()].sort((a, b) => b.openedAt.localeCompare(a.openedAt)),
    suggestions: suggestions.sort((a, b) => b.openedAt.localeCompare(a.openedAt)),
  };
}

const PERIOD_HOURS = { '24h': 24, '7d': 7 * 24, '30d': 30 * 24 } as const;

/** Closed cards of the reader's area by when they closed (this shift, a day, a week, a month), outcome and owner. */
export async function listClosedCases(services: TServices, user: TUser, query: unknown): Promise<TClosedCaseList> {
  const view = cardView(user);
  const filter = parseQuery(ZClosedCasesQuery, query);
  const now = services.now();
  const from =
    filter.period === 'shift'
      ? shiftAt(now).start
      : new Date(now.getTime() - PERIOD_HOURS[filter.period] * 3_600_000).toISOString();
  const to = new Date(now.getTime() + 60_000).toISOString();
  const cards = await services.store.cases.listClosed(user.areaId, {
    since: from,
    until: to,
    outcome: filter.outcome ?? null,
    ownerId: filter.owner === 'me' ? user.id : (filter.owner ?? null),
    limit: CLOSED_LIMIT,
  });
  await services.disclosures.record(
    user,
    cards.map((c) => c.id),
    'closed-list',
  );
  return { cards: cards.map((c) => redactCard(c, view)), from, to: now.toISOString() };
}

/** Changed cards the handover lists at most. */
const HANDOVER_CHANGED_LIMIT = 200;

/**
 * The shift handover (hub roles: it shows units): what is open and why, what changed in the last hours,
 * the legal clocks running and every unit's state. Every card shown is access-logged.
 */
export async function shiftHandover(services: TServices, user: TUser): Promise<THandover> {
  const view = cardView(user);
  if (INFORMATION_SHARING_POLICY.unitAudienceByRole[user.role] !== 'hub')
    throw new DomainError('FORBIDDEN', 'The handover is for the control room (it shows every unit)', {
      ruleId: 'R-IG-MIN',
    });
  const now = services.now();
  const since = new Date(now.getTime() - SHIFT_RULES.handoverLookBackHours * 3_600_000).toISOString();
  const shift = shiftAt(now);
  const [open, changed, units, current, previous] = await Promise.all([
    services.store.cases.listOpen(user.areaId),
    services.store.cases.listChangedSince(user.areaId, since, HANDOVER_CHANGED_LIMIT),
    listUnits(services, user),
    services.store.handovers.get(handoverNoteId(user.areaId, shift)),
    services.store.handovers.get(handoverNoteId(user.areaId, previousShift(now))),
  ]);
  const running = runningDetentions(open, { awaitingAssessment: false });
  await services.disclosures.record(user, new Set([...open, ...changed].map((c) => c.id)), 'handover');
  return {
    shift,
    since,
    open: sortQueue(open).map((c) => redactCard(c, view)),
    changed: changed.map((c) => redactCard(c, view)),
    detentions: running.map((c) => ({
      card: redactCard(c, view),
      deadlines: deadlines(c.detention as NonNullable<TCaseCard['detention']>, now),
    })),
    units,
    notes: { current, previous },
  };
}

/**
 * One card as printed (or saved as PDF): the card, its timeline and, for roles that read it, the person's
 * previous contacts; stamped with who and when, and written to the access log every time (R-IG-AUDIT).
 */
export async function printedRecord(services: TServices, user: TUser, caseId: string): Promise<TPrintedRecord> {
  const record = await getCaseWithTimeline(services, user, caseId);
  const history = canReadPersonHistory(user.role) ? await personHistory(services, user, caseId) : null;
  await services.disclosures.record(user, [caseId], 'print');
  return {
    ...record,
    history,
    printedBy: { id: user.id, name: user.displayName, role: user.role },
    printedAt: services.now().toISOString(),
  };
}
