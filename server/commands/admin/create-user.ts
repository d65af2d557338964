import { decideCreateUser } from '@shared/rules/account-lifecycle';
import { assertPasswordAcceptableFor } from '../../auth/login-flow';
import { hashPassword } from '../../auth/passwords';
import { newTemporaryPassword } from '../../auth/recovery-codes';
import { accountAnswer } from './answers';
import { userWrite } from './stream-writes';
import type { TAdminHandler } from './types';

/**
 * Makes an account with a temporary password (given, or generated and shown once) that must be changed
 * at the first login; MFA enrolment follows.
 */
export const createUser: TAdminHandler<'user:create'> = async (input, ctx, services) => {
  // A username already taken is refused by the store's unique index inside the transaction, after the
  // repeat check, so the same commandId sent twice still answers with the first result.
  if (input.temporaryPassword) {
    await assertPasswordAcceptableFor(services, input.temporaryPassword, input, ctx.areaId, 'temporaryPassword');
  }
  const temporaryPassword = input.temporaryPassword ?? newTemporaryPassword();
  const passwordHash = await hashPassword(temporaryPassword);
  const userRef = { kind: 'user' as const, id: input.userId };
  const orgRef = { kind: 'organisation' as const, id: input.organisationId };
  const areaRef = { kind: 'area' as const, id: ctx.areaId };
  return {
    streams: [userRef, orgRef, areaRef],
    decide: ({ read }) => {
      const current = read(userRef);
      const data = decideCreateUser(
        current,
        input,
        { organisation: read(orgRef), area: read(areaRef), mustChangePassword: true },
        ctx,
      );
      return {
        writes: [userWrite(input.userId, current, [data], ctx.by)],
        credentials: [{ userId: input.userId, passwordHash }],
      };
    },
    answer: ({ seq, isRepeat }) => accountAnswer(services, input.userId, seq, isRepeat ? null : temporaryPassword),
  };
};
