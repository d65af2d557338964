import type { TServiceExecuteResult } from '@db/repositories';
import { DomainError, type TAck } from '@shared/errors';
import { SERVICE_COMMAND_SCHEMAS, type TServiceCommand, type TServiceCommandInput } from '@shared/protocol';
import { canRunServiceCommand } from '@shared/rules/capacity';
import { serviceForReader } from '@shared/rules/redaction';
import type { TNewServiceEvent, TServiceEvent } from '@shared/rules/service-events';
import { evolveService } from '@shared/rules/service-lifecycle';
import type { TServiceCommandResult } from '@shared/schemas/service';
import type { TActor, TUser } from '@shared/schemas/user';
import type { TServices } from '../../services';
import { assertSameCommand, guardCommand } from '../guard-command';
import { SERVICE_HANDLERS, type TServicePlan } from './handlers';

/**
 * The second half of every service change: one transaction (idempotency, load, version check, decide,
 * append, project), then broadcast after commit. People reach it through runServiceCommand; the
 * hold-expiry job reaches it directly with the system actor.
 */
export async function commitServicePlan(
  services: TServices,
  by: { actor: TActor; areaId: string },
  commandName: string,
  commandId: string,
  plan: TServicePlan,
  now: Date,
): Promise<TServiceExecuteResult> {
  const result = await services.store.services.execute({
    commandId,
    commandName,
    actorId: by.actor.id,
    serviceId: plan.serviceId,
    decide: (current) => {
      // A service in another area is treated as absent.
      const service = current && current.areaId === by.areaId ? current : null;
      if (service && plan.expectedVersion !== null && plan.expectedVersion !== service.version) {
        throw new DomainError('CONFLICT', `${service.name} changed since you opened it; check it and try again`);
      }
      const event: TNewServiceEvent = {
        ...plan.decide(service),
        serviceId: plan.serviceId,
        version: (service?.version ?? 0) + 1,
        at: now.toISOString(),
        actor: by.actor,
        commandId,
      };
      return { events: [event], service: evolveService(service, { ...event, seq: 0 } as TServiceEvent) };
    },
  });
  if (result.kind === 'applied') services.broadcaster.publishService(result.events, result.service);
  return result;
}

/** Parse (zod) → authorise (role) → plan → commit → ack, as for case commands. */
export async function runServiceCommand<C extends TServiceCommand>(
  services: TServices,
  user: TUser,
  name: C,
  payload: unknown,
): Promise<TAck<TServiceCommandResult>> {
  const schema = SERVICE_COMMAND_SCHEMAS[name];
  return guardCommand(services, user, name, schema, canRunServiceCommand(user.role, name), payload, async (parsed) => {
    const input = parsed as TServiceCommandInput<C>;
    const actor = { id: user.id, name: user.displayName, role: user.role };
    const now = services.now();
    const ctx = { actor, organisationId: user.organisationId, areaId: user.areaId, now };
    const plan = await SERVICE_HANDLERS[name](input, ctx, services);
    const result = await commitServicePlan(services, { actor, areaId: user.areaId }, name, input.commandId, plan, now);
    if (result.kind === 'repeat') assertSameCommand(result, user, name);
    const service = result.kind === 'repeat' ? await services.store.services.get(result.serviceId) : result.service;
    if (!service) throw new DomainError('NOT_FOUND', 'No such service');
    const seq = result.kind === 'repeat' ? result.lastSeq : (result.events[result.events.length - 1]?.seq ?? 0);
    return { service: serviceForReader(service, user), seq };
  });
}
