import { decideArrival } from '@shared/rules/detention';
import type { TCommandHandler } from '../types';
import { requireCard } from '../cases/require-card';

/** Arrival on site and entry: the clock runs from the earlier (R-S136-CLOCK-1). */
export const recordArrival: TCommandHandler<'case:record-arrival'> = (input, ctx) => ({
  caseId: input.caseId,
  expectedVersion: input.expectedVersion,
  touches: ['detention'],
  decide: (card) => [decideArrival(requireCard(card), input, ctx.now)].flat(),
});
