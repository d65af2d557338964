import { DomainError } from '@shared/errors';
import type { TActor } from '@shared/schemas/user';
import { commitPlan, type TPlan } from '../commands/pipeline';
import type { TServices } from '../services';

/** Alerts, expiries and escalations are made by the system, shown on timelines as such. */
const SYSTEM_ACTOR: TActor = { id: 'system', name: 'Concordat (automatic)', role: 'admin' };

/**
 * Commits one step a job decided, once: its commandId is derived from what it is about, so a second pass,
 * a restart or a second server applies it once. A refusal by the rules (already done, not due any more)
 * is expected and skipped; anything else is logged with `what` and `context`. Returns whether it applied.
 */
export async function commitSystemStep(
  services: TServices,
  step: { areaId: string; name: string; commandId: string; plan: TPlan; now: Date },
  what: string,
  context: Record<string, unknown>,
): Promise<boolean> {
  try {
    const result = await commitPlan(
      services,
      { actor: SYSTEM_ACTOR, areaId: step.areaId, viewer: 'duty-manager' },
      { name: step.name, commandId: step.commandId },
      step.plan,
      step.now,
    );
    return result.kind === 'applied';
  } catch (error) {
    if (!(error instanceof DomainError)) services.logger.error({ err: error, ...context }, `${what} failed`);
    return false;
  }
}
