import { decideWelfareCheck } from '@shared/rules/detention';
import type { TCommandHandler } from '../types';
import { requireCard } from '../cases/require-card';

/** A welfare check at a police station (R-POS-WELFARE). Checks never conflict, so no version. */
export const recordWelfareCheck: TCommandHandler<'case:record-welfare-check'> = (input, ctx) => ({
  caseId: input.caseId,
  expectedVersion: null,
  touches: ['detention'],
  decide: (card) => [decideWelfareCheck(requireCard(card), input, ctx.now)].flat(),
});
