import { DomainError } from '@shared/errors';
import { decideEscalateDispatch, overdueDispatch } from '@shared/rules/unit-lifecycle';
import { commitPlan, onUnit } from '../commands/pipeline';
import type { TServices } from '../services';
import { SYSTEM_ACTOR } from './detention-alerts';

/**
 * A dispatch not accepted in time goes back to the hub: the job records `unit.dispatch-escalated`, which
 * every operator and duty manager console shows until someone re-dispatches. The commandId is the
 * dispatch's own (`dispatch-escalated:<unit>:<dispatchedAt>`), so it is raised once across restarts.
 */
export async function escalateOverdueDispatches(services: TServices): Promise<number> {
  const now = services.now();
  let escalated = 0;
  for (const unit of await services.store.units.listAwaitingAcceptance()) {
    if (!overdueDispatch(unit, now) || !unit.assignment) continue;
    try {
      const result = await commitPlan(
        services,
        { actor: SYSTEM_ACTOR, areaId: unit.areaId, viewer: 'duty-manager' },
        {
          name: 'system:escalate-dispatch',
          commandId: `dispatch-escalated:${unit.id}:${unit.assignment.dispatchedAt}`,
        },
        onUnit({
          unitId: unit.id,
          expectedVersion: null,
          decide: (current) => {
            if (!current) throw new DomainError('NOT_FOUND', 'No such unit');
            return decideEscalateDispatch(current, now);
          },
        }),
        now,
      );
      if (result.kind === 'applied') escalated++;
    } catch (error) {
      if (!(error instanceof DomainError))
        services.logger.error({ err: error, unitId: unit.id }, 'escalating a dispatch failed');
    }
  }
  return escalated;
}
