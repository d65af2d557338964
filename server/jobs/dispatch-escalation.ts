import { DomainError } from '@shared/errors';
import { decideEscalateDispatch, overdueDispatch } from '@shared/rules/unit-lifecycle';
import { onUnit } from '../commands/pipeline';
import type { TServices } from '../services';
import { commitSystemStep } from './system-commit';

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
    const plan = onUnit({
      unitId: unit.id,
      expectedVersion: null,
      decide: (current) => {
        if (!current) throw new DomainError('NOT_FOUND', 'No such unit');
        return decideEscalateDispatch(current, now);
      },
    });
    const commandId = `dispatch-escalated:${unit.id}:${unit.assignment.dispatchedAt}`;
    const step = { areaId: unit.areaId, name: 'system:escalate-dispatch', commandId, plan, now };
    if (await commitSystemStep(services, step, 'escalating a dispatch', { unitId: unit.id })) escalated++;
  }
  return escalated;
}
