import type { TUnitExecuteResult } from '@db/repositories';
import { DomainError, type TAck } from '@shared/errors';
import { UNIT_COMMAND_SCHEMAS, type TUnitCommand, type TUnitCommandInput } from '@shared/protocol';
import type { TNewUnitEvent, TUnitEvent } from '@shared/rules/unit-events';
import { canRunUnitCommand, evolveUnit } from '@shared/rules/unit-lifecycle';
import { UNIT_STATUS_LABELS, type TUnitCommandResult } from '@shared/schemas/unit';
import type { TActor, TUser } from '@shared/schemas/user';
import { redactUnit, unitForReader } from '@shared/rules/redaction';
import type { TServices } from '../../services';
import { assertSameCommand, guardCommand } from '../guard-command';
import { UNIT_HANDLERS, type TUnitPlan } from './handlers';

/**
 * One transaction (idempotency, load, version check, decide, append, project), then broadcast after
 * commit. People reach it through runUnitCommand; the dispatch-escalation job directly.
 */
export async function commitUnitPlan(
  services: TServices,
  by: { actor: TActor; areaId: string },
  commandName: string,
  commandId: string,
  plan: TUnitPlan,
  now: Date,
): Promise<TUnitExecuteResult> {
  const result = await services.store.units.execute({
    commandId,
    commandName,
    actorId: by.actor.id,
    unitId: plan.unitId,
    decide: (current) => {
      const unit = current && current.areaId === by.areaId ? current : null;
      if (unit && plan.expectedVersion !== null && plan.expectedVersion !== unit.version) {
        throw new DomainError(
          'CONFLICT',
          `${unit.callSign} changed since this was recorded: it is now ${UNIT_STATUS_LABELS[unit.status]}.`,
        );
      }
      const event: TNewUnitEvent = {
        ...plan.decide(unit),
        unitId: plan.unitId,
        version: (unit?.version ?? 0) + 1,
        at: now.toISOString(),
        actor: by.actor,
        commandId,
      };
      return { events: [event], unit: evolveUnit(unit, { ...event, seq: 0 } as TUnitEvent) };
    },
  });
  if (result.kind === 'applied') services.broadcaster.publishUnit(result.events, result.unit);
  return result;
}

export async function runUnitCommand<C extends TUnitCommand>(
  services: TServices,
  user: TUser,
  name: C,
  payload: unknown,
): Promise<TAck<TUnitCommandResult>> {
  const schema = UNIT_COMMAND_SCHEMAS[name];
  return guardCommand(services, user, name, schema, canRunUnitCommand(user.role, name), payload, async (parsed) => {
    const input = parsed as TUnitCommandInput<C>;
    const actor = { id: user.id, name: user.displayName, role: user.role };
    const now = services.now();
    const plan = await UNIT_HANDLERS[name](input, { actor, areaId: user.areaId, now }, services);
    const result = await commitUnitPlan(services, { actor, areaId: user.areaId }, name, input.commandId, plan, now);
    if (result.kind === 'repeat') assertSameCommand(result, user, name);
    const unit = result.kind === 'repeat' ? await services.store.units.get(result.unitId) : result.unit;
    if (!unit) throw new DomainError('NOT_FOUND', 'No such unit');
    const seq = result.kind === 'repeat' ? result.lastSeq : (result.events[result.events.length - 1]?.seq ?? 0);
    return { unit: unitForReader(unit, user) ?? redactUnit(unit, 'registry'), seq };
  });
}
