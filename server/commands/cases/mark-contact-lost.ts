import { decideMarkContactLost } from '@shared/rules/case-lifecycle';
import type { TCommandHandler } from '../types';
import { requireCard } from './require-card';

/** A dropped call is a live risk: the card enters "contact lost" with a named follow-up. */
export const markContactLost: TCommandHandler<'case:mark-contact-lost'> = (input, _ctx) => ({
  caseId: input.caseId,
  expectedVersion: input.expectedVersion,
  touches: ['status', 'contactLost'],
  decide: (card) => [decideMarkContactLost(requireCard(card), input)],
});
