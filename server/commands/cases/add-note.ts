import { decideAddNote } from '@shared/rules/case-lifecycle';
import type { TCommandHandler } from '../types';
import { requireCard } from './require-card';

/** Adds a note. No version check: two different notes never conflict (SPEC S-7). */
export const addNote: TCommandHandler<'case:add-note'> = (input, ctx) => ({
  caseId: input.caseId,
  expectedVersion: null,
  touches: ['notes'],
  decide: (card) => [decideAddNote(requireCard(card), input, ctx)],
});
