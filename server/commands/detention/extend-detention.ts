import { decideExtend } from '@shared/rules/detention';
import type { TCommandHandler } from '../types';
import { requireCard } from '../cases/require-card';

/** The one permitted extension (R-S136-EXT). */
export const extendDetention: TCommandHandler<'case:extend-detention'> = (input, ctx) => ({
  caseId: input.caseId,
  expectedVersion: input.expectedVersion,
  touches: ['detention'],
  decide: (card) => [decideExtend(requireCard(card), input, ctx.now)].flat(),
});
