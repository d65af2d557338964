import { legalRulesAt } from '../config/legal-rules';
import type { TCaseCard } from '../schemas/case';
import type { TDueAlert } from './detention';
import { formatGap, mayBeSamePerson } from './person-match';

const MINUTE = 60_000;
const ms = (iso: string) => Date.parse(iso);

// Apart from shared/rules/detention.ts, which every console loads: matching people needs a phonetic
// library that only the server's alert job uses.

/**
 * R-S136-END: consecutive s136 detentions are unlawful. A running detention that began within the
 * configured window after the same person's previous detention ended raises a warning.
 */
export function consecutiveDetentionAlerts(card: TCaseCard, recentlyEnded: readonly TCaseCard[]): TDueAlert[] {
  const d = card.detention;
  if (!d || d.outcome || d.power !== 's136') return [];
  const windowMs = legalRulesAt(d.decidedAt).consecutiveWarningHours * 60 * MINUTE;
  const raised = new Set(card.alerts.map((a) => a.id));
  return recentlyEnded.flatMap((prev) => {
    const endedAt = prev.detention?.outcome?.at;
    // Only this area's own records: another area's detentions are not this area's to disclose (R-IG-MIN).
    if (prev.id === card.id || prev.areaId !== card.areaId || !endedAt) return [];
    // The same person by the same links as the history strip (R-PERSON-LINK): linked, or suggested and
    // not rejected, so a likely match is not missed while nobody has yet confirmed it.
    const match = mayBeSamePerson(card, prev);
    if (!match) return [];
    const gap = ms(d.decidedAt) - ms(endedAt);
    if (gap < 0 || gap > windowMs) return [];
    const alertId = `${card.id}:consecutive:${prev.id}`;
    if (raised.has(alertId)) return [];
    const who = match === 'linked' ? "this person's" : 'what may be the same person’s';
    return [
      {
        alertId,
        kind: 'consecutive-detention' as const,
        message: `Warning: ${who} previous section 136 (${prev.ref}) ended ${formatGap(gap)} before this one. Consecutive s136 detentions are unlawful.`,
      },
    ];
  });
}
