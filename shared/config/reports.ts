import type { TPriority } from '../schemas/case';

/**
 * What the reports measure against, and how small numbers are protected (R-REPORT-TARGETS,
 * R-REPORT-SDC). Versioned configuration: an area with other standards or another disclosure rule
 * changes it here, and every report says which version it used.
 */
export const REPORT_RULES = {
  version: 'reports-1',
  effectiveFrom: '2026-12-03',

  /**
   * Response targets, from the call to being seen (on scene). The proposed NHS England standards for
   * mental-health crisis: emergency within 1 hour, very urgent within 4 hours, urgent within 24 hours;
   * routine has none. A crew accepts a job within 3 minutes.
   */
  targets: {
    seenMinutes: { emergency: 60, 'very-urgent': 4 * 60, urgent: 24 * 60 } as Partial<Record<TPriority, number>>,
    acceptMinutes: 3,
  },

  /**
   * Statistical disclosure control for every figure a commissioner sees and every export: a count
   * below `suppressBelow` (other than zero) is shown as "<5", the rest rounded to the nearest `roundTo`.
   */
  disclosure: { suppressBelow: 5, roundTo: 5 },

  /** Age bands, by the age on the day of the call (or detention), lower bound inclusive. */
  ageBands: [
    { label: 'Under 18', from: 0, to: 17 },
    { label: '18–24', from: 18, to: 24 },
    { label: '25–34', from: 25, to: 34 },
    { label: '35–44', from: 35, to: 44 },
    { label: '45–54', from: 45, to: 54 },
    { label: '55–64', from: 55, to: 64 },
    { label: '65 and over', from: 65, to: 200 },
  ],

  /** A later card about the same person within this many days counts as a repeat contact. */
  repeatContactDays: 30,
} as const;

/**
 * Population denominators for rates per 100,000, by area short code and breakdown. Fictional figures
 * for the demo's Kestrel Vale (about 400,000 people); a real area puts its census counts here.
 */
export const AREA_POPULATIONS: Record<
  string,
  Partial<Record<'ethnicity' | 'ageBand' | 'sex', Record<string, number>>>
> = {
  KV: {
    ethnicity: { Asian: 38_000, Black: 16_000, Mixed: 12_000, White: 326_000, Other: 8_000 },
    sex: { female: 203_000, male: 197_000 },
    ageBand: {
      'Under 18': 84_000,
      '18–24': 36_000,
      '25–34': 54_000,
      '35–44': 52_000,
      '45–54': 55_000,
      '55–64': 50_000,
      '65 and over': 69_000,
    },
  },
};
