import type { TExecuteRequest, TStore } from '@db/repositories';
import type { TCaseEvent, TNewCaseEvent } from '@shared/rules/case-events';
import { decideCreate, decideUpdate, evolve, type TDecisionContext } from '@shared/rules/case-lifecycle';
import { aCreateRequest } from '@shared/rules/test-fixtures';
import type { TCaseCreateRequest, TCaseDetails } from '@shared/schemas/case';

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

/**
 * A new card for a drill: `summary` empty makes it invalid (refused), so a drill can prove refused
 * commands leave no trace.
 */
export function aDrillCard(summary: string): TCaseCreateRequest {
  return {
    commandId: crypto.randomUUID(),
    channel: '111-option-2',
    caller: { name: '', relationship: '', callbackNumber: '' },
    person: { name: null, age: { kind: 'unknown' }, sex: 'not-known', ethnicity: '99', nhsNumber: null },
    location: { description: 'Drill Street', type: 'public-place', coordinates: null },
    presentingConcerns: '',
    riskFlags: { toSelf: false, toOthers: false, fromOthers: false, safeguarding: false },
    priority: 'routine',
    summary,
  };
}

/** The card the fan-out and flood benchmarks create and then change: a drill's card, about a named person. */
export function aBenchCard(personName: string): TCaseCreateRequest {
  const card = aDrillCard('Benchmark card');
  return {
    ...card,
    person: { ...card.person, name: personName },
    presentingConcerns: 'Benchmark card',
    priority: 'urgent',
  };
}

/** Creates one card through a store, as `case:create` would; its id. */
export async function createOneCard(store: TStore, ctx: TDecisionContext): Promise<string> {
  const caseId = crypto.randomUUID();
  const created = await store.cases.execute({
    commandId: crypto.randomUUID(),
    commandName: 'case:create',
    actorId: ctx.actor.id,
    caseId,
    decide: () => {
      const event = {
        ...decideCreate(aCreateRequest(), caseId, ctx),
        caseId,
        version: 1,
        at: new Date().toISOString(),
        actor: ctx.actor,
        commandId: 'c0',
      } as TNewCaseEvent;
      return { events: [event], card: evolve(null, { ...event, seq: 0 } as TCaseEvent) };
    },
  });
  if (created.kind !== 'applied') throw new Error('The card was not created');
  return caseId;
}
