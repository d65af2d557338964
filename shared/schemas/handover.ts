import { z } from 'zod';
import { ZCommandId, ZInstant } from './common';
import { ZCaseCard, ZCaseWithTimeline } from './case';
import { ZDeadlines } from './detention';
import { ZPersonHistory } from './search';
import { ZUnit } from './unit';
import { ZActor } from './user';

/** `GET /api/v1/cases/:id/record`: one card for printing, stamped with who printed it and when. */
export const ZPrintedRecord = ZCaseWithTimeline.extend({
  history: ZPersonHistory.nullable().meta({ description: 'Previous contacts, for roles that read them' }),
  printedBy: ZActor,
  printedAt: ZInstant,
}).meta({ id: 'PrintedRecord' });
export type TPrintedRecord = z.infer<typeof ZPrintedRecord>;

/**
 * The note one shift leaves the next (R-HANDOVER): written by the control room during its shift,
 * changeable until the next shift acknowledges it, then kept as it was read.
 */
export const ZHandoverNote = z
  .object({
    id: z.string(),
    areaId: z.string(),
    version: z.int(),
    shiftStart: ZInstant,
    shiftEnd: ZInstant,
    note: z.string(),
    writtenBy: ZActor,
    writtenAt: ZInstant,
    updatedAt: ZInstant,
    acknowledgedBy: ZActor.nullable(),
    acknowledgedAt: ZInstant.nullable(),
  })
  .meta({ id: 'HandoverNote' });
export type THandoverNote = z.infer<typeof ZHandoverNote>;

/** Writes (or rewrites) this shift's note for the next; `expectedVersion` null for the first write. */
export const ZHandoverWriteRequest = z
  .object({
    commandId: ZCommandId,
    note: z.string().trim().min(1, 'Write the note for the next shift').max(4000),
    expectedVersion: z.int().min(1).nullable(),
  })
  .meta({ id: 'HandoverWriteRequest' });
export type THandoverWriteRequest = z.infer<typeof ZHandoverWriteRequest>;

/** The next shift says it has read the previous shift's note. */
export const ZHandoverAcknowledgeRequest = z
  .object({ commandId: ZCommandId, noteId: z.string().min(1).max(200) })
  .meta({ id: 'HandoverAcknowledgeRequest' });
export type THandoverAcknowledgeRequest = z.infer<typeof ZHandoverAcknowledgeRequest>;

export const ZHandoverCommandResult = z
  .object({ note: ZHandoverNote, seq: z.int() })
  .meta({ id: 'HandoverCommandResult' });
export type THandoverCommandResult = z.infer<typeof ZHandoverCommandResult>;

/**
 * `GET /api/v1/handover`: what the next shift needs from this one — what is open and why, what changed
 * in the last hours, the legal clocks running, and where every unit is.
 */
export const ZHandover = z
  .object({
    shift: z.object({ start: ZInstant, end: ZInstant }),
    since: ZInstant.meta({ description: 'Changes are listed from this instant (SHIFT_RULES.handoverLookBackHours)' }),
    open: z.array(ZCaseCard).meta({ description: 'Open cards in queue order' }),
    changed: z.array(ZCaseCard).meta({ description: 'Cards changed since `since`, open or closed, latest first' }),
    detentions: z.array(z.object({ card: ZCaseCard, deadlines: ZDeadlines })),
    units: z.array(ZUnit),
    notes: z.object({
      current: ZHandoverNote.nullable().meta({ description: 'This shift’s note for the next' }),
      previous: ZHandoverNote.nullable().meta({ description: 'The note the previous shift left' }),
    }),
  })
  .meta({ id: 'Handover' });
export type THandover = z.infer<typeof ZHandover>;
