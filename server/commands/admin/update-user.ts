import { decideUpdateUser } from '@shared/rules/account-lifecycle';
import { accountPlan } from './account-plan';
import type { TAdminHandler } from './types';

/**
 * Changes a person's name, role, organisation or contact. A new role ends their sessions, so what
 * they see changes at once rather than at their next login (hazard "wrong role given").
 */
export const updateUser: TAdminHandler<'user:update'> = (input, ctx, services) =>
  accountPlan(
    services,
    ctx,
    {
      userId: input.userId,
      expectedVersion: input.expectedVersion,
      ...(input.changes.organisationId ? { organisationId: input.changes.organisationId } : {}),
    },
    (account, organisation) => {
      const event = decideUpdateUser(account, input, organisation, ctx);
      const isNewRole = event.type === 'user.updated' && event.data.changes.role !== undefined;
      return { events: [event], ...(isNewRole ? { endsSessions: [{ userId: input.userId }] } : {}) };
    },
  );
