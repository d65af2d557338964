import { decideResetMfa } from '@shared/rules/account-lifecycle';
import { withTemporaryPassword } from './set-temporary-password';
import type { TAdminHandler } from './types';

/**
 * A lost phone. The authenticator and recovery codes are removed and a temporary password is set too, so
 * the next login (with the password handed over on a checked channel) enrols a new authenticator: a
 * phished password alone is never enough to enrol one.
 */
export const resetMfa: TAdminHandler<'user:reset-mfa'> = (input, ctx, services) =>
  withTemporaryPassword(services, ctx, input, (account) => [decideResetMfa(account, input, ctx)], {
    mfaSecret: null,
    recoveryCodeHashes: [],
  });
