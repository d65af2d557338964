import type { TServiceKind } from '../schemas/service';

/**
 * How old a capacity figure may be before it is treated as stale and left out of the place finder
 * ("figure 9 h old"), by kind of service. Local policy: configuration, not code.
 */
export const CAPACITY_RULES = {
  version: 'demo-capacity-1',
  effectiveFrom: '2026-01-01',
  staleAfterMinutes: {
    A21: 4 * 60,
    A25: 12 * 60,
    A02: 12 * 60,
    A23: 4 * 60,
    A20: 2 * 60,
    ED: 24 * 60,
    custody: 0,
  } satisfies Record<TServiceKind, number>,
};
export type TCapacityRules = typeof CAPACITY_RULES;
