import type { TExecuteResult } from '@db/repositories';
import { DomainError, issuesFromZod, type TAck } from '@shared/errors';
import { COMMAND_SCHEMAS } from '@shared/protocol';
import type { TCaseEvent, TNewCaseEvent } from '@shared/rules/case-events';
import { evolve, fieldsTouched } from '@shared/rules/case-lifecycle';
import { canRunCommand, caseViewForRole, type TCaseCommand } from '@shared/rules/permissions';
import { cardViewFor } from '@shared/rules/break-glass';
import { redactCard, redactFieldNames } from '@shared/rules/redaction';
import type { TCaseCard, TCommandResult } from '@shared/schemas/case';
import type { TActor, TUser } from '@shared/schemas/user';
import type { TServices } from '../services';
import { asDomainError } from './guard-command';
import { COMMAND_HANDLERS } from './registry';
import type { TCommandPlan } from './types';

/** The actor's own view of a card (their break-glass included); commands are only open to roles that read cases. */
function viewFor(user: Pick<TUser, 'id' | 'role'>, card: TCaseCard, now: Date): TCaseCard {
  const view = cardViewFor(user, card, now);
  if (view === 'none') throw new DomainError('FORBIDDEN', 'Your role does not see case cards');
  return redactCard(card, view);
}

/** A conflict report, redacted like the card: field names the reader may not see are not named. */
function conflictError(viewer: TUser['role'], plan: TCommandPlan, card: TCaseCard, newer: TCaseEvent[]): DomainError {
  const view = caseViewForRole(viewer);
  if (view === 'none') return new DomainError('FORBIDDEN', 'Your role does not see case cards');
  const changes = newer.map((e) => ({
    seq: e.seq,
    at: e.at,
    actor: e.actor,
    fields: redactFieldNames(fieldsTouched(e), view),
  }));
  const changed = new Set(changes.flatMap((c) => c.fields));
  return new DomainError('CONFLICT', `Someone else changed ${card.ref} since you opened it`, {
    conflict: {
      current: redactCard(card, view),
      changes,
      overlappingFields: plan.touches.filter((f) => changed.has(f)),
    },
  });
}

/** Who a change is made as, and whose view a conflict report is redacted for. */
export interface TCommitter {
  actor: TActor;
  areaId: string;
  viewer: TUser['role'];
}

/**
 * The shared second half of every change: one transaction (idempotency, load, version check, decide,
 * append, project), then broadcast after commit. Client commands reach it through runCommand; the
 * alerts job reaches it directly with the system actor.
 */
export async function commitPlan(
  services: TServices,
  by: TCommitter,
  commandName: string,
  commandId: string,
  plan: TCommandPlan,
  now: Date,
): Promise<TExecuteResult> {
  const at = now.toISOString();
  const result = await services.store.cases.execute({
    commandId,
    commandName,
    actorId: by.actor.id,
    caseId: plan.caseId,
    decide: (current, eventsAfter) => {
      // A card in another area is treated as absent: its existence is not disclosed.
      const card = current && current.areaId === by.areaId ? current : null;
      if (card && plan.expectedVersion !== null && plan.expectedVersion !== card.version) {
        throw conflictError(by.viewer, plan, card, eventsAfter(plan.expectedVersion));
      }
      const decided = plan.decide(card);
      const base = card?.version ?? 0;
      const events: TNewCaseEvent[] = decided.map((d, i) => ({
        ...d,
        caseId: plan.caseId,
        version: base + i + 1,
        at,
        actor: by.actor,
        commandId,
      }));
      const next = events.reduce<TCaseCard | null>((c, e) => evolve(c, { ...e, seq: 0 } as TCaseEvent), card);
      if (!next) throw new Error('A command produced no card');
      return { events, card: next };
    },
  });
  if (result.kind === 'applied') services.broadcaster.publish(result.events, result.card);
  return result;
}

/**
 * The one path every change from a person takes, by socket or HTTP: parse (zod) → authorise (role
 * policy) → plan → commitPlan → ack. Errors come back typed; nothing is written or sent when anything
 * fails.
 */
export async function runCommand<C extends TCaseCommand>(
  services: TServices,
  user: TUser,
  name: C,
  payload: unknown,
): Promise<TAck<TCommandResult>> {
  try {
    // The role first: a role that may not run a command learns nothing from it (R-IG-MIN).
    if (!canRunCommand(user.role, name)) {
      throw new DomainError('FORBIDDEN', `Your role (${user.role}) cannot do this`);
    }
    const parsed = COMMAND_SCHEMAS[name].safeParse(payload);
    if (!parsed.success) {
      throw new DomainError('VALIDATION', 'Some fields need attention', { issues: issuesFromZod(parsed.error) });
    }
    const input = parsed.data as Parameters<(typeof COMMAND_HANDLERS)[C]>[0];
    const actor = { id: user.id, name: user.displayName, role: user.role };
    const now = services.now();
    const plan = COMMAND_HANDLERS[name](input, { actor, areaId: user.areaId, newId: services.newId, now });
    const by = { actor, areaId: user.areaId, viewer: user.role };
    const result = await commitPlan(services, by, name, input.commandId, plan, now);

    if (result.kind === 'repeat') {
      if (result.actorId !== user.id || result.commandName !== name) {
        throw new DomainError('IDEMPOTENCY_MISMATCH', 'This commandId was already used for a different command');
      }
      const card = await services.store.cases.get(result.caseId);
      if (!card) throw new DomainError('NOT_FOUND', 'No such case');
      const data = { card: viewFor(user, card, now), seq: result.lastSeq };
      services.disclosures.note(user, [card.id], 'command');
      return { ok: true, data };
    }
    const lastSeq = result.events[result.events.length - 1]?.seq ?? 0;
    const data = { card: viewFor(user, result.card, now), seq: lastSeq };
    // R-IG-AUDIT: the answer carries the card (recorded in the next batch, off the write path).
    services.disclosures.note(user, [result.card.id], 'command');
    return { ok: true, data };
  } catch (error) {
    const known = asDomainError(error);
    if (known?.conflict) services.disclosures.note(user, [known.conflict.current.id], 'conflict');
    if (known) return { ok: false, error: known.toJSON() };
    services.logger.error({ err: error, command: name, userId: user.id }, 'command failed');
    return { ok: false, error: { code: 'INTERNAL', message: 'Something went wrong; the change was not saved' } };
  }
}
