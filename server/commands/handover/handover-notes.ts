import type { THandoverCommand } from '@shared/protocol';
import { decideAcknowledgeNote, decideWriteNote, handoverNoteId } from '@shared/rules/handover-notes';
import { shiftAt } from '@shared/rules/shifts';
import type { THandoverAcknowledgeRequest, THandoverWriteRequest } from '@shared/schemas/handover';
import type { TPlan } from '../pipeline';
import type { TCommandEntry, TPlanContext } from '../registry';

/** Writes this shift's note for the next (R-HANDOVER): the shift is the server's, never the client's. */
function writeNote(input: THandoverWriteRequest, ctx: TPlanContext): TPlan {
  const shift = shiftAt(ctx.now);
  const id = handoverNoteId(ctx.areaId, shift);
  return {
    streams: [{ kind: 'handover', id, expectedVersion: input.expectedVersion ?? (null as number | null) }],
    decide: (draft) => void draft.append('handover', id, decideWriteNote(draft.read('handover', id), input, shift)),
  };
}

/** The next shift acknowledges a note it has read (R-HANDOVER). */
function acknowledgeNote(input: THandoverAcknowledgeRequest, ctx: TPlanContext): TPlan {
  return {
    streams: [{ kind: 'handover', id: input.noteId }],
    decide: (draft) =>
      void draft.append('handover', input.noteId, decideAcknowledgeNote(draft.read('handover', input.noteId), ctx.now)),
  };
}

export const HANDOVER_PLANNERS: Record<THandoverCommand, TCommandEntry['plan']> = {
  'handover:write': writeNote,
  'handover:acknowledge': acknowledgeNote,
};
