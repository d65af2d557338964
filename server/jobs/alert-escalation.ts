import { DomainError } from '@shared/errors';
import { decideEscalateCardAlert, decideEscalateSos } from '@shared/rules/alert-escalation';
import { isDueForEscalation, liveAlerts } from '@shared/rules/alerts';
import { onCase, onUnit, type TPlan } from '../commands/pipeline';
import type { TServices } from '../services';
import { commitSystemStep } from './system-commit';

/**
 * R-ALERT-ESCALATE: every critical alert still unacknowledged `escalateAfterMinutes` after it was raised
 * is escalated to the duty manager, recorded once as an event on its card (`case.alert-escalated`) or, for
 * an SOS, on its unit (`unit.sos-escalated`). Each commandId is derived from the alert
 * (`alert-escalated:<key>`), so a second pass, a restart or a second server escalates it once. Returns
 * how many were escalated.
 */
export async function escalateUnacknowledgedAlerts(services: TServices): Promise<number> {
  const now = services.now();
  let escalated = 0;
  for (const area of await services.store.areas.list()) {
    const [cards, units] = await Promise.all([
      services.store.cases.listOpen(area.id),
      services.store.units.list(area.id),
    ]);
    for (const alert of liveAlerts(cards, units).filter((a) => isDueForEscalation(a, now))) {
      const plan: TPlan | null =
        alert.kind === 'sos' && alert.unitId
          ? onUnit({
              unitId: alert.unitId,
              expectedVersion: null,
              decide: (unit) => {
                if (!unit) throw new DomainError('NOT_FOUND', 'No such unit');
                return decideEscalateSos(unit, now);
              },
            })
          : alert.caseId
            ? onCase({
                caseId: alert.caseId,
                expectedVersion: null,
                touches: ['alerts'],
                decide: (card) => {
                  if (!card) throw new DomainError('NOT_FOUND', 'No such card');
                  return [decideEscalateCardAlert(card, alert.key, now)];
                },
              })
            : null;
      if (!plan) continue;
      const step = {
        areaId: area.id,
        name: 'system:escalate-alert',
        commandId: `alert-escalated:${alert.key}`,
        plan,
        now,
      };
      if (await commitSystemStep(services, step, 'escalating an alert', { alert: alert.key })) escalated++;
    }
  }
  return escalated;
}
