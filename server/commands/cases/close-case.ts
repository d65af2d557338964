import { decideClose } from '@shared/rules/case-lifecycle';
import type { TCommandHandler } from '../types';
import { requireCard } from './require-card';

/** Closes a card with a required outcome (R-NTA-1). */
export const closeCase: TCommandHandler<'case:close'> = (input, _ctx) => ({
  caseId: input.caseId,
  expectedVersion: input.expectedVersion,
  touches: ['status', 'outcome'],
  decide: (card) => [decideClose(requireCard(card), input)],
});
