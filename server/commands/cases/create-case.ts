import { DomainError } from '@shared/errors';
import { decideCreate } from '@shared/rules/case-lifecycle';
import { CASE_FIELDS } from '@shared/schemas/case';
import type { TCommandHandler } from '../types';

/** Opens a new card from a call or request. The card id is generated here, never by the client. */
export const createCase: TCommandHandler<'case:create'> = (input, ctx) => {
  const caseId = ctx.newId();
  return {
    caseId,
    expectedVersion: null,
    touches: [...CASE_FIELDS],
    decide: (card) => {
      if (card) throw new DomainError('CONFLICT', 'A card with this id already exists');
      return [decideCreate(input, caseId, ctx)];
    },
  };
};
