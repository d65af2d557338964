import { decideRevokeSessions } from '@shared/rules/account-lifecycle';
import { accountPlan } from './account-plan';
import type { TAdminHandler } from './types';

/** Ends one of a person's sessions, or all of them (a lost tablet, a shared PC left logged in). */
export const revokeSessions: TAdminHandler<'user:revoke-sessions'> = async (input, ctx, services) => {
  // Only sessions still alive count; expired rows wait for the sweep and end by themselves.
  const now = services.now().toISOString();
  const sessions = (await services.store.sessions.listForUser(input.userId)).filter((s) => s.expiresAt > now);
  const count = input.sessionId ? sessions.filter((s) => s.id === input.sessionId).length : sessions.length;
  return accountPlan(services, ctx, { userId: input.userId }, (account) => ({
    events: [decideRevokeSessions(account, { reason: input.reason, count }, ctx)],
    endsSessions: [{ userId: input.userId, ...(input.sessionId ? { sessionId: input.sessionId } : {}) }],
  }));
};
