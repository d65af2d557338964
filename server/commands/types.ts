import type { TCaseEventData } from '@shared/rules/case-events';
import type { TDecisionContext } from '@shared/rules/case-lifecycle';
import type { TCaseCommand } from '@shared/rules/permissions';
import type { TCommandInput } from '@shared/protocol';
import type { TCaseCard } from '@shared/schemas/case';

/**
 * What a command file returns: which case it acts on, the version it was based on (if it needs one),
 * and a pure decision from the current card to new events. The runner does everything else.
 */
export interface TCommandPlan {
  caseId: string;
  expectedVersion: number | null;
  /** Fields this command means to change, to report overlaps in a conflict. */
  touches: string[];
  decide: (card: TCaseCard | null) => TCaseEventData[];
}

export type TCommandHandler<C extends TCaseCommand> = (input: TCommandInput<C>, ctx: TDecisionContext) => TCommandPlan;
