import { decideBreakGlass, decideReviewBreakGlass } from '@shared/rules/break-glass';
import type { TCommandHandler } from '../types';
import { requireCard } from './require-card';

/**
 * Opens one card's withheld details with a reason, for a limited time, and alerts the duty manager in
 * the same transaction (R-IG-BREAKGLASS). Never conflicts: it changes nothing anyone was editing.
 */
export const breakGlass: TCommandHandler<'case:break-glass'> = (input, ctx) => ({
  caseId: input.caseId,
  expectedVersion: null,
  touches: ['breakGlass', 'alerts'],
  decide: (card) => decideBreakGlass(requireCard(card), input, ctx),
});

/** A reviewer's finding on one use; it closes the use's alert in the same transaction. */
export const reviewBreakGlass: TCommandHandler<'case:review-break-glass'> = (input, ctx) => ({
  caseId: input.caseId,
  expectedVersion: null,
  touches: ['breakGlass', 'alerts'],
  decide: (card) => decideReviewBreakGlass(requireCard(card), input, ctx),
});
