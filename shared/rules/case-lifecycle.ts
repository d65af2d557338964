import { DomainError } from '../errors';
import {
  CASE_FIELDS,
  NO_SAFETY_CONCERNS,
  type TCaseAddNoteRequest,
  type TCaseCard,
  type TCaseCloseRequest,
  type TCaseReopenRequest,
  type TCaseCreateRequest,
  type TCaseDetails,
  type TCaseField,
  type TCaseMarkContactLostRequest,
  type TCaseRestoreContactRequest,
  type TCaseUpdateRequest,
} from '../schemas/case';
import type { TDetention } from '../schemas/detention';
import type { TActor, TRole } from '../schemas/user';
import type { TCaseEvent, TCaseEventData } from './case-events';
import { canEditField, caseViewForRole } from './permissions';

/** Who is acting and when; ids are passed in so rules stay pure and testable. */
export interface TDecisionContext {
  actor: TActor & { role: TRole };
  areaId: string;
  newId: () => string;
  /** The server's clock when the command runs: rules compare recorded times with it. */
  now: Date;
}

function assertOpen(card: TCaseCard): void {
  if (card.status === 'closed') {
    throw new DomainError('RULE_VIOLATION', `Case ${card.ref} is closed; it can no longer be changed`);
  }
}

/** Short reference people can read over the phone, e.g. "C-3F9A2B". */
export function caseRefFromId(id: string): string {
  return `C-${id.replace(/-/g, '').slice(0, 6).toUpperCase()}`;
}

export function decideCreate(input: TCaseCreateRequest, caseId: string, ctx: TDecisionContext): TCaseEventData {
  const { commandId: _commandId, ...details } = input;
  return { type: 'case.created', data: { ...details, ref: caseRefFromId(caseId), areaId: ctx.areaId } };
}

/** Fields whose value actually differs; an update that changes nothing is refused. */
export function changedFields(card: TCaseCard, changes: Partial<TCaseDetails>): TCaseField[] {
  return CASE_FIELDS.filter(
    (f) => changes[f] !== undefined && JSON.stringify(changes[f]) !== JSON.stringify(card[f as keyof TCaseCard]),
  );
}

export function decideUpdate(card: TCaseCard, input: TCaseUpdateRequest, ctx: TDecisionContext): TCaseEventData {
  assertOpen(card);
  const requested = Object.keys(input.changes) as TCaseField[];
  const forbidden = requested.filter((f) => !canEditField(ctx.actor.role, f));
  if (forbidden.length > 0) {
    throw new DomainError(
      'FORBIDDEN',
      `Your role cannot change ${forbidden.join(', ')}: those details are not shared with you`,
      { ruleId: 'R-IG-MIN' },
    );
  }
  const fields = changedFields(card, input.changes);
  if (fields.length === 0) throw new DomainError('RULE_VIOLATION', 'Nothing changed');
  const changes: Partial<TCaseDetails> = {};
  for (const f of fields) Object.assign(changes, { [f]: input.changes[f] });
  return { type: 'case.updated', data: { changes } };
}

export function decideAddNote(card: TCaseCard, input: TCaseAddNoteRequest, ctx: TDecisionContext): TCaseEventData {
  assertOpen(card);
  if (input.visibility === 'clinical' && caseViewForRole(ctx.actor.role) !== 'clinical') {
    throw new DomainError('RULE_VIOLATION', 'Your role writes notes shared with all agencies', {
      ruleId: 'R-IG-MIN',
    });
  }
  return { type: 'case.note-added', data: { noteId: ctx.newId(), text: input.text, visibility: input.visibility } };
}

export function decideTakeOwnership(card: TCaseCard, ctx: TDecisionContext): TCaseEventData {
  assertOpen(card);
  if (card.owner?.id === ctx.actor.id) throw new DomainError('RULE_VIOLATION', 'You already own this case');
  return { type: 'case.ownership-taken', data: { owner: ctx.actor } };
}

export function decideMarkContactLost(card: TCaseCard, input: TCaseMarkContactLostRequest): TCaseEventData {
  assertOpen(card);
  if (card.status === 'contact-lost') throw new DomainError('RULE_VIOLATION', 'Contact is already marked as lost');
  return { type: 'case.contact-lost', data: { followUp: input.followUp, note: input.note } };
}

export function decideRestoreContact(card: TCaseCard, input: TCaseRestoreContactRequest): TCaseEventData {
  assertOpen(card);
  if (card.status !== 'contact-lost') throw new DomainError('RULE_VIOLATION', 'Contact is not marked as lost');
  return { type: 'case.contact-restored', data: { note: input.note } };
}

/**
 * R-NTA-1: a case closes only with an outcome saying where the person went or what the safety net is.
 * A case whose contact was lost closes only once the welfare action is done and recorded.
 */
export function decideClose(card: TCaseCard, input: TCaseCloseRequest): TCaseEventData {
  assertOpen(card);
  if (card.detention && !card.detention.outcome) {
    throw new DomainError('RULE_VIOLATION', 'A detention is running: record its outcome before closing the case', {
      ruleId: 'R-S136-END',
    });
  }
  if (input.outcome.destinationOrSafetyNet.trim().length < 5) {
    throw new DomainError('RULE_VIOLATION', 'Say where the person went or what the safety net is', {
      ruleId: 'R-NTA-1',
    });
  }
  if (card.status === 'contact-lost' && input.outcome.kind !== 'no-contact-welfare-done') {
    throw new DomainError(
      'RULE_VIOLATION',
      'Contact is lost: restore contact first, or close as "could not be reached; welfare action completed"',
      { ruleId: 'R-NTA-1' },
    );
  }
  return { type: 'case.closed', data: { outcome: input.outcome } };
}

/**
 * A closed card reopened with a reason (R-LINK-REOPEN). It comes back open, without its outcome; its
 * detention (ended before the close) stays ended and no unit or place comes back: a new detention needs
 * a new card, and crews and places are sent again if needed.
 */
export function decideReopen(card: TCaseCard, input: TCaseReopenRequest): TCaseEventData {
  if (card.status !== 'closed') {
    throw new DomainError('RULE_VIOLATION', `Case ${card.ref} is not closed`, { ruleId: 'R-LINK-REOPEN' });
  }
  return { type: 'case.reopened', data: { reason: input.reason } };
}

/**
 * The reason a close gives the crews it stands down and the services whose places it releases: the card
 * and that it closed, nothing about the person or the outcome (they may not see either).
 */
export function closingReason(card: Pick<TCaseCard, 'ref'>): string {
  return `Card ${card.ref} was closed`;
}

/** Folds one event into the card. Projections are rebuilt with this, so it must stay pure. */
export function evolve(card: TCaseCard | null, event: TCaseEvent): TCaseCard {
  if (event.type === 'case.created') {
    const { ref, areaId, ...details } = event.data;
    return {
      id: event.caseId,
      ref,
      areaId,
      version: event.version,
      status: 'open',
      ...details,
      // Cards opened before safety information existed have none recorded.
      safety: details.safety ?? NO_SAFETY_CONCERNS,
      owner: null,
      contactLost: null,
      outcome: null,
      createdBy: event.actor,
      createdAt: event.at,
      updatedAt: event.at,
      closedAt: null,
      detention: null,
      alerts: [],
      breakGlass: [],
      personLinks: [],
      withheld: [],
    };
  }
  if (!card) throw new Error(`Event ${event.type} for ${event.caseId} has no created card`);
  const next: TCaseCard = { ...card, version: event.version, updatedAt: event.at };
  switch (event.type) {
    case 'case.updated':
      return { ...next, ...event.data.changes };
    case 'case.note-added':
      // The note itself lives on the timeline; the card only moves on a version.
      return next;
    case 'case.ownership-taken':
      return { ...next, owner: event.data.owner };
    case 'case.contact-lost':
      return {
        ...next,
        status: 'contact-lost',
        contactLost: { since: event.at, followUp: event.data.followUp, note: event.data.note, by: event.actor },
      };
    case 'case.contact-restored':
      return { ...next, status: 'open', contactLost: null };
    case 'case.closed':
      return { ...next, status: 'closed', outcome: event.data.outcome, closedAt: event.at };
    case 'case.reopened':
      return { ...next, status: 'open', outcome: null, closedAt: null };
    case 'case.alert-raised':
      return {
        ...next,
        alerts: [
          ...card.alerts,
          {
            id: event.data.alertId,
            kind: event.data.kind,
            message: event.data.message,
            raisedAt: event.at,
            acknowledgedBy: null,
            acknowledgedAt: null,
          },
        ],
        // An expiry without an outcome is a breach, recorded as such.
        detention:
          event.data.kind === 'detention-expired' && card.detention
            ? { ...card.detention, breachedAt: event.at }
            : card.detention,
      };
    case 'case.alert-acknowledged':
      return {
        ...next,
        alerts: card.alerts.map((a) =>
          a.id === event.data.alertId ? { ...a, acknowledgedBy: event.actor, acknowledgedAt: event.at } : a,
        ),
      };
    case 'case.alert-escalated':
      return {
        ...next,
        alerts: card.alerts.map((a) => (a.id === event.data.alertId ? { ...a, escalatedAt: event.at } : a)),
      };
    case 'case.break-glass-opened': {
      const { useId, reason, until } = event.data;
      return {
        ...next,
        breakGlass: [...card.breakGlass, { id: useId, by: event.actor, reason, at: event.at, until, review: null }],
      };
    }
    case 'case.break-glass-reviewed': {
      const { useId, finding, note } = event.data;
      const review = { by: event.actor, at: event.at, finding, note };
      return { ...next, breakGlass: card.breakGlass.map((u) => (u.id === useId ? { ...u, review } : u)) };
    }
    case 'case.person-link-decided': {
      const link = { ...event.data.link, by: event.actor, at: event.at };
      return { ...next, personLinks: [...card.personLinks.filter((l) => l.caseId !== link.caseId), link] };
    }
    default:
      return { ...next, detention: evolveDetention(card.detention, event) };
  }
}

/** Folds a Mental Health Act event into the detention record. */
function evolveDetention(d: TDetention | null, event: TCaseEvent): TDetention | null {
  if (event.type === 'case.detained') return event.data.detention;
  if (!d) throw new Error(`Event ${event.type} for ${event.caseId} has no detention`);
  const places = d.places;
  const last = places.length - 1;
  switch (event.type) {
    case 'case.place-of-safety-chosen':
      return { ...d, places: [...places, event.data.place], ageStatement: event.data.ageStatement ?? d.ageStatement };
    case 'case.arrival-recorded':
      return {
        ...d,
        places: places.map((p, i) =>
          i === last ? { ...p, arrivedOnSiteAt: event.data.arrivedOnSiteAt, enteredAt: event.data.enteredAt } : p,
        ),
      };
    case 'case.welfare-check-recorded':
      return { ...d, welfareChecks: [...d.welfareChecks, { at: event.data.at, by: event.data.by }] };
    case 'case.handover-recorded':
      return { ...d, handedOverAt: event.data.at };
    case 'case.assessment-recorded': {
      const a = event.data.assessment;
      return a.kind === 'doctor'
        ? {
            ...d,
            doctorExamination: {
              at: a.at,
              doctorName: a.doctorName,
              isS12Approved: a.isS12Approved,
              whyNotS12: a.whyNotS12,
            },
          }
        : { ...d, amhpInterview: { at: a.at, amhpName: a.amhpName } };
    }
    case 'case.detention-extended':
      return {
        ...d,
        extension: {
          minutes: event.data.minutes,
          by: event.data.by,
          at: event.at,
          superintendent: event.data.superintendent,
        },
      };
    case 'case.detention-ended':
      return { ...d, outcome: { kind: event.data.outcome, note: event.data.note, at: event.at } };
    default:
      return d;
  }
}

/** Fields an event touched, for conflict reports and the timeline. */
export function fieldsTouched(event: TCaseEventData): string[] {
  switch (event.type) {
    case 'case.created':
      return [...CASE_FIELDS];
    case 'case.updated':
      return Object.keys(event.data.changes);
    case 'case.note-added':
      return ['notes'];
    case 'case.ownership-taken':
      return ['owner'];
    case 'case.contact-lost':
    case 'case.contact-restored':
      return ['status', 'contactLost'];
    case 'case.closed':
    case 'case.reopened':
      return ['status', 'outcome'];
    case 'case.alert-raised':
    case 'case.alert-acknowledged':
    case 'case.alert-escalated':
      return ['alerts'];
    case 'case.break-glass-opened':
    case 'case.break-glass-reviewed':
      return ['breakGlass', 'alerts'];
    case 'case.person-link-decided':
      return ['personLinks'];
    default:
      return ['detention'];
  }
}
