import { decideAssessment } from '@shared/rules/detention';
import type { TCommandHandler } from '../types';
import { requireCard } from '../cases/require-card';

/** The doctor's examination or the AMHP interview. */
export const recordAssessment: TCommandHandler<'case:record-assessment'> = (input, ctx) => ({
  caseId: input.caseId,
  expectedVersion: input.expectedVersion,
  touches: ['detention'],
  decide: (card) => [decideAssessment(requireCard(card), input, ctx.now)].flat(),
});
