import { decideSetEnabled } from '@shared/rules/account-lifecycle';
import { accountPlan } from './account-plan';
import type { TAdminHandler } from './types';

/** Disabling ends every session of the person at once and takes them off every unit's crew. */
export const setUserEnabled: TAdminHandler<'user:set-enabled'> = (input, ctx, services) =>
  accountPlan(services, ctx, { userId: input.userId }, (account) => ({
    events: [decideSetEnabled(account, input, ctx)],
    ...(input.isEnabled ? {} : { endsSessions: [{ userId: input.userId }] }),
  }));
