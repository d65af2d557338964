import type { TServiceKind } from '../schemas/service';

/**
 * Local capacity policy: configuration, not code. Versioned like the legal rules so a change of policy
 * is visible in the record.
 */
export const CAPACITY_RULES = {
  version: 'demo-capacity-3',
  effectiveFrom: '2026-01-01',
  /**
   * How old a capacity figure may be before it is treated as stale: shown decayed on every screen and
   * left out of the place finder ("figure 9 h old"), by kind of service.
   */
  staleAfterMinutes: {
    A21: 4 * 60,
    A25: 12 * 60,
    A02: 12 * 60,
    A23: 4 * 60,
    A20: 2 * 60,
    ED: 24 * 60,
    custody: 0,
  } satisfies Record<TServiceKind, number>,
  /** How long a held place stays held before it returns by itself. */
  holdMinutes: 60,
  /**
   * A room held at a place of safety for a detention (R-POS-REGISTRY) lasts until the person arrives, is
   * taken elsewhere or the detention ends; this is only the backstop if none of those is ever recorded.
   * The police may wait for an ambulance and travel a long way, so it is not the crisis-alternative hour.
   */
  placeOfSafetyHoldMinutes: 24 * 60,
};
export type TCapacityRules = typeof CAPACITY_RULES;

/**
 * OPEL-style escalation (1 meeting demand … 4 extreme). National mental-health thresholds are not yet
 * confirmed, so every threshold is local configuration and the board always shows which ones fired.
 * Each indicator raises the level to the highest step whose threshold it reaches.
 */
export const ESCALATION_RULES = {
  version: 'demo-opel-1',
  effectiveFrom: '2026-01-01',
  isUnconfirmed: true,
  /** Free health-based place-of-safety rooms (adult): at or below the value, at least that level. */
  freeS136RoomsAtMost: { 2: 1, 3: 0 },
  /** Free under-18-suitable place-of-safety rooms. */
  freeUnder18RoomsAtMost: { 3: 0 },
  /** Capacity figures past their freshness limit. */
  staleFiguresAtLeast: { 2: 1, 3: 3 },
  /** Running s136/s135 detentions within 4 h of expiry. */
  detentionsNearExpiryAtLeast: { 2: 1, 3: 2 },
  /** Detentions past their legal limit (breaches). */
  detentionsBreachedAtLeast: { 4: 1 },
  /** Police stations in use as a place of safety (R-POS-ADULT: every use is escalated). */
  policeStationUsesAtLeast: { 3: 1 },
  /** Open emergency cases waiting without an owner. */
  unownedEmergenciesAtLeast: { 2: 1, 3: 3, 4: 6 },
  /** Holds declined for lack of capacity in the last 24 hours (R-NTA-1 turn-aways). */
  turnAwaysAtLeast: { 2: 1, 3: 3 },
};
export type TEscalationRules = typeof ESCALATION_RULES;
