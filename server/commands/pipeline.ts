import type { TCommitResult, TStoredStreamEvent, TStreamRef, TStreamWrite } from '@db/repositories';
import { DomainError } from '@shared/errors';
import type { TCaseEvent, TCaseEventData } from '@shared/rules/case-events';
import { evolve, fieldsTouched } from '@shared/rules/case-lifecycle';
import { caseViewForRole } from '@shared/rules/permissions';
import { redactCard, redactFieldNames } from '@shared/rules/redaction';
import type { TServiceEvent, TServiceEventData } from '@shared/rules/service-events';
import { evolveService } from '@shared/rules/service-lifecycle';
import type { TUnitEvent, TUnitEventData } from '@shared/rules/unit-events';
import { evolveUnit } from '@shared/rules/unit-lifecycle';
import type { TCaseCard } from '@shared/schemas/case';
import type { THandoverNote } from '@shared/schemas/handover';
import { evolveHandover, type THandoverEvent, type THandoverEventData } from '@shared/rules/handover-notes';
import type { TService } from '@shared/schemas/service';
import { UNIT_STATUS_LABELS, type TUnit } from '@shared/schemas/unit';
import type { TActor, TRole } from '@shared/schemas/user';
import type { TServices } from '../services';
import { commitStreams } from './commit-streams';

/**
 * The one pipeline every operational change takes (cases, services and their holds, units), whoever
 * makes it — a person through `runCommand`, or a timed job as the system: a plan names every stream it
 * may read or change; inside one transaction each stream's version is checked, the plan decides on a
 * draft, and every stream's events are appended with one commandId, or none at all; consoles are told
 * only after the commit (server/commands/commit-streams.ts).
 */

/** The operational stream kinds and what each holds, records and is called in a decision. */
export interface TOperationalStates {
  case: TCaseCard;
  service: TService;
  unit: TUnit;
  handover: THandoverNote;
}
export type TOperationalKind = keyof TOperationalStates;
interface TOperationalEventData {
  case: TCaseEventData;
  service: TServiceEventData;
  unit: TUnitEventData;
  handover: THandoverEventData;
}

/** A stream a plan acts on, and the version the person saw if the command depends on it. */
export interface TPlannedStream<K extends TOperationalKind = TOperationalKind> {
  kind: K;
  id: string;
  expectedVersion?: number | null;
  /** Fields the command means to change on a card, to report overlaps in a conflict. */
  touches?: readonly string[];
}

/** What a plan's decision sees and does: the streams as this command leaves them so far. */
export interface TDraft {
  /** A named stream's state, or null if it does not exist (or is in another area, which is the same). */
  read<K extends TOperationalKind>(kind: K, id: string): TOperationalStates[K] | null;
  /** Records an event on a named stream; returns the stream as it now stands. */
  append<K extends TOperationalKind>(kind: K, id: string, event: TOperationalEventData[K]): TOperationalStates[K];
  /** Streams in the store that concern a card (units sent to it, services holding a place for it). */
  concerning(caseId: string): TStreamRef<'unit' | 'service'>[];
}

export interface TPlan {
  /** The first is the one the command is about: its state is the answer. */
  streams: TPlannedStream[];
  /** Pure: reads and appends through the draft; throws a DomainError to refuse (nothing is written). */
  decide: (draft: TDraft) => void;
}

/** Who a change is made as, in which area, and whose view a conflict report is redacted for. */
export interface TCommitter {
  actor: TActor;
  areaId: string;
  viewer: TRole;
}

/**
 * Thrown inside a decision when the streams it must change are not all named by its plan (something
 * concerning a card appeared after the plan was made): the runner plans again.
 */
export class PlanOutOfDate extends Error {
  constructor() {
    super('The streams this command must change moved on; planning again');
  }
}

const ID_NAME = { case: 'caseId', service: 'serviceId', unit: 'unitId', handover: 'noteId' } as const;

/** A stored event as the event of its kind, its id under that kind's name (caseId, …). */
const asKindEvent = <T>(event: object & { streamId: string; kind: string }): T => {
  const { streamId, kind, ...rest } = event;
  return { ...rest, [ID_NAME[kind as TOperationalKind]]: streamId } as T;
};

const EVOLVE: {
  [K in TOperationalKind]: (state: TOperationalStates[K] | null, event: never) => TOperationalStates[K];
} = {
  case: (state, event: TCaseEvent) => evolve(state, event),
  service: (state, event: TServiceEvent) => evolveService(state, event),
  unit: (state, event: TUnitEvent) => evolveUnit(state, event),
  handover: (state, event: THandoverEvent) => evolveHandover(state, event),
};

/** A conflict report, redacted like the card: field names the reader may not see are not named. */
function caseConflict(viewer: TRole, card: TCaseCard, newer: TCaseEvent[], touches: readonly string[]): DomainError {
  const view = caseViewForRole(viewer);
  if (view === 'none') return new DomainError('FORBIDDEN', 'Your role does not see case cards');
  const changes = newer.map((e) => ({
    seq: e.seq,
    at: e.at,
    actor: e.actor,
    fields: redactFieldNames(fieldsTouched(e), view),
  }));
  const changed = new Set(changes.flatMap((c) => c.fields));
  return new DomainError('CONFLICT', `Someone else changed ${card.ref} since you opened it`, {
    conflict: { current: redactCard(card, view), changes, overlappingFields: touches.filter((f) => changed.has(f)) },
  });
}

function conflictFor(
  by: TCommitter,
  stream: TPlannedStream,
  state: TOperationalStates[TOperationalKind],
  newer: () => TStoredStreamEvent[],
): DomainError {
  switch (stream.kind) {
    case 'case':
      return caseConflict(
        by.viewer,
        state as TCaseCard,
        newer().map((e) => asKindEvent<TCaseEvent>(e)),
        stream.touches ?? [],
      );
    case 'service':
      return new DomainError(
        'CONFLICT',
        `${(state as TService).name} changed since you opened it; check it and try again`,
      );
    case 'handover':
      return new DomainError('CONFLICT', 'Someone else changed this handover note; read it and try again');
    case 'unit': {
      const unit = state as TUnit;
      return new DomainError(
        'CONFLICT',
        `${unit.callSign} changed since this was recorded: it is now ${UNIT_STATUS_LABELS[unit.status]}.`,
      );
    }
  }
}

const keyOf = (kind: string, id: string) => `${kind}:${id}`;

/** Commits a plan: one transaction over all its streams, then the broadcast. */
export async function commitPlan(
  services: TServices,
  by: TCommitter,
  command: { name: string; commandId: string },
  plan: TPlan,
  now: Date,
): Promise<TCommitResult> {
  const at = now.toISOString();
  return commitStreams(
    services,
    { name: command.name, commandId: command.commandId, actorId: by.actor.id },
    {
      streams: plan.streams.map((s) => ({ kind: s.kind, id: s.id })),
      decide: (tools) => {
        const named = new Map(plan.streams.map((s) => [keyOf(s.kind, s.id), s]));
        const drafts = new Map<
          string,
          { kind: TOperationalKind; id: string; state: unknown; events: TStreamWrite['events'] }
        >();
        const current = <K extends TOperationalKind>(kind: K, id: string): TOperationalStates[K] | null => {
          const key = keyOf(kind, id);
          if (!named.has(key)) throw new PlanOutOfDate();
          const draft = drafts.get(key);
          if (draft) return draft.state as TOperationalStates[K] | null;
          const stored = tools.read({ kind, id }) as TOperationalStates[K] | null;
          // A stream in another area is treated as absent: its existence is not disclosed.
          const state = stored && stored.areaId === by.areaId ? stored : null;
          drafts.set(key, { kind, id, state, events: [] });
          return state;
        };
        for (const stream of plan.streams) {
          if (stream.expectedVersion === undefined || stream.expectedVersion === null) continue;
          const state = current(stream.kind, stream.id);
          if (state && state.version !== stream.expectedVersion) {
            throw conflictFor(by, stream, state, () =>
              tools.eventsAfter({ kind: stream.kind, id: stream.id }, stream.expectedVersion ?? 0),
            );
          }
        }
        plan.decide({
          read: current,
          append: (kind, id, data) => {
            const before = current(kind, id);
            const draft = drafts.get(keyOf(kind, id));
            if (!draft) throw new Error('A draft was not opened');
            const event = {
              ...data,
              version: (before?.version ?? 0) + 1,
              at,
              actor: by.actor,
              commandId: command.commandId,
            };
            draft.state = EVOLVE[kind](
              before,
              asKindEvent<never>(Object.assign({ seq: 0, streamId: id, kind }, event)),
            );
            draft.events.push(event);
            return draft.state as TOperationalStates[typeof kind];
          },
          concerning: (caseId) => tools.concerning(caseId, by.areaId),
        });
        const writes = plan.streams.flatMap((s) => {
          const draft = drafts.get(keyOf(s.kind, s.id));
          return draft && draft.events.length > 0
            ? [{ kind: draft.kind, streamId: draft.id, events: draft.events, state: draft.state } as TStreamWrite]
            : [];
        });
        return { writes };
      },
    },
  );
}

/**
 * Most commands change one stream with a decision from its current state: these make that a plan.
 * `decide` gets null when the stream does not exist (creation), and its events are appended in order.
 */
export function onCase(plan: {
  caseId: string;
  expectedVersion: number | null;
  touches: readonly string[];
  decide: (card: TCaseCard | null) => TCaseEventData[];
}): TPlan {
  const { caseId, expectedVersion, touches } = plan;
  return {
    streams: [{ kind: 'case', id: caseId, expectedVersion, touches }],
    decide: (draft) => {
      for (const event of plan.decide(draft.read('case', caseId))) draft.append('case', caseId, event);
    },
  };
}

export function onService(plan: {
  serviceId: string;
  expectedVersion: number | null;
  decide: (service: TService | null) => TServiceEventData;
}): TPlan {
  const { serviceId, expectedVersion } = plan;
  return {
    streams: [{ kind: 'service', id: serviceId, expectedVersion }],
    decide: (draft) => void draft.append('service', serviceId, plan.decide(draft.read('service', serviceId))),
  };
}

export function onUnit(plan: {
  unitId: string;
  expectedVersion: number | null;
  decide: (unit: TUnit | null) => TUnitEventData;
}): TPlan {
  const { unitId, expectedVersion } = plan;
  return {
    streams: [{ kind: 'unit', id: unitId, expectedVersion }],
    decide: (draft) => void draft.append('unit', unitId, plan.decide(draft.read('unit', unitId))),
  };
}
