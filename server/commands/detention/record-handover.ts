import { decideHandover } from '@shared/rules/detention';
import type { TCommandHandler } from '../types';
import { requireCard } from '../cases/require-card';

/** Police handed the person to health staff (R-RCRP-HANDOVER). */
export const recordHandover: TCommandHandler<'case:record-handover'> = (input, ctx) => ({
  caseId: input.caseId,
  expectedVersion: input.expectedVersion,
  touches: ['detention'],
  decide: (card) => [decideHandover(requireCard(card), input, ctx.now)].flat(),
});
