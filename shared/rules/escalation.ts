import { CAPACITY_RULES, ESCALATION_RULES, type TCapacityRules, type TEscalationRules } from '../config/capacity';
import { countOf } from '../text';
import type { TService } from '../schemas/service';
import { freePlaces, isStale } from './capacity';

export type TOpelLevel = 1 | 2 | 3 | 4;

/** What the board measures; each figure is one indicator in ESCALATION_RULES. */
export interface TEscalationInput {
  freeS136Rooms: number;
  freeUnder18Rooms: number;
  staleFigures: number;
  detentionsNearExpiry: number;
  detentionsBreached: number;
  policeStationUses: number;
  unownedEmergencies: number;
  turnAways: number;
}

export interface TEscalation {
  level: TOpelLevel;
  /** Why, highest level first; empty at level 1. */
  reasons: { level: TOpelLevel; text: string }[];
  /** One line for the board: "OPEL 3: 0 free s136 rooms; 2 figures stale". */
  summary: string;
}

type TSteps = Partial<Record<TOpelLevel, number>>;

/** The highest level whose threshold a value reaches (`atMost`: lower is worse). */
function levelFor(value: number, steps: TSteps, direction: 'atLeast' | 'atMost'): TOpelLevel {
  let level: TOpelLevel = 1;
  for (const [key, threshold] of Object.entries(steps)) {
    const candidate = Number(key) as TOpelLevel;
    const reached = direction === 'atLeast' ? value >= threshold : value <= threshold;
    if (reached && candidate > level) level = candidate;
  }
  return level;
}

/** OPEL-style level from configurable thresholds, always with the reasons that set it. */
export function escalationLevel(input: TEscalationInput, rules: TEscalationRules = ESCALATION_RULES): TEscalation {
  const checks: { level: TOpelLevel; text: string }[] = [
    {
      level: levelFor(input.freeS136Rooms, rules.freeS136RoomsAtMost, 'atMost'),
      text: `${countOf(input.freeS136Rooms, 'free s136 room')}`,
    },
    {
      level: levelFor(input.freeUnder18Rooms, rules.freeUnder18RoomsAtMost, 'atMost'),
      text: `${countOf(input.freeUnder18Rooms, 'free under-18 room')}`,
    },
    {
      level: levelFor(input.staleFigures, rules.staleFiguresAtLeast, 'atLeast'),
      text: `${countOf(input.staleFigures, 'figure')} stale`,
    },
    {
      level: levelFor(input.detentionsNearExpiry, rules.detentionsNearExpiryAtLeast, 'atLeast'),
      text: `${countOf(input.detentionsNearExpiry, 'detention')} within 4 h of the limit`,
    },
    {
      level: levelFor(input.detentionsBreached, rules.detentionsBreachedAtLeast, 'atLeast'),
      text: `${countOf(input.detentionsBreached, 'detention')} past the legal limit`,
    },
    {
      level: levelFor(input.policeStationUses, rules.policeStationUsesAtLeast, 'atLeast'),
      text: `${countOf(input.policeStationUses, 'police station')} in use as a place of safety`,
    },
    {
      level: levelFor(input.unownedEmergencies, rules.unownedEmergenciesAtLeast, 'atLeast'),
      text: `${countOf(input.unownedEmergencies, 'emergency case')} without an owner`,
    },
    {
      level: levelFor(input.turnAways, rules.turnAwaysAtLeast, 'atLeast'),
      text: `${countOf(input.turnAways, 'person', 'people')} turned away in 24 h`,
    },
  ];
  const reasons = checks.filter((c) => c.level > 1).sort((a, b) => b.level - a.level);
  const level = reasons.reduce<TOpelLevel>((max, r) => (r.level > max ? r.level : max), 1);
  const summary = level === 1 ? 'OPEL 1: meeting demand' : `OPEL ${level}: ${reasons.map((r) => r.text).join('; ')}`;
  return { level, reasons, summary };
}

/** The capacity half of the board's indicators, from the registry as it stands. */
export function capacityIndicators(
  services: readonly TService[],
  now: Date,
  rules: TCapacityRules = CAPACITY_RULES,
): Pick<TEscalationInput, 'freeS136Rooms' | 'freeUnder18Rooms' | 'staleFigures'> {
  const suites = services.filter((s) => s.kind === 'A20' && s.status !== 'closed');
  const usable = (s: TService) => s.status === 'open' || s.status === 'full';
  return {
    freeS136Rooms: suites.filter(usable).reduce((n, s) => n + freePlaces(s, 'adult'), 0),
    freeUnder18Rooms: suites.filter(usable).reduce((n, s) => n + freePlaces(s, 'under18'), 0),
    staleFigures: services.filter((s) => s.kind !== 'custody' && isStale(s, now, rules)).length,
  };
}
