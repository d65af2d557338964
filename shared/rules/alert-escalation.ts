import { ALERT_RULES, type TAlertRules } from '../config/alert-rules';
import { DomainError } from '../errors';
import type { TCaseCard } from '../schemas/case';
import type { TUnit } from '../schemas/unit';
import { isDueForEscalation, liveAlerts } from './alerts';
import type { TCaseEventData } from './case-events';
import type { TUnitEventData } from './unit-events';

/**
 * R-ALERT-ESCALATE, the decisions the alert job commits: kept apart from the alert model, which every
 * console loads first, because only the server decides them.
 */
/** The card event escalating one of its alerts; refused when it is not due (already escalated or acknowledged). */
export function decideEscalateCardAlert(
  card: TCaseCard,
  alertId: string,
  now: Date,
  rules: TAlertRules = ALERT_RULES,
): TCaseEventData {
  const alert = liveAlerts([card], []).find((a) => a.key === alertId);
  if (!alert || !isDueForEscalation(alert, now, rules)) {
    throw new DomainError('RULE_VIOLATION', 'This alert is not due for escalation');
  }
  return { type: 'case.alert-escalated', data: { alertId, afterMinutes: rules.escalateAfterMinutes } };
}

/** The unit event escalating its open SOS; refused when it is not due. */
export function decideEscalateSos(unit: TUnit, now: Date, rules: TAlertRules = ALERT_RULES): TUnitEventData {
  const alert = liveAlerts([], [unit]).find((a) => a.kind === 'sos');
  if (!alert || !isDueForEscalation(alert, now, rules)) {
    throw new DomainError('RULE_VIOLATION', 'This SOS is not due for escalation');
  }
  return {
    type: 'unit.sos-escalated',
    data: { afterMinutes: rules.escalateAfterMinutes, caseId: unit.assignment?.caseId ?? null },
  };
}
