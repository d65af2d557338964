import { DomainError } from '@shared/errors';
import { linkDecision, suggestionBasis } from '@shared/rules/person-match';
import type { TCaseDecidePersonLinkRequest } from '@shared/schemas/case';
import type { TPlan } from '../pipeline';
import { requireCard } from './require-card';

/**
 * Confirms or rejects that another card is about the same person (R-PERSON-LINK), as one event on each
 * card naming the other, in one transaction. Only a pair the rules suggest can be decided; a decision can
 * later be changed (a wrong link undone), never repeated. A rejected pair is never suggested again.
 */
export function decidePersonLink(input: TCaseDecidePersonLinkRequest): TPlan {
  if (input.otherCaseId === input.caseId)
    throw new DomainError('VALIDATION', 'A card cannot be linked to itself', { ruleId: 'R-PERSON-LINK' });
  return {
    streams: [
      { kind: 'case', id: input.caseId, touches: ['personLinks'] },
      { kind: 'case', id: input.otherCaseId, touches: ['personLinks'] },
    ],
    decide: (draft) => {
      const card = requireCard(draft.read('case', input.caseId));
      const other = draft.read('case', input.otherCaseId);
      if (!other) throw new DomainError('NOT_FOUND', 'No such card to link');
      // A decision can be changed (a wrong link undone), never repeated.
      const earlier = linkDecision(card, other.id);
      if (earlier?.decision === input.decision) {
        const what = earlier.decision === 'confirmed' ? 'linked' : 'marked as not the same person';
        throw new DomainError('RULE_VIOLATION', `${other.ref} was already ${what} by ${earlier.by.name}`, {
          ruleId: 'R-PERSON-LINK',
        });
      }
      const basis = earlier?.basis ?? suggestionBasis(card, other);
      if (!basis)
        throw new DomainError('RULE_VIOLATION', `${other.ref} is not suggested as the same person as ${card.ref}`, {
          ruleId: 'R-PERSON-LINK',
        });
      const link = (to: typeof card) => ({ caseId: to.id, ref: to.ref, decision: input.decision, basis });
      draft.append('case', card.id, { type: 'case.person-link-decided', data: { link: link(other) } });
      draft.append('case', other.id, { type: 'case.person-link-decided', data: { link: link(card) } });
    },
  };
}
