/** Local alerting policy: configuration, versioned like the legal rules (R-ALERT-ESCALATE, R-ALERT-MUTE). */
export const ALERT_RULES = {
  version: 'demo-alerts-2',
  effectiveFrom: '2026-12-01',
  /** A critical alert nobody has acknowledged for this long is escalated to the duty manager. */
  escalateAfterMinutes: 5,
  /** A device's "mute" lasts at most this long, then the sound comes back by itself. */
  muteMaxMinutes: 60,
  /** The sound of an unacknowledged critical alert repeats this often until someone acknowledges it. */
  soundRepeatSeconds: 20,
  /** A card marked "contact lost" this long without the follow-up being recorded raises an alert to the hub. */
  contactLostFollowUpMinutes: 30,
  /** A place held for a card this close to lapsing is shown to the hub, so the crew on the way is told. */
  holdExpiringMinutes: 10,
};
export type TAlertRules = typeof ALERT_RULES;
