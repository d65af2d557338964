import type { TAdminCommand, TAdminCommandInput, TAdminCommandResult } from '@shared/protocol';
import type { TActor } from '@shared/schemas/user';
import type { TServices } from '../../services';
import type { TStreamPlan } from '../commit-streams';
import type { TChangeBy } from './stream-writes';

/** Who administers, in which area, under which commandId and when. */
export interface TAdminContext {
  actor: TActor;
  areaId: string;
  now: Date;
  by: TChangeBy;
}

/** An administration command's plan: the streams and pure decision, and how to answer once committed. */
export interface TAdminPlan<TResult> extends TStreamPlan {
  /** `isRepeat`: the commandId was applied before, so nothing new (no temporary password) is shown. */
  answer: (outcome: { seq: number; isRepeat: boolean }) => Promise<TResult>;
}

export type TAdminHandler<C extends TAdminCommand> = (
  input: TAdminCommandInput<C>,
  ctx: TAdminContext,
  services: TServices,
) => Promise<TAdminPlan<TAdminCommandResult<C>>>;
