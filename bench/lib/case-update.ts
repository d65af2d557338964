import type { TExecuteRequest } from '@db/repositories';
import type { TCaseEvent, TNewCaseEvent } from '@shared/rules/case-events';
import { decideUpdate, evolve, type TDecisionContext } from '@shared/rules/case-lifecycle';
import type { TCaseDetails } from '@shared/schemas/case';

/**
 * A durable `case:update` through the store, as the command runner would make it: version check, the
 * rule's decision, the event and the card it leads to.
 */
export function caseUpdate(
  caseId: string,
  expected: number,
  changes: Partial<TCaseDetails>,
  ctx: TDecisionContext,
): TExecuteRequest {
  const commandId = crypto.randomUUID();
  return {
    commandId,
    commandName: 'case:update',
    actorId: ctx.actor.id,
    caseId,
    decide: (card) => {
      if (!card || card.version !== expected) throw new Error('version');
      const data = decideUpdate(card, { commandId, caseId, expectedVersion: expected, changes }, ctx);
      const event = {
        ...data,
        caseId,
        version: expected + 1,
        at: new Date().toISOString(),
        actor: ctx.actor,
        commandId,
      } as TNewCaseEvent;
      return { events: [event], card: evolve(card, { ...event, seq: 0 } as TCaseEvent) };
    },
  };
}
