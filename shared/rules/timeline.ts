import {
  CHANNEL_LABELS,
  FOLLOW_UP_LABELS,
  OUTCOME_LABELS,
  PRIORITY_LABELS,
  type TTimelineEntry,
} from '../schemas/case';
import type { TCaseView } from '../config/information-sharing';
import type { TCaseEvent } from './case-events';
import { fieldsTouched } from './case-lifecycle';
import { fieldLabel, redactTimelineEntry } from './redaction';

function describe(event: TCaseEvent): string {
  switch (event.type) {
    case 'case.created':
      return `Card opened from ${CHANNEL_LABELS[event.data.channel]} (${PRIORITY_LABELS[event.data.priority]}): ${event.data.summary}`;
    case 'case.updated':
      return `Updated: ${Object.keys(event.data.changes).map(fieldLabel).join(', ')}`;
    case 'case.note-added':
      return event.data.text;
    case 'case.ownership-taken':
      return 'Took ownership';
    case 'case.contact-lost':
      return `Contact lost — follow-up: ${FOLLOW_UP_LABELS[event.data.followUp]}${event.data.note ? `. ${event.data.note}` : ''}`;
    case 'case.contact-restored':
      return `Contact restored${event.data.note ? `: ${event.data.note}` : ''}`;
    case 'case.closed':
      return `Closed — ${OUTCOME_LABELS[event.data.outcome.kind]}: ${event.data.outcome.destinationOrSafetyNet}`;
  }
}

/** One timeline line for an event, redacted for the reader's view. */
export function toTimelineEntry(event: TCaseEvent, view: Exclude<TCaseView, 'none'>): TTimelineEntry {
  const entry: TTimelineEntry = {
    seq: event.seq,
    caseId: event.caseId,
    version: event.version,
    type: event.type,
    at: event.at,
    actor: event.actor,
    text: describe(event),
    fields: fieldsTouched(event),
  };
  const noteVisibility = event.type === 'case.note-added' ? event.data.visibility : null;
  return redactTimelineEntry(entry, view, noteVisibility);
}
