/**
 * When shifts change over in the control room, by the clock in England (the handover page and the
 * "this shift" filter). Versioned configuration: an area with other shift patterns changes it here.
 */
export const SHIFT_RULES = {
  version: 'demo-shifts-1',
  /** Changeover times, earliest first; a shift runs from one to the next. */
  changeovers: ['08:00', '20:00'],
  /** How far back the handover page looks for what changed. */
  handoverLookBackHours: 12,
} as const;
