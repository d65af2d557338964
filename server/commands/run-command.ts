import type { TExecuteResult } from '@db/repositories';
import { DomainError, issuesFromZod, type TAck } from '@shared/errors';
import { COMMAND_SCHEMAS } from '@shared/protocol';
import type { TCaseEvent, TNewCaseEvent } from '@shared/rules/case-events';
import { evolve, fieldsTouched } from '@shared/rules/case-lifecycle';
import { canRunCommand, caseViewForRole, type TCaseCommand } from '@shared/rules/permissions';
import { redactCard } from '@shared/rules/redaction';
import type { TCaseCard, TCommandResult } from '@shared/schemas/case';
import type { TUser } from '@shared/schemas/user';
import type { TServices } from '../services';
import { COMMAND_HANDLERS } from './registry';
import type { TCommandPlan } from './types';

/** The actor's own view of a card; commands are only open to roles that can read cases. */
function viewFor(user: TUser, card: TCaseCard): TCaseCard {
  const view = caseViewForRole(user.role);
  if (view === 'none') throw new DomainError('FORBIDDEN', 'Your role does not see case cards');
  return redactCard(card, view);
}

function conflictError(user: TUser, plan: TCommandPlan, card: TCaseCard, newer: TCaseEvent[]): DomainError {
  const changes = newer.map((e) => ({ seq: e.seq, at: e.at, actor: e.actor, fields: fieldsTouched(e) }));
  const changed = new Set(changes.flatMap((c) => c.fields));
  return new DomainError('CONFLICT', `Someone else changed ${card.ref} since you opened it`, {
    conflict: {
      current: viewFor(user, card),
      changes,
      overlappingFields: plan.touches.filter((f) => changed.has(f)),
    },
  });
}

/**
 * The one path every change takes, from socket or HTTP: parse (zod) → authorise (role policy) →
 * plan → one transaction (idempotency, load, version check, decide, append, project) → broadcast
 * after commit → ack. Errors come back typed; nothing is written or sent when anything fails.
 */
export async function runCommand<C extends TCaseCommand>(
  services: TServices,
  user: TUser,
  name: C,
  payload: unknown,
): Promise<TAck<TCommandResult>> {
  try {
    const parsed = COMMAND_SCHEMAS[name].safeParse(payload);
    if (!parsed.success) {
      throw new DomainError('VALIDATION', 'Some fields need attention', { issues: issuesFromZod(parsed.error) });
    }
    if (!canRunCommand(user.role, name)) {
      throw new DomainError('FORBIDDEN', `Your role (${user.role}) cannot do this`);
    }
    const input = parsed.data as Parameters<(typeof COMMAND_HANDLERS)[C]>[0];
    const actor = { id: user.id, name: user.displayName, role: user.role };
    const ctx = { actor, areaId: user.areaId, newId: services.newId };
    const plan = COMMAND_HANDLERS[name](input, ctx);
    const at = services.now().toISOString();

    const result: TExecuteResult = await services.store.cases.execute({
      commandId: input.commandId,
      commandName: name,
      actorId: user.id,
      caseId: plan.caseId,
      decide: (current, eventsAfter) => {
        // A card in another area is treated as absent: its existence is not disclosed.
        const card = current && current.areaId === user.areaId ? current : null;
        if (card && plan.expectedVersion !== null && plan.expectedVersion !== card.version) {
          throw conflictError(user, plan, card, eventsAfter(plan.expectedVersion));
        }
        const decided = plan.decide(card);
        const base = card?.version ?? 0;
        const events: TNewCaseEvent[] = decided.map((d, i) => ({
          ...d,
          caseId: plan.caseId,
          version: base + i + 1,
          at,
          actor,
          commandId: input.commandId,
        }));
        const next = events.reduce<TCaseCard | null>((c, e) => evolve(c, { ...e, seq: 0 } as TCaseEvent), card);
        if (!next) throw new Error('A command produced no card');
        return { events, card: next };
      },
    });

    if (result.kind === 'repeat') {
      if (result.actorId !== user.id || result.commandName !== name) {
        throw new DomainError('IDEMPOTENCY_MISMATCH', 'This commandId was already used for a different command');
      }
      const card = await services.store.cases.get(result.caseId);
      if (!card) throw new DomainError('NOT_FOUND', 'No such case');
      return { ok: true, data: { card: viewFor(user, card), seq: result.lastSeq } };
    }

    services.broadcaster.publish(result.events, result.card);
    const lastSeq = result.events[result.events.length - 1]?.seq ?? 0;
    return { ok: true, data: { card: viewFor(user, result.card), seq: lastSeq } };
  } catch (error) {
    if (error instanceof DomainError) return { ok: false, error: error.toJSON() };
    services.logger.error({ err: error, command: name, userId: user.id }, 'command failed');
    return { ok: false, error: { code: 'INTERNAL', message: 'Something went wrong; the change was not saved' } };
  }
}
