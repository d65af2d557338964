import { decideTakeOwnership } from '@shared/rules/case-lifecycle';
import type { TCommandHandler } from '../types';
import { requireCard } from './require-card';

/** The caller becomes the card's owner: one named person is responsible for the next action. */
export const takeOwnership: TCommandHandler<'case:take-ownership'> = (input, ctx) => ({
  caseId: input.caseId,
  expectedVersion: input.expectedVersion,
  touches: ['owner'],
  decide: (card) => [decideTakeOwnership(requireCard(card), ctx)],
});
