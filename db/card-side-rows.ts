import { sameFactInputs } from '@shared/rules/report-facts';
import { sameSearchInputs } from '@shared/rules/search';
import type { TCaseCard } from '@shared/schemas/case';

/**
 * Which of a card's side rows a write must rewrite: its search row and its report facts, each left alone
 * when the command's change did not touch what it reads (most updates: a note, a status, a unit). A new
 * card, or one the command did not read first (`previous` null), writes both. Both stores decide here.
 */
export function sideRowsToWrite(previous: TCaseCard | null, card: TCaseCard): { search: boolean; facts: boolean } {
  // The same object twice would be a state changed in place: compared with itself, it would look unchanged.
  const before = previous === card ? null : previous;
  return {
    search: !before || !sameSearchInputs(before, card),
    facts: !before || !sameFactInputs(before, card),
  };
}
