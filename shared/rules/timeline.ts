import {
  BREAK_GLASS_FINDING_LABELS,
  CHANNEL_LABELS,
  FOLLOW_UP_LABELS,
  OUTCOME_LABELS,
  LINKED_EVENT_TYPES,
  PRIORITY_LABELS,
  type TLinkedEventType,
  type TTimelineEntry,
} from '../schemas/case';
import { PLACE_CATEGORY_LABELS, type TPlaceCategory } from '../schemas/service';
import { UNIT_STATUS_LABELS, type TUnitStatus } from '../schemas/unit';
import { INFORMATION_SHARING_POLICY, type TSharedView } from '../config/information-sharing';
import { DETENTION_OUTCOME_LABELS, DETENTION_PLACE_LABELS, placeOfSafetyText } from '../schemas/detention';
import type { TCaseEvent } from './case-events';
import { fieldsTouched } from './case-lifecycle';
import { londonClock } from './opening-hours';
import { fieldLabel, isCardPathShared, redactTimelineEntry, withheldExplanation } from './redaction';

/**
 * The card field each event is about, where the event's line says more than that something happened:
 * a view that does not read the field is not told what the line says (R-IG-MIN).
 */
const EVENT_FIELD: Partial<Record<TCaseEvent['type'], string>> = {
  'case.contact-lost': 'contactLost.since',
  'case.contact-restored': 'contactLost.since',
  'case.detained': 'detention',
  'case.place-of-safety-chosen': 'detention',
  'case.arrival-recorded': 'detention',
  'case.welfare-check-recorded': 'detention',
  'case.handover-recorded': 'detention',
  'case.assessment-recorded': 'detention',
  'case.detention-extended': 'detention',
  'case.detention-ended': 'detention',
  'case.alert-raised': 'alerts',
  'case.alert-acknowledged': 'alerts',
  'case.alert-escalated': 'alerts',
  'case.break-glass-opened': 'breakGlass',
  'case.break-glass-reviewed': 'breakGlass',
  'case.person-link-decided': 'personLinks',
};

/** "HH:MM" by the clock in England. */
function ukClock(iso: string): string {
  const m = londonClock(new Date(iso)).minutes;
  return `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
}

/**
 * The line a view reads for an event. Free text is quoted only where the policy shares the card field
 * it lands in (R-IG-MIN): a police reader sees that contact was lost, not the clinician's note.
 */
function describe(event: TCaseEvent, view: TSharedView): string {
  const quote = (path: string, text: string | null | undefined, lead = ': ') =>
    text && isCardPathShared(path, view) ? `${lead}${text}` : '';
  // An event about a card field the view does not read is a line that says only that it happened.
  const path = EVENT_FIELD[event.type];
  if (path && !isCardPathShared(path, view)) return `${withheldExplanation(path).label} (not shared with your role)`;
  switch (event.type) {
    case 'case.created':
      return `Card opened from ${CHANNEL_LABELS[event.data.channel]} (${PRIORITY_LABELS[event.data.priority]})${quote('summary', event.data.summary)}`;
    case 'case.updated':
      return `Updated: ${Object.keys(event.data.changes).map(fieldLabel).join(', ')}`;
    case 'case.note-added':
      return event.data.text;
    case 'case.ownership-taken':
      return 'Took ownership';
    case 'case.contact-lost':
      return `Contact lost — follow-up: ${FOLLOW_UP_LABELS[event.data.followUp]}${quote('contactLost.note', event.data.note, '. ')}`;
    case 'case.contact-restored':
      return `Contact restored${quote('contactLost.note', event.data.note)}`;
    case 'case.closed':
      return `Closed — ${OUTCOME_LABELS[event.data.outcome.kind]}${quote('outcome.destinationOrSafetyNet', event.data.outcome.destinationOrSafetyNet)}`;
    case 'case.reopened':
      // The reason is about the outcome: it is shared as the outcome's detail is.
      return `Reopened${quote('outcome.destinationOrSafetyNet', event.data.reason)}`;
    case 'case.detained': {
      const d = event.data.detention;
      return `Detained under ${d.power === 's136' ? 'section 136' : 'section 135(1)'} by ${d.officer.name} (${DETENTION_PLACE_LABELS[d.place]})${d.keptAtPlaceOfSafety ? ', kept at a place of safety' : ''}`;
    }
    case 'case.place-of-safety-chosen':
      return `Place of safety: ${placeOfSafetyText(event.data.place)}`;
    case 'case.arrival-recorded':
      return 'Arrival at the place of safety recorded';
    case 'case.welfare-check-recorded':
      return `Welfare check by ${event.data.by}`;
    case 'case.handover-recorded':
      return 'Police handed over to health staff';
    case 'case.assessment-recorded':
      return event.data.assessment.kind === 'doctor'
        ? `Examined by ${event.data.assessment.doctorName}${event.data.assessment.isS12Approved ? ' (s12 approved)' : ''}`
        : `Interviewed by AMHP ${event.data.assessment.amhpName}`;
    case 'case.detention-extended':
      return `Detention extended by ${event.data.minutes / 60} h by ${event.data.by}`;
    case 'case.detention-ended':
      return `Detention ended — ${DETENTION_OUTCOME_LABELS[event.data.outcome]}${quote('detention.outcome.note', event.data.note)}`;
    case 'case.alert-raised':
      return `Alert: ${event.data.message}`;
    case 'case.alert-acknowledged':
      return 'Alert acknowledged';
    case 'case.alert-escalated':
      return `Alert escalated to the duty manager: not acknowledged in ${event.data.afterMinutes} min`;
    case 'case.break-glass-opened':
      return `Opened the withheld details (break-glass) until ${ukClock(event.data.until)}: “${event.data.reason}”`;
    case 'case.break-glass-reviewed':
      return `Reviewed a break-glass use: ${BREAK_GLASS_FINDING_LABELS[event.data.finding]}${quote('breakGlass', event.data.note)}`;
    case 'case.person-link-decided': {
      const { decision, ref } = event.data.link;
      return decision === 'confirmed' ? `Linked to ${ref}: the same person` : `Not the same person as ${ref}`;
    }
  }
}

/** Names of the units and services a card's linked events happened on. */
export interface TLinkedNames {
  units: ReadonlyMap<string, string>;
  services: ReadonlyMap<string, string>;
}

/** A unit or hold event as the services and units lifecycles record it, with the stream it is on. */
export interface TLinkedEvent {
  seq: number;
  streamId: string;
  version: number;
  type: string;
  data: unknown;
  at: string;
  actor: TTimelineEntry['actor'];
  commandId: string;
}

const isLinkedType = (type: string): type is TLinkedEventType =>
  (LINKED_EVENT_TYPES as readonly string[]).includes(type);

/**
 * The line a card's timeline shows for something that happened to its crews or places (R-LINK-TIMELINE).
 * The same for every view that reads the card: call signs, statuses, services and the reasons the hub
 * gives a crew (which the crew, police included, read anyway); never a hold's note or a service's decline
 * reason, which are written for the hub and the receiving service.
 */
function describeLinked(
  event: TLinkedEvent,
  names: TLinkedNames,
  holdCategories: Map<string, string>,
  view: TSharedView,
): string | null {
  const unit = names.units.get(event.streamId) ?? 'A unit';
  const service = names.services.get(event.streamId) ?? 'a service';
  const d = event.data as Record<string, unknown>;
  const readsReasons = (INFORMATION_SHARING_POLICY.linkedReasonsTo as readonly TSharedView[]).includes(view);
  const said = (value: unknown) => (readsReasons && typeof value === 'string' ? value : '');
  const holdId = typeof d.holdId === 'string' ? d.holdId : '';
  const category = (holdCategories.get(holdId) ?? '').toLowerCase();
  const place = category ? `the ${category} place` : 'the place';
  switch (event.type) {
    case 'unit.dispatched':
      return `${unit} dispatched${said(d.retaskReason) ? ` (re-tasked: ${said(d.retaskReason)})` : ''}`;
    case 'unit.accepted':
      return `${unit} accepted the dispatch`;
    case 'unit.declined':
      return `${unit} declined the dispatch${said(d.reason) ? `: ${said(d.reason)}` : ''}`;
    case 'unit.dispatch-escalated':
      return `${unit} did not accept in time — back to the hub`;
    case 'unit.sos-raised':
      return `${unit} sent an SOS`;
    case 'unit.sos-acknowledged':
      return `${unit}'s SOS acknowledged`;
    case 'unit.sos-escalated':
      return `${unit}'s SOS escalated to the duty manager: not acknowledged in ${String(d.afterMinutes)} min`;
    case 'unit.status-changed': {
      const to = d.to as TUnitStatus;
      return to === 'available' || to === 'unavailable' ? `${unit} clear` : `${unit}: ${UNIT_STATUS_LABELS[to]}`;
    }
    case 'unit.stood-down':
      return `${unit} stood down${said(d.reason) ? `: ${said(d.reason)}` : ''}`;
    case 'hold.placed': {
      const hold = d.hold as { category: string };
      return `${PLACE_CATEGORY_LABELS[hold.category as TPlaceCategory] ?? ''} place held at ${service}`.trim();
    }
    case 'hold.accepted':
      return `${service} accepted ${place}`;
    case 'hold.declined':
      return `${service} declined ${place}${said(d.onwardRoute) ? ` — onward route: ${said(d.onwardRoute)}` : ''}`;
    case 'hold.arrived':
      return `Arrived at ${service}`;
    case 'hold.released':
      return `Released ${place} at ${service}`;
    case 'hold.expired':
      return `The hold at ${service} ran out of time`;
    case 'service.room-changed':
      return d.change === 'vacated' ? `Left ${service}: the room is to be cleaned` : `Arrived at ${service}`;
    default:
      return null;
  }
}

/**
 * A card's timeline lines for its units and holds, oldest first (R-LINK-TIMELINE): the events are those
 * the store found for the card (`linkedHistory`).
 */
export function linkedTimelineEntries(
  caseId: string,
  events: readonly TLinkedEvent[],
  names: TLinkedNames,
  view: TSharedView,
): TTimelineEntry[] {
  const holdCategories = new Map<string, string>();
  for (const e of events) {
    if (e.type !== 'hold.placed') continue;
    const hold = (e.data as { hold: { id: string; category: TPlaceCategory } }).hold;
    holdCategories.set(hold.id, PLACE_CATEGORY_LABELS[hold.category]);
  }
  return events.flatMap((event) => {
    const text = isLinkedType(event.type) ? describeLinked(event, names, holdCategories, view) : null;
    if (text === null || !isLinkedType(event.type)) return [];
    return [
      {
        seq: event.seq,
        caseId,
        version: event.version,
        type: event.type,
        at: event.at,
        actor: event.actor,
        text,
        fields: [],
        commandId: event.commandId,
      },
    ];
  });
}

/** One timeline line for an event, redacted for the reader's view. */
export function toTimelineEntry(event: TCaseEvent, view: TSharedView): TTimelineEntry {
  const entry: TTimelineEntry = {
    seq: event.seq,
    caseId: event.caseId,
    version: event.version,
    type: event.type,
    at: event.at,
    actor: event.actor,
    text: describe(event, view),
    fields: fieldsTouched(event),
    commandId: event.commandId,
  };
  const noteVisibility = event.type === 'case.note-added' ? event.data.visibility : null;
  return redactTimelineEntry(entry, view, noteVisibility);
}
