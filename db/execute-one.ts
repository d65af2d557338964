import type { TCaseEvent } from '@shared/rules/case-events';
import type { TServiceEvent } from '@shared/rules/service-events';
import type { TUnitEvent } from '@shared/rules/unit-events';
import type { TCaseCard } from '@shared/schemas/case';
import type { TService } from '@shared/schemas/service';
import type { TUnit } from '@shared/schemas/unit';
import { asKindEvent } from './event-rows';
import type {
  TCommitResult,
  TExecuteRequest,
  TExecuteResult,
  TServiceExecuteRequest,
  TServiceExecuteResult,
  TStoredStreamEvent,
  TStreamKind,
  TStreamStore,
  TUnitExecuteRequest,
  TUnitExecuteResult,
} from './repositories';

/**
 * A single-stream command on the one write path, answered in the shape its kind's callers expect.
 */
async function executeOne<TState, TEvent>(
  streams: TStreamStore,
  kind: TStreamKind,
  idName: 'caseId' | 'serviceId' | 'unitId',
  request: {
    commandId: string;
    commandName: string;
    actorId: string;
    streamId: string;
    decide: (
      current: TState | null,
      eventsAfter: (version: number) => TEvent[],
    ) => {
      events: {
        version: number;
        type: string;
        data: unknown;
        actor: TStoredStreamEvent['actor'];
        commandId: string;
        at: string;
      }[];
      state: TState;
    };
  },
): Promise<{ kind: 'applied'; events: TEvent[]; state: TState } | Extract<TCommitResult, { kind: 'repeat' }>> {
  const ref = { kind, id: request.streamId };
  const result = await streams.commit({
    commandId: request.commandId,
    commandName: request.commandName,
    actorId: request.actorId,
    streams: [ref],
    decide: ({ read, eventsAfter }) => {
      const { events, state } = request.decide(read(ref) as TState | null, (version) =>
        eventsAfter(ref, version).map((e) => asKindEvent<TEvent>(e, idName)),
      );
      return { writes: [{ kind, streamId: request.streamId, events, state } as never] };
    },
  });
  if (result.kind === 'repeat') return result;
  const write = result.writes[0];
  if (!write) throw new Error('A command wrote no stream');
  return {
    kind: 'applied',
    events: write.events.map((e) => asKindEvent<TEvent>(e, idName)),
    state: write.state as TState,
  };
}

/** A case command on the one write path, answered as the case repository's callers expect. */
export async function executeCase(streams: TStreamStore, request: TExecuteRequest): Promise<TExecuteResult> {
  const result = await executeOne<TCaseCard, TCaseEvent>(streams, 'case', 'caseId', {
    ...request,
    streamId: request.caseId,
    decide: (current, eventsAfter) => {
      const { events, card } = request.decide(current, eventsAfter);
      return { events, state: card };
    },
  });
  if (result.kind === 'repeat') {
    const { streamId, ...rest } = result;
    return { ...rest, caseId: streamId };
  }
  return { kind: 'applied', events: result.events, card: result.state };
}

export async function executeService(
  streams: TStreamStore,
  request: TServiceExecuteRequest,
): Promise<TServiceExecuteResult> {
  const result = await executeOne<TService, TServiceEvent>(streams, 'service', 'serviceId', {
    ...request,
    streamId: request.serviceId,
    decide: (current) => {
      const { events, service } = request.decide(current);
      return { events, state: service };
    },
  });
  if (result.kind === 'repeat') {
    const { streamId, ...rest } = result;
    return { ...rest, serviceId: streamId };
  }
  return { kind: 'applied', events: result.events, service: result.state };
}

export async function executeUnit(streams: TStreamStore, request: TUnitExecuteRequest): Promise<TUnitExecuteResult> {
  const result = await executeOne<TUnit, TUnitEvent>(streams, 'unit', 'unitId', {
    ...request,
    streamId: request.unitId,
    decide: (current) => {
      const { events, unit } = request.decide(current);
      return { events, state: unit };
    },
  });
  if (result.kind === 'repeat') {
    const { streamId, ...rest } = result;
    return { ...rest, unitId: streamId };
  }
  return { kind: 'applied', events: result.events, unit: result.state };
}
