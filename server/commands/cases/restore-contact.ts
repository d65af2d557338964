import { decideRestoreContact } from '@shared/rules/case-lifecycle';
import type { TCommandHandler } from '../types';
import { requireCard } from './require-card';

/** Contact with the person is re-established; the card returns to open. */
export const restoreContact: TCommandHandler<'case:restore-contact'> = (input, _ctx) => ({
  caseId: input.caseId,
  expectedVersion: input.expectedVersion,
  touches: ['status', 'contactLost'],
  decide: (card) => [decideRestoreContact(requireCard(card), input)],
});
