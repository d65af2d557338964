import type { TUserEventData } from '@shared/rules/account-events';
import { decideSetTemporaryPassword } from '@shared/rules/account-lifecycle';
import type { TAccount } from '@shared/schemas/account';
import type { TServices } from '../../services';
import { accountPlan } from './account-plan';
import { issueTemporaryPassword, liftSignInLimit } from './temporary-password';
import type { TAdminContext, TAdminHandler } from './types';

/**
 * Sets a temporary password (given, or generated and shown once) that must be changed at the next
 * login, ends the person's sessions and lifts their sign-in limit; `alsoDecide` adds what else the same
 * command changes (a reset authenticator), `alsoClear` the credentials it removes.
 */
export async function withTemporaryPassword(
  services: TServices,
  ctx: TAdminContext,
  input: { userId: string; temporaryPassword?: string | undefined; reason: string },
  alsoDecide: (account: TAccount | null) => TUserEventData[] = () => [],
  alsoClear: { mfaSecret?: null; recoveryCodeHashes?: string[] } = {},
) {
  const { temporaryPassword, passwordHash } = await issueTemporaryPassword(
    services,
    ctx,
    input.userId,
    input.temporaryPassword,
  );
  return accountPlan(
    services,
    ctx,
    { userId: input.userId },
    (account) => ({
      events: [...alsoDecide(account), decideSetTemporaryPassword(account, input, ctx)],
      credentials: [{ userId: input.userId, passwordHash, ...alsoClear }],
      endsSessions: [{ userId: input.userId }],
    }),
    { temporaryPassword, afterApplied: liftSignInLimit(services) },
  );
}

/**
 * A forgotten password: a temporary one (given, or generated and shown once) that must be changed at
 * the next login. The person's sessions end; their authenticator stays.
 */
export const setTemporaryPassword: TAdminHandler<'user:set-temporary-password'> = (input, ctx, services) =>
  withTemporaryPassword(services, ctx, input);
