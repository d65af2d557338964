import { PRIORITIES, type TCaseCard } from '../schemas/case';

/**
 * The operator's queue: open cards by MHSDS priority (emergency first), then by who has waited longest.
 * Closed cards leave the queue.
 */
export function sortQueue(cards: readonly TCaseCard[]): TCaseCard[] {
  return cards
    .filter((c) => c.status !== 'closed')
    .sort(
      (a, b) =>
        PRIORITIES.indexOf(a.priority) - PRIORITIES.indexOf(b.priority) || a.createdAt.localeCompare(b.createdAt),
    );
}
