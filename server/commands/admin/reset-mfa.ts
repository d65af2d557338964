import { decideResetMfa, decideSetTemporaryPassword } from '@shared/rules/account-lifecycle';
import { accountPlan } from './account-plan';
import { issueTemporaryPassword, liftSignInLimit } from './temporary-password';
import type { TAdminHandler } from './types';

/**
 * A lost phone. The authenticator and recovery codes are removed and a temporary password is set too, so
 * the next login (with the password handed over on a checked channel) enrols a new authenticator: a
 * phished password alone is never enough to enrol one.
 */
export const resetMfa: TAdminHandler<'user:reset-mfa'> = async (input, ctx, services) => {
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
      events: [decideResetMfa(account, input, ctx), decideSetTemporaryPassword(account, input, ctx)],
      credentials: [{ userId: input.userId, passwordHash, mfaSecret: null, recoveryCodeHashes: [] }],
      endsSessions: [{ userId: input.userId }],
    }),
    { temporaryPassword, afterApplied: liftSignInLimit(services) },
  );
};
