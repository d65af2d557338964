import { decideResetMfa } from '@shared/rules/account-lifecycle';
import { accountPlan } from './account-plan';
import type { TAdminHandler } from './types';

/** A lost phone: the authenticator and recovery codes are removed; the next login enrols a new one. */
export const resetMfa: TAdminHandler<'user:reset-mfa'> = (input, ctx, services) =>
  accountPlan(services, ctx, { userId: input.userId }, (account) => ({
    event: decideResetMfa(account, input, ctx),
    credentials: [{ userId: input.userId, mfaSecret: null, recoveryCodeHashes: [] }],
    endsSessions: [{ userId: input.userId }],
  }));
