import { decideSetTemporaryPassword } from '@shared/rules/account-lifecycle';
import { accountPlan } from './account-plan';
import { issueTemporaryPassword, liftSignInLimit } from './temporary-password';
import type { TAdminHandler } from './types';

/**
 * A forgotten password: a temporary one (given, or generated and shown once) that must be changed at
 * the next login. The person's sessions end; their authenticator stays.
 */
export const setTemporaryPassword: TAdminHandler<'user:set-temporary-password'> = async (input, ctx, services) => {
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
      events: [decideSetTemporaryPassword(account, input, ctx)],
      credentials: [{ userId: input.userId, passwordHash }],
      endsSessions: [{ userId: input.userId }],
    }),
    { temporaryPassword, afterApplied: liftSignInLimit(services) },
  );
};
