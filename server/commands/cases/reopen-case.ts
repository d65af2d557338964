import { decideReopen } from '@shared/rules/case-lifecycle';
import type { TCommandHandler } from '../types';
import { requireCard } from './require-card';

/** Reopens a closed card with a reason (R-LINK-REOPEN). */
export const reopenCase: TCommandHandler<'case:reopen'> = (input) => ({
  caseId: input.caseId,
  expectedVersion: input.expectedVersion,
  touches: ['status', 'outcome'],
  decide: (card) => [decideReopen(requireCard(card), input)],
});
