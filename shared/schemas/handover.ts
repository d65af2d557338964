import { z } from 'zod';
import { ZInstant } from './common';
import { ZCaseCard, ZCaseWithTimeline } from './case';
import { ZDeadlines } from './detention';
import { ZPersonHistory } from './search';
import { ZUnit } from './unit';
import { ZActor } from './user';

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
  })
  .meta({ id: 'Handover' });
export type THandover = z.infer<typeof ZHandover>;

/** `GET /api/v1/cases/:id/record`: one card for printing, stamped with who printed it and when. */
export const ZPrintedRecord = ZCaseWithTimeline.extend({
  history: ZPersonHistory.nullable().meta({ description: 'Previous contacts, for roles that read them' }),
  printedBy: ZActor,
  printedAt: ZInstant,
}).meta({ id: 'PrintedRecord' });
export type TPrintedRecord = z.infer<typeof ZPrintedRecord>;
