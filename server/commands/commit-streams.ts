import type { TCommitDecision, TCommitResult, TCommitTools, TStoredStreamEvent, TStreamRef } from '@db/repositories';
import type { TCaseEvent } from '@shared/rules/case-events';
import { receivingAudiences } from '@shared/rules/receiving';
import type { TServiceEvent } from '@shared/rules/service-events';
import type { TUnitEvent } from '@shared/rules/unit-events';
import type { TCaseCard } from '@shared/schemas/case';
import type { TService } from '@shared/schemas/service';
import type { TUnit } from '@shared/schemas/unit';
import type { TServices } from '../services';

/** What a command asks of the one write path: the streams it reads or changes and a pure decision. */
export interface TStreamPlan {
  streams: TStreamRef[];
  decide: (tools: TCommitTools) => TCommitDecision;
}

const withId = <T>(event: TStoredStreamEvent, name: 'caseId' | 'serviceId' | 'unitId'): T => {
  const { streamId, kind: _kind, ...rest } = event;
  return { ...rest, [name]: streamId } as T;
};

/**
 * Commits a plan over any streams in one transaction and then — only then — tells every console that
 * may know: each stream's change goes out the way its kind always does, and sessions the command ended
 * (an account disabled, sessions revoked) are closed.
 */
export async function commitStreams(
  services: TServices,
  command: { name: string; commandId: string; actorId: string },
  plan: TStreamPlan,
): Promise<TCommitResult> {
  const started = performance.now();
  const result = await services.store.streams
    .commit({
      commandId: command.commandId,
      commandName: command.name,
      actorId: command.actorId,
      streams: plan.streams,
      decide: plan.decide,
    })
    .finally(() => services.metrics.databaseWrite((performance.now() - started) / 1000));
  if (result.kind !== 'applied') return result;
  const { broadcaster } = services;
  const receivers: { events: TCaseEvent[]; card: TCaseCard }[] = [];
  for (const write of result.writes) {
    const seq = write.events[write.events.length - 1]?.seq ?? 0;
    switch (write.kind) {
      case 'case': {
        const card = write.state as TCaseCard;
        const events = write.events.map((e) => withId<TCaseEvent>(e, 'caseId'));
        broadcaster.publish(events, card);
        // Then the organisations whose services are expecting or have the person (R-LINK-RECEIVING): found
        // after the hub's consoles are told, so the lookup never delays them.
        receivers.push({ events, card });
        break;
      }
      case 'service':
        broadcaster.publishService(
          write.events.map((e) => withId<TServiceEvent>(e, 'serviceId')),
          write.state as TService,
        );
        break;
      case 'unit':
        broadcaster.publishUnit(
          write.events.map((e) => withId<TUnitEvent>(e, 'unitId')),
          write.state as TUnit,
        );
        break;
      case 'handover':
        broadcaster.publishHandover((write.state as { areaId: string }).areaId, seq);
        break;
      case 'area':
      case 'organisation':
      case 'user':
        broadcaster.publishAdministration(
          (write.state as { areaId?: string; id: string }).areaId ?? write.streamId,
          write.kind,
          write.streamId,
          seq,
        );
        break;
    }
  }
  if (result.endedSessions.length > 0) broadcaster.endSessions(result.endedSessions, 'revoked');
  for (const { events, card } of receivers) {
    // The change is committed: a failure here must not turn its answer into an error.
    try {
      const audiences = receivingAudiences(card, await receivingCandidates(services, card), services.now());
      broadcaster.publishToReceivers(events, card, audiences);
    } catch (err) {
      services.logger.error({ err, caseId: card.id }, 'receiving services not told of a change');
    }
  }
  services.metrics.broadcast(lastSeqOf(result));
  return result;
}

/**
 * The services that may be receiving a card's person: those holding places now (few, and read by an
 * indexed column) and its places of safety. A hold that ended recently still lets the service open the
 * card, but its later changes are not pushed to it.
 */
async function receivingCandidates(services: TServices, card: TCaseCard): Promise<TService[]> {
  const places = (card.detention?.places ?? []).flatMap((p) => (p.serviceId ? [p.serviceId] : []));
  const [holding, ...ofPlaces] = await Promise.all([
    services.store.services.listWithHolds(),
    ...places.map((id) => services.store.services.get(id)),
  ]);
  return [...holding, ...ofPlaces.filter((s): s is TService => s !== null)];
}

/** The sequence of the last event a commit wrote (0 if none). */
export function lastSeqOf(result: Extract<TCommitResult, { kind: 'applied' }>): number {
  return Math.max(0, ...result.writes.flatMap((w) => w.events.map((e) => e.seq)));
}
