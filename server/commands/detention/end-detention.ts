import { decideEndDetention } from '@shared/rules/detention';
import type { TCommandHandler } from '../types';
import { requireCard } from '../cases/require-card';

/** Ends the detention with its outcome (R-S136-END). */
export const endDetention: TCommandHandler<'case:end-detention'> = (input, _ctx) => ({
  caseId: input.caseId,
  expectedVersion: input.expectedVersion,
  touches: ['detention'],
  decide: (card) => [decideEndDetention(requireCard(card), input)].flat(),
});
