import type { TCaseDetails, TCaseEventType, TFollowUp, TNoteVisibility, TOutcome } from '../schemas/case';
import type { TActor } from '../schemas/user';

/** The facts a case command records. Stored in the event log; the card is a fold over them. */
export type TCaseEventData =
  | { type: 'case.created'; data: TCaseDetails & { ref: string; areaId: string } }
  | { type: 'case.updated'; data: { changes: Partial<TCaseDetails> } }
  | { type: 'case.note-added'; data: { noteId: string; text: string; visibility: TNoteVisibility } }
  | { type: 'case.ownership-taken'; data: { owner: TActor } }
  | { type: 'case.contact-lost'; data: { followUp: TFollowUp; note: string } }
  | { type: 'case.contact-restored'; data: { note: string } }
  | { type: 'case.closed'; data: { outcome: TOutcome } };

/** An event with its place in the log. */
export type TCaseEvent = TCaseEventData & {
  seq: number;
  caseId: string;
  version: number;
  at: string;
  actor: TActor;
  commandId: string;
};

/** An event before the store has given it a sequence number. */
export type TNewCaseEvent = Omit<TCaseEvent, 'seq'>;

// Compile-time check that every declared event type has a payload shape.
type TMissing = Exclude<TCaseEventType, TCaseEventData['type']>;
export const EVENT_TYPES_COVERED: TMissing extends never ? true : never = true;
