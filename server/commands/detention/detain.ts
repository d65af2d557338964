import { decideDetain } from '@shared/rules/detention';
import type { TCommandHandler } from '../types';
import { requireCard } from '../cases/require-card';

/** Records a police officer's use of s136 or s135 (R-S136-POWER, R-S136-PLACE, R-S136-CONSULT). */
export const detain: TCommandHandler<'case:detain'> = (input, ctx) => ({
  caseId: input.caseId,
  expectedVersion: input.expectedVersion,
  touches: ['detention'],
  decide: (card) => [decideDetain(requireCard(card), input, ctx.now)].flat(),
});
