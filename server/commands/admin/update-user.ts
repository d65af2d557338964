import { decideUpdateUser } from '@shared/rules/account-lifecycle';
import { accountPlan } from './account-plan';
import type { TAdminHandler } from './types';

/**
 * Changes a person's name, role, organisation or contact. A new role or a new organisation ends their
 * sessions, so what they see changes at once rather than at their next login: both decide what the
 * information-sharing policy sends them, and their consoles' rooms were chosen when they connected
 * (hazard "wrong role given", R-IG-MIN).
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
      const changes = event.type === 'user.updated' ? event.data.changes : {};
      const changesWhatTheySee = changes.role !== undefined || changes.organisationId !== undefined;
      return { events: [event], ...(changesWhatTheySee ? { endsSessions: [{ userId: input.userId }] } : {}) };
    },
  );
