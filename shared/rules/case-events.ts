import type {
  TCaseDetails,
  TSafety,
  TCaseEventType,
  TFollowUp,
  TNoteVisibility,
  TOutcome,
  TPersonLink,
} from '../schemas/case';
import type {
  TAlertKind,
  TDetention,
  TDetentionOutcome,
  TPlaceOfSafety,
  TRecordAssessmentRequest,
} from '../schemas/detention';
import type { TActor } from '../schemas/user';

/** The facts a case command records. Stored in the event log; the card is a fold over them. */
export type TCaseEventData =
  // Cards opened before safety information existed carry none in their first event.
  | { type: 'case.created'; data: Omit<TCaseDetails, 'safety'> & { safety?: TSafety; ref: string; areaId: string } }
  | { type: 'case.updated'; data: { changes: Partial<TCaseDetails> } }
  | { type: 'case.note-added'; data: { noteId: string; text: string; visibility: TNoteVisibility } }
  | { type: 'case.ownership-taken'; data: { owner: TActor } }
  | { type: 'case.contact-lost'; data: { followUp: TFollowUp; note: string } }
  | { type: 'case.contact-restored'; data: { note: string } }
  | { type: 'case.closed'; data: { outcome: TOutcome } }
  | { type: 'case.reopened'; data: { reason: string } }
  | { type: 'case.detained'; data: { detention: TDetention } }
  | {
      type: 'case.place-of-safety-chosen';
      data: { place: TPlaceOfSafety; ageStatement: 'under-18' | '18-or-over' | null };
    }
  | { type: 'case.arrival-recorded'; data: { arrivedOnSiteAt: string | null; enteredAt: string | null } }
  | { type: 'case.welfare-check-recorded'; data: { at: string; by: string } }
  | { type: 'case.handover-recorded'; data: { at: string } }
  | { type: 'case.assessment-recorded'; data: { assessment: TRecordAssessmentRequest['assessment'] } }
  | { type: 'case.detention-extended'; data: { minutes: number; by: string; superintendent: string | null } }
  | { type: 'case.detention-ended'; data: { outcome: TDetentionOutcome; note: string } }
  | { type: 'case.alert-raised'; data: { alertId: string; kind: TAlertKind; message: string } }
  | { type: 'case.alert-acknowledged'; data: { alertId: string } }
  /** Still not acknowledged `afterMinutes` after it was raised: escalated to the duty manager (R-ALERT-ESCALATE). */
  | { type: 'case.alert-escalated'; data: { alertId: string; afterMinutes: number } }
  | { type: 'case.break-glass-opened'; data: { useId: string; reason: string; until: string } }
  | {
      type: 'case.break-glass-reviewed';
      data: { useId: string; finding: 'justified' | 'not-justified'; note: string };
    }
  /** On both cards, each naming the other: one person, or two (R-PERSON-LINK). */
  | { type: 'case.person-link-decided'; data: { link: Omit<TPersonLink, 'by' | 'at'> } };

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
