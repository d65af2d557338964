import { sortQueue } from '@shared/rules/queue';
import type { TCaseCard, TCaseChanged, TCaseList, TCaseWithTimeline } from '@shared/schemas/case';

/**
 * Pure functions that fold a server change into cached query data. A card is only ever replaced by
 * a newer version, so replays, duplicates and out-of-order arrivals all converge (SPEC S-10).
 */
export function isNewer(incoming: TCaseCard, existing: TCaseCard | undefined): boolean {
  return !existing || incoming.version > existing.version;
}

export function applyCardToList(list: TCaseList | undefined, card: TCaseCard, seq = 0): TCaseList | undefined {
  if (!list) return list;
  const existing = list.cases.find((c) => c.id === card.id);
  const headSeq = Math.max(list.headSeq, seq);
  if (!isNewer(card, existing)) return headSeq === list.headSeq ? list : { ...list, headSeq };
  const others = list.cases.filter((c) => c.id !== card.id);
  return { headSeq, cases: sortQueue([...others, card]) };
}

/**
 * A card open in a wider view than a push carries (the reader's break-glass is open, R-IG-BREAKGLASS):
 * folding the push in would hide what they opened, so the card is fetched again instead.
 */
export function isWiderView(open: Pick<TCaseCard, 'withheld'>, pushed: Pick<TCaseCard, 'withheld'>): boolean {
  return open.withheld.length < pushed.withheld.length;
}

export function applyChangeToDetail(
  detail: TCaseWithTimeline | undefined,
  change: Pick<TCaseChanged, 'card'> & { entry?: TCaseChanged['entry'] },
): TCaseWithTimeline | undefined {
  if (!detail || detail.card.id !== change.card.id) return detail;
  const card = isNewer(change.card, detail.card) ? change.card : detail.card;
  const entry = change.entry;
  const timeline =
    entry && !detail.timeline.some((e) => e.seq === entry.seq)
      ? [...detail.timeline, entry].sort((a, b) => a.seq - b.seq)
      : detail.timeline;
  return card === detail.card && timeline === detail.timeline ? detail : { card, timeline };
}
