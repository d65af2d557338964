import { DomainError } from '@shared/errors';
import { legalRulesAt } from '@shared/config/legal-rules';
import { contactLostAlert } from '@shared/rules/alerts';
import { consecutiveDetentionAlerts } from '@shared/rules/consecutive-detention';
import { dueAlerts, type TDueAlert } from '@shared/rules/detention';
import type { TCaseCard } from '@shared/schemas/case';
import { onCase } from '../commands/pipeline';
import type { TServices } from '../services';
import { commitSystemStep } from './system-commit';

/**
 * Turns every crossed legal threshold, and every "contact lost" whose follow-up is overdue, into an alert
 * event. Each alert's commandId is derived from the
 * threshold itself (`alert:<card>:<kind>:<instant>`), so the command log makes it idempotent: a second
 * pass, a restart between the threshold and the next check, or a second server raises it once
 * (SPEC S-18). Returns how many alerts were raised.
 */
export async function raiseDueAlerts(services: TServices): Promise<number> {
  const now = services.now();
  let raised = 0;
  const lookBack = new Date(now.getTime() - legalRulesAt(now).consecutiveWarningHours * 3_600_000 * 2);
  const recentlyEnded = await services.store.cases.listDetentionsEndedSince(lookBack.toISOString());
  const due: { card: TCaseCard; alerts: TDueAlert[] }[] = [];
  for (const card of await services.store.cases.listWithRunningDetention()) {
    due.push({ card, alerts: [...dueAlerts(card, now), ...consecutiveDetentionAlerts(card, recentlyEnded)] });
  }
  for (const area of await services.store.areas.list()) {
    for (const card of await services.store.cases.listOpen(area.id)) {
      const alert = contactLostAlert(card, now);
      if (alert) due.push({ card, alerts: [alert] });
    }
  }
  for (const { card, alerts } of due) {
    for (const alert of alerts) {
      const plan = onCase({
        caseId: card.id,
        expectedVersion: null,
        touches: ['alerts'],
        decide: (current) => {
          if (!current || current.alerts.some((a) => a.id === alert.alertId)) {
            throw new DomainError('CONFLICT', 'Alert already raised');
          }
          return [{ type: 'case.alert-raised', data: alert }];
        },
      });
      const step = { areaId: card.areaId, name: 'system:raise-alert', commandId: `alert:${alert.alertId}`, plan, now };
      if (await commitSystemStep(services, step, 'raising an alert', { caseId: card.id })) raised++;
    }
  }
  return raised;
}
