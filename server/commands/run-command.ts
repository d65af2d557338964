import type { THandoverCommand } from '@shared/protocol';
import type { THandoverCommandResult, THandoverNote } from '@shared/schemas/handover';
import type { TCommitResult } from '@db/repositories';
import { DomainError, type TAck } from '@shared/errors';
import type { TServiceCommand, TUnitCommand } from '@shared/protocol';
import { cardViewFor } from '@shared/rules/break-glass';
import type { TCaseCommand } from '@shared/rules/permissions';
import { redactCard, redactUnit, serviceForReader, unitForReader } from '@shared/rules/redaction';
import type { TCaseCard, TCommandResult } from '@shared/schemas/case';
import type { TService, TServiceCommandResult } from '@shared/schemas/service';
import type { TUnit, TUnitCommandResult } from '@shared/schemas/unit';
import type { TUser } from '@shared/schemas/user';
import type { TServices } from '../services';
import { lastSeqOf } from './commit-streams';
import { assertSameCommand, guardCommand } from './guard-command';
import { commitPlan, PlanOutOfDate, type TOperationalKind, type TOperationalStates, type TPlan } from './pipeline';
import { OPERATIONAL_COMMANDS, type TOperationalCommand } from './registry';

/** What a person is answered with, by the kind of stream the command is about. */
export type TCommandAnswer<C extends TOperationalCommand> = C extends TCaseCommand
  ? TCommandResult
  : C extends TServiceCommand
    ? TServiceCommandResult
    : C extends TUnitCommand
      ? TUnitCommandResult
      : C extends THandoverCommand
        ? THandoverCommandResult
        : never;

/** A plan made from a snapshot can find, inside its transaction, that more streams concern it: plan again. */
const MAX_PLANS = 3;

/** The answer: the stream the command is about, as the person may see it, and the sequence to wait for. */
const ANSWERS: {
  [K in TOperationalKind]: (services: TServices, user: TUser, state: TOperationalStates[K], seq: number) => unknown;
} = {
  case: (services, user, card, seq) => {
    const view = cardViewFor(user, card, services.now());
    // Commands are only open to roles that read cases, so this is a guard against a policy mistake.
    if (view === 'none') throw new DomainError('FORBIDDEN', 'Your role does not see case cards');
    // R-IG-AUDIT: the answer carries the card (recorded in the next batch, off the write path).
    services.disclosures.note(user, [card.id], 'command');
    return { card: redactCard(card, view), seq } satisfies TCommandResult;
  },
  service: (_services, user, service, seq) =>
    ({ service: serviceForReader(service, user), seq }) satisfies TServiceCommandResult,
  unit: (_services, user, unit, seq) =>
    ({ unit: unitForReader(unit, user) ?? redactUnit(unit, 'registry'), seq }) satisfies TUnitCommandResult,
  // Only the control room runs handover commands, and it reads the whole note.
  handover: (_services, _user, note, seq) => ({ note, seq }) satisfies THandoverCommandResult,
};

async function stored(services: TServices, kind: TOperationalKind, id: string) {
  const found: TCaseCard | TService | TUnit | THandoverNote | null =
    kind === 'case'
      ? await services.store.cases.get(id)
      : kind === 'service'
        ? await services.store.services.get(id)
        : kind === 'unit'
          ? await services.store.units.get(id)
          : await services.store.handovers.get(id);
  if (!found) throw new DomainError('NOT_FOUND', 'Not found');
  return found;
}

/**
 * The one path every operational change from a person takes, by socket or HTTP, whatever streams it
 * touches: authorise (role policy, before anything is read) → parse (zod) → plan → commitPlan (one
 * transaction, then the broadcast) → the typed answer. Nothing is written or sent when any step fails.
 */
export async function runCommand<C extends TOperationalCommand>(
  services: TServices,
  user: TUser,
  name: C,
  payload: unknown,
): Promise<TAck<TCommandAnswer<C>>> {
  const entry = OPERATIONAL_COMMANDS[name];
  const ack = await guardCommand(
    services,
    user,
    name,
    entry.schema,
    entry.isAllowed(user.role),
    payload,
    async (input) => {
      const actor = { id: user.id, name: user.displayName, role: user.role };
      const by = { actor, areaId: user.areaId, viewer: user.role };
      const commandId = (input as { commandId: string }).commandId;
      for (let attempt = 1; ; attempt++) {
        const now = services.now();
        const ctx = { actor, areaId: user.areaId, organisationId: user.organisationId, newId: services.newId, now };
        const plan: TPlan = await entry.plan(input as never, ctx, services);
        const about = plan.streams[0];
        if (!about) throw new Error(`${name} planned no stream`);
        let result: TCommitResult;
        try {
          result = await commitPlan(services, by, { name, commandId }, plan, now);
        } catch (error) {
          if (error instanceof PlanOutOfDate && attempt < MAX_PLANS) continue;
          throw error;
        }
        if (result.kind === 'repeat') {
          assertSameCommand(result, user, name);
          const state = await stored(services, about.kind, result.streamId);
          return ANSWERS[about.kind](services, user, state as never, result.lastSeq);
        }
        const write = result.writes.find((w) => w.kind === about.kind && w.streamId === about.id);
        const state = write?.state ?? (await stored(services, about.kind, about.id));
        return ANSWERS[about.kind](services, user, state as never, lastSeqOf(result));
      }
    },
  );
  // A refused change answered with the card as it now is discloses it (R-IG-AUDIT).
  if (!ack.ok && ack.error.conflict) services.disclosures.note(user, [ack.error.conflict.current.id], 'conflict');
  return ack as TAck<TCommandAnswer<C>>;
}
