import { decideAcknowledgeAlert } from '@shared/rules/detention';
import type { TCommandHandler } from '../types';
import { requireCard } from '../cases/require-card';

/** A named person has seen an alert. Acknowledging never conflicts, so no version. */
export const acknowledgeAlert: TCommandHandler<'case:acknowledge-alert'> = (input, _ctx) => ({
  caseId: input.caseId,
  expectedVersion: null,
  touches: ['alerts'],
  decide: (card) => [decideAcknowledgeAlert(requireCard(card), input.alertId)].flat(),
});
