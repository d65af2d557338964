/** Local dispatch policy: configuration, versioned like the legal rules. */
export const DISPATCH_RULES = {
  version: 'demo-dispatch-1',
  effectiveFrom: '2026-01-01',
  /** A dispatched unit must accept within this time, or the dispatch escalates to the operator and duty manager. */
  acceptWithinMinutes: 3,
  /**
   * A unit's last shared position older than this is shown as old and ranked after every fresh one when
   * the nearest available unit is suggested (R-DISPATCH-NEAREST): a crew that stopped sharing 40 minutes
   * ago may be anywhere.
   */
  positionFreshMinutes: 15,
};
export type TDispatchRules = typeof DISPATCH_RULES;
