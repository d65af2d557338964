/** Local dispatch policy: configuration, versioned like the legal rules. */
export const DISPATCH_RULES = {
  version: 'demo-dispatch-1',
  effectiveFrom: '2026-01-01',
  /** A dispatched unit must accept within this time, or the dispatch escalates to the operator and duty manager. */
  acceptWithinMinutes: 3,
};
export type TDispatchRules = typeof DISPATCH_RULES;
