import { REPORT_RULES } from '../config/reports';

/**
 * The arithmetic of reports (R-REPORT-MEASURES, R-REPORT-SDC): percentiles, shares, rates and
 * statistical disclosure control. Small pure functions, each checked against hand-worked fixtures.
 */

/**
 * Percentiles by the nearest-rank method: for each p, the smallest value with at least p% of values at
 * or below it (the median of 1, 2, 3, 4 is 2). Nulls for no values. One sort for all of them.
 */
export function percentiles(values: readonly number[] | Float64Array, ps: readonly number[]): (number | null)[] {
  if (values.length === 0) return ps.map(() => null);
  // A typed array sorts numerically, without a comparator call per comparison (a year is 100,000 values).
  const sorted = Float64Array.from(values).sort();
  return ps.map((p) => sorted[Math.max(1, Math.ceil((p / 100) * sorted.length)) - 1] ?? null);
}

/** One percentile (nearest rank); null for no values. */
export const percentile = (values: readonly number[], p: number): number | null => percentiles(values, [p])[0] ?? null;

/** Minutes from one instant (ms) to a later one; null when either is missing or the order is reversed. */
export function minutesFrom(from: number | null, to: number | null): number | null {
  if (from === null || to === null) return null;
  const minutes = (to - from) / 60_000;
  return minutes >= 0 ? minutes : null;
}

/** A count as a reader may see it: exact, or passed through the disclosure rule. */
export interface TCount {
  /** The figure shown, as a number (null when suppressed). */
  value: number | null;
  /** The figure as text: "12", "15" (rounded), "<5" (suppressed). */
  shown: string;
}

export type TDisclosureRule = { suppressBelow: number; roundTo: number };

/**
 * R-REPORT-SDC: a count below the threshold (other than zero) is suppressed; the rest are rounded to
 * the nearest multiple. Zero is shown: that nobody was affected discloses no one.
 */
export function disclose(count: number, rule: TDisclosureRule | null = REPORT_RULES.disclosure): TCount {
  if (!rule) return { value: count, shown: String(count) };
  if (count === 0) return { value: 0, shown: '0' };
  if (count < rule.suppressBelow) return { value: null, shown: `<${rule.suppressBelow}` };
  const rounded = Math.round(count / rule.roundTo) * rule.roundTo;
  return { value: rounded, shown: String(rounded) };
}

/** A share as a whole percentage, or null when nothing was counted. */
export const share = (part: number, whole: number): number | null =>
  whole === 0 ? null : Math.round((part / whole) * 1000) / 10;

/** A rate per 100,000 people, to one decimal place; null without a population. */
export const ratePer100k = (count: number, population: number | undefined): number | null =>
  population && population > 0 ? Math.round((count / population) * 1_000_000) / 10 : null;

/**
 * Each group's rate as a multiple of the lowest non-zero rate among the groups (the reference group);
 * null where a group has no rate, or a rate of zero (nothing to compare). "Black people are four times
 * as likely…" is a ratio of 4.0.
 */
export function ratiosToLowest(rates: readonly (number | null)[]): (number | null)[] {
  const positive = rates.filter((r): r is number => r !== null && r > 0);
  if (positive.length === 0) return rates.map(() => null);
  const lowest = Math.min(...positive);
  return rates.map((r) => (r === null || r === 0 ? null : Math.round((r / lowest) * 100) / 100));
}

/** "1 h 05 min", "3 min", "2 d 4 h": a duration for people reading a report. */
export function formatMinutes(minutes: number | null): string {
  if (minutes === null) return '—';
  const m = Math.round(minutes);
  if (m < 60) return `${m} min`;
  if (m < 48 * 60) return `${Math.floor(m / 60)} h ${String(m % 60).padStart(2, '0')} min`;
  return `${Math.floor(m / 1440)} d ${Math.floor((m % 1440) / 60)} h`;
}
