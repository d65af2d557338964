import { decidePlaceOfSafety } from '@shared/rules/detention';
import type { TCommandHandler } from '../types';
import { requireCard } from '../cases/require-card';

/** Chooses the first place of safety or a transfer, through the police-station gate (R-POS-CHILD, R-POS-ADULT). */
export const choosePlaceOfSafety: TCommandHandler<'case:choose-place-of-safety'> = (input, ctx) => ({
  caseId: input.caseId,
  expectedVersion: input.expectedVersion,
  touches: ['detention'],
  decide: (card) => [decidePlaceOfSafety(requireCard(card), input, ctx.now)].flat(),
});
