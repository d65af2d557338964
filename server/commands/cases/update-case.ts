import { decideUpdate } from '@shared/rules/case-lifecycle';
import type { TCommandHandler } from '../types';
import { requireCard } from './require-card';

/** Edits card fields, only from the version the editor saw (optimistic concurrency, SPEC S-5). */
export const updateCase: TCommandHandler<'case:update'> = (input, ctx) => ({
  caseId: input.caseId,
  expectedVersion: input.expectedVersion,
  touches: Object.keys(input.changes),
  decide: (card) => [decideUpdate(requireCard(card), input, ctx)],
});
