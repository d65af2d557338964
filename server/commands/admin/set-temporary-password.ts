import { assertPasswordAcceptable } from '../../auth/login-flow';
import { hashPassword } from '../../auth/passwords';
import { newTemporaryPassword } from '../../auth/recovery-codes';
import { decideSetTemporaryPassword } from '@shared/rules/account-lifecycle';
import { accountPlan } from './account-plan';
import type { TAdminHandler } from './types';

/**
 * A forgotten password: a temporary one (given, or generated and shown once) that must be changed at
 * the next login. The person's sessions end; their authenticator stays.
 */
export const setTemporaryPassword: TAdminHandler<'user:set-temporary-password'> = async (input, ctx, services) => {
  if (input.temporaryPassword) await assertPasswordAcceptable(input.temporaryPassword, [], 'temporaryPassword');
  const temporaryPassword = input.temporaryPassword ?? newTemporaryPassword();
  const passwordHash = await hashPassword(temporaryPassword);
  services.accountLimiter.reset(((await services.store.accounts.get(input.userId))?.username ?? '').toLowerCase());
  return accountPlan(
    services,
    ctx,
    { userId: input.userId },
    (account) => ({
      event: decideSetTemporaryPassword(account, input, ctx),
      credentials: [{ userId: input.userId, passwordHash }],
      endsSessions: [{ userId: input.userId }],
    }),
    { temporaryPassword },
  );
};
