import type { TAccount } from '@shared/schemas/account';
import { DomainError } from '@shared/errors';
import { assertPasswordAcceptableFor } from '../../auth/login-flow';
import { hashPassword } from '../../auth/passwords';
import { newTemporaryPassword } from '../../auth/recovery-codes';
import type { TServices } from '../../services';
import type { TAdminContext } from './types';

/**
 * A temporary password for an existing account: the one the administrator typed (checked against the
 * policy and the person's details) or a generated one, with its hash. Shown once; changed at next login.
 */
export async function issueTemporaryPassword(
  services: TServices,
  ctx: TAdminContext,
  userId: string,
  given: string | undefined,
): Promise<{ temporaryPassword: string; passwordHash: string; account: TAccount }> {
  const account = await services.store.accounts.get(userId);
  if (!account || account.areaId !== ctx.areaId) throw new DomainError('NOT_FOUND', 'No such account');
  if (given) await assertPasswordAcceptableFor(services, given, account, ctx.areaId, 'temporaryPassword');
  const temporaryPassword = given ?? newTemporaryPassword();
  return { temporaryPassword, passwordHash: await hashPassword(temporaryPassword), account };
}

/** A new password lifts the per-account sign-in limit, once the change is really made. */
export function liftSignInLimit(services: TServices) {
  return (account: TAccount) => services.signInLimiter.clear(account.username);
}
