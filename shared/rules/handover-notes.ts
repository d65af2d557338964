import { INFORMATION_SHARING_POLICY } from '../config/information-sharing';
import { DomainError } from '../errors';
import type { THandoverNote, THandoverWriteRequest } from '../schemas/handover';
import type { TActor, TRole } from '../schemas/user';
import type { TShift } from './shifts';

/**
 * Handover notes (R-HANDOVER): the control room leaves one note per shift for the next; the next shift
 * acknowledges it, by name. Each note is a stream of its own, one per area and shift.
 */

export type THandoverEventData =
  | { type: 'handover.written'; data: { shiftStart: string; shiftEnd: string; note: string } }
  | { type: 'handover.acknowledged'; data: Record<string, never> };

export type THandoverEvent = THandoverEventData & {
  seq: number;
  noteId: string;
  version: number;
  at: string;
  actor: TActor;
  commandId: string;
};

/** The control room writes and reads handover notes: the roles that see every unit. */
export function canRunHandoverCommand(role: TRole): boolean {
  return INFORMATION_SHARING_POLICY.unitAudienceByRole[role] === 'hub';
}

/** One note per area and shift: its id says which. */
export function handoverNoteId(areaId: string, shift: Pick<TShift, 'start'>): string {
  return `handover:${areaId}:${shift.start}`;
}

export function evolveHandover(note: THandoverNote | null, event: THandoverEvent): THandoverNote {
  switch (event.type) {
    case 'handover.written':
      return note
        ? { ...note, note: event.data.note, version: event.version, updatedAt: event.at }
        : {
            id: event.noteId,
            areaId: event.noteId.split(':')[1] ?? '',
            version: event.version,
            shiftStart: event.data.shiftStart,
            shiftEnd: event.data.shiftEnd,
            note: event.data.note,
            writtenBy: event.actor,
            writtenAt: event.at,
            updatedAt: event.at,
            acknowledgedBy: null,
            acknowledgedAt: null,
          };
    case 'handover.acknowledged':
      if (!note) throw new Error(`Acknowledged handover ${event.noteId} has no note`);
      return {
        ...note,
        version: event.version,
        updatedAt: event.at,
        acknowledgedBy: event.actor,
        acknowledgedAt: event.at,
      };
  }
}

/** The running shift writes its note; once the next shift has acknowledged it, it stays as it was read. */
export function decideWriteNote(
  note: THandoverNote | null,
  input: Pick<THandoverWriteRequest, 'note'>,
  shift: TShift,
): THandoverEventData {
  if (note?.acknowledgedAt)
    throw new DomainError('RULE_VIOLATION', 'The next shift has already acknowledged this note', {
      ruleId: 'R-HANDOVER',
    });
  return { type: 'handover.written', data: { shiftStart: shift.start, shiftEnd: shift.end, note: input.note } };
}

/** The next shift acknowledges a note once its own shift has begun, once. */
export function decideAcknowledgeNote(note: THandoverNote | null, now: Date): THandoverEventData {
  if (!note) throw new DomainError('NOT_FOUND', 'No such handover note');
  if (now.getTime() < Date.parse(note.shiftEnd))
    throw new DomainError('RULE_VIOLATION', 'A note is acknowledged by the next shift, once its shift has ended', {
      ruleId: 'R-HANDOVER',
    });
  if (note.acknowledgedAt)
    throw new DomainError('RULE_VIOLATION', `Already acknowledged by ${note.acknowledgedBy?.name ?? 'someone'}`, {
      ruleId: 'R-HANDOVER',
    });
  return { type: 'handover.acknowledged', data: {} };
}
