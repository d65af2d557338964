import type { TAck } from '@shared/errors';
import {
  ADMIN_COMMAND_SCHEMAS,
  type TAdminCommand,
  type TAdminCommandInput,
  type TAdminCommandResult,
} from '@shared/protocol';
import { canAdminister } from '@shared/rules/permissions';
import type { TActor, TUser } from '@shared/schemas/user';
import type { TServices } from '../../services';
import { commitStreams, lastSeqOf } from '../commit-streams';
import { assertSameCommand, guardCommand } from '../guard-command';
import { ADMIN_HANDLERS } from './registry';

/**
 * Parse (zod) → authorise (administrators only) → plan → one transaction over every stream the command
 * touches → broadcast after commit → typed answer. `actor` lets the command line act as itself.
 */
export async function runAdminCommand<C extends TAdminCommand>(
  services: TServices,
  user: TUser,
  name: C,
  payload: unknown,
  actor: TActor = { id: user.id, name: user.displayName, role: user.role },
): Promise<TAck<TAdminCommandResult<C>>> {
  const schema = ADMIN_COMMAND_SCHEMAS[name];
  return guardCommand(services, user, name, schema, canAdminister(user.role), payload, async (parsed) => {
    const input = parsed as TAdminCommandInput<C>;
    const now = services.now();
    const ctx = {
      actor,
      areaId: user.areaId,
      now,
      by: { actor, commandId: input.commandId, at: now.toISOString() },
    };
    const plan = await ADMIN_HANDLERS[name](input, ctx, services);
    const result = await commitStreams(services, { name, commandId: input.commandId, actorId: actor.id }, plan);
    if (result.kind === 'repeat') {
      assertSameCommand(result, { ...user, id: actor.id }, name);
      return plan.answer({ seq: result.lastSeq, isRepeat: true });
    }
    return plan.answer({ seq: lastSeqOf(result), isRepeat: false });
  });
}
