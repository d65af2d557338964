import { DomainError } from '@shared/errors';
import type { TCaseCard } from '@shared/schemas/case';

export function requireCard(card: TCaseCard | null): TCaseCard {
  if (!card) throw new DomainError('NOT_FOUND', 'No such case');
  return card;
}

/** A card that exists and is not closed: nothing is sent or held for a closed card (R-LINK-CLOSED). */
export function openCard(card: TCaseCard | null): TCaseCard {
  const found = requireCard(card);
  if (found.status === 'closed') {
    throw new DomainError('RULE_VIOLATION', `Case ${found.ref} is closed`, { ruleId: 'R-LINK-CLOSED' });
  }
  return found;
}
