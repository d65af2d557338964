import type { TCredentialsChange, TEndSessions, TStreamRef, TStreamWrite } from '@db/repositories';
import { DomainError } from '@shared/errors';
import type { TUserEventData } from '@shared/rules/account-events';
import { crewAfterAccountChange } from '@shared/rules/unit-lifecycle';
import type { TAccount, TAccountCommandResult, TOrganisation } from '@shared/schemas/account';
import type { TServices } from '../../services';
import { accountAnswer } from './answers';
import { unitWrite, userWrite } from './stream-writes';
import type { TAdminContext, TAdminPlan } from './types';

/** What one account command decides, given the account and (when it names one) an organisation. */
export interface TAccountDecision {
  events: TUserEventData[];
  credentials?: TCredentialsChange[];
  /** End the person's sessions: a new role, a disabled account, a new password or authenticator. */
  endsSessions?: TEndSessions[];
}

/**
 * The shared shape of every command on one existing account. It also keeps every unit the person
 * crews in step, in the same transaction: renamed there, or taken off its crew when the account is
 * disabled or leaves the crew roles (hazard "stale unit crew").
 */
export async function accountPlan(
  services: TServices,
  ctx: TAdminContext,
  input: { userId: string; expectedVersion?: number; organisationId?: string },
  decide: (account: TAccount | null, organisation: TOrganisation | null) => TAccountDecision,
  options: {
    temporaryPassword?: string | null;
    /** After a real (not repeated) commit, with the account as it now is. */
    afterApplied?: (account: TAccount) => Promise<void>;
  } = {},
): Promise<TAdminPlan<TAccountCommandResult>> {
  const userRef = { kind: 'user' as const, id: input.userId };
  const orgRef = input.organisationId ? { kind: 'organisation' as const, id: input.organisationId } : null;
  // Every unit of the area is named, and the ones this person crews are found inside the transaction,
  // so a crew change racing this one cannot leave a disabled person on a crew (hazard H-038).
  const unitRefs = (await services.store.units.list(ctx.areaId)).map((u) => ({ kind: 'unit' as const, id: u.id }));
  const streams: TStreamRef[] = [userRef, ...(orgRef ? [orgRef] : []), ...unitRefs];
  return {
    streams,
    decide: ({ read }) => {
      const found = read(userRef);
      const account = found && found.areaId === ctx.areaId ? found : null;
      if (account && input.expectedVersion !== undefined && account.version !== input.expectedVersion) {
        throw new DomainError(
          'CONFLICT',
          `${account.displayName}'s account changed since you opened it; check and try again`,
        );
      }
      const decision = decide(account, orgRef ? read(orgRef) : null);
      const write = userWrite(input.userId, account, decision.events, ctx.by);
      const after = write.state as TAccount;
      const unitWrites: TStreamWrite[] = [];
      for (const ref of unitRefs) {
        const unit = read(ref);
        const members = unit ? crewAfterAccountChange(unit, after) : null;
        if (unit && members) {
          const reason = `${after.displayName}'s account ${after.isEnabled ? 'changed' : 'was disabled'}`;
          unitWrites.push(unitWrite(unit.id, unit, [{ type: 'unit.crew-changed', data: { members, reason } }], ctx.by));
        }
      }
      return {
        writes: [write, ...unitWrites],
        ...(decision.credentials ? { credentials: decision.credentials } : {}),
        ...(decision.endsSessions ? { endSessions: decision.endsSessions } : {}),
      };
    },
    answer: async ({ seq, isRepeat }) => {
      const answer = await accountAnswer(
        services,
        input.userId,
        seq,
        isRepeat ? null : (options.temporaryPassword ?? null),
      );
      if (!isRepeat) await options.afterApplied?.(answer.account);
      return answer;
    },
  };
}
