import { DomainError } from '@shared/errors';
import type { TCaseCard } from '@shared/schemas/case';

export function requireCard(card: TCaseCard | null): TCaseCard {
  if (!card) throw new DomainError('NOT_FOUND', 'No such case');
  return card;
}
