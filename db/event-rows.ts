import type { TCaseEvent } from '@shared/rules/case-events';
import type { TServiceEvent } from '@shared/rules/service-events';
import type { TUnitEvent } from '@shared/rules/unit-events';
import type { TCaseCard } from '@shared/schemas/case';
import type { TRole } from '@shared/schemas/user';
import type { CHAIN_COLUMNS } from './hash-chain';
import { sealRow } from './hash-chain';
import type { TCommitResult, TStoredStreamEvent, TStreamKind, TStreamStates, TStreamWrite } from './repositories';

/** A row of the commands table: what an applied command was, by whom, and where it left the log. */
export interface TCommandRow {
  name: string;
  actor_id: string;
  stream_id: string;
  last_seq: number;
}

/** The answer to a command already applied (S-4): what it did the first time. */
export function repeatOf(seen: TCommandRow): Extract<TCommitResult, { kind: 'repeat' }> {
  return {
    kind: 'repeat',
    streamId: seen.stream_id,
    lastSeq: seen.last_seq,
    commandName: seen.name,
    actorId: seen.actor_id,
  };
}

/** The event log's rows as every backend reads them, and the events they are. */
export interface TEventRow {
  seq: number;
  stream_id: string;
  stream_kind: string;
  stream_version: number;
  area_id: string;
  type: string;
  payload: string;
  actor_id: string;
  actor_name: string;
  actor_role: string;
  command_id: string;
  occurred_at: string;
  prev_hash: string;
  hash: string;
}

/** A stored row as an event of any stream. */
export function rowToStoredEvent(row: TEventRow): TStoredStreamEvent {
  return {
    seq: row.seq,
    streamId: row.stream_id,
    kind: row.stream_kind as TStreamKind,
    version: row.stream_version,
    type: row.type,
    data: JSON.parse(row.payload) as unknown,
    at: row.occurred_at,
    actor: { id: row.actor_id, name: row.actor_name, role: row.actor_role as TStoredStreamEvent['actor']['role'] },
    commandId: row.command_id,
  };
}

/** A card as stored, read back: cards stored before person links existed have none. */
export function normaliseCard(stored: unknown): TCaseCard {
  const card = stored as Omit<TCaseCard, 'personLinks'> & Partial<Pick<TCaseCard, 'personLinks'>>;
  return { ...card, personLinks: card.personLinks ?? [] };
}

export const parseCard = (json: string): TCaseCard => normaliseCard(JSON.parse(json));

/** The columns every stream's events share; the stream id is named per kind (caseId, serviceId). */
function rowToEventFields(row: TEventRow) {
  return {
    seq: row.seq,
    version: row.stream_version,
    type: row.type,
    data: JSON.parse(row.payload) as unknown,
    at: row.occurred_at,
    actor: { id: row.actor_id, name: row.actor_name, role: row.actor_role as TRole },
    commandId: row.command_id,
  };
}

export function rowToEvent(row: TEventRow): TCaseEvent {
  return { ...rowToEventFields(row), caseId: row.stream_id } as TCaseEvent;
}

export function rowToServiceEvent(row: TEventRow): TServiceEvent {
  return { ...rowToEventFields(row), serviceId: row.stream_id } as TServiceEvent;
}

export function rowToUnitEvent(row: TEventRow): TUnitEvent {
  return { ...rowToEventFields(row), unitId: row.stream_id } as TUnitEvent;
}

/** A stored event as the event of one kind of stream, its id under that kind's name (caseId, …). */
export function asKindEvent<TEvent>(event: TStoredStreamEvent, idName: 'caseId' | 'serviceId' | 'unitId'): TEvent {
  const { streamId, kind: _kind, ...rest } = event;
  return { ...rest, [idName]: streamId } as TEvent;
}

/** An event row ready to insert: every column, its link and its hash. */
export type TSealedEventRow = Record<(typeof CHAIN_COLUMNS.events)[number] | 'prev_hash' | 'hash', string | number>;

/** One stream's write as appended: its events with their sequence numbers, and the area they are in. */
export interface TAppendedWrite {
  kind: TStreamKind;
  streamId: string;
  areaId: string;
  events: TStoredStreamEvent[];
  state: TStreamStates[TStreamKind];
}

/**
 * A decision's writes as event rows, numbered on from the log's head and each chained to the one before
 * (db/hash-chain.ts): the same on every backend, which only inserts them. `areaOf` says which area a
 * stream's state is in.
 */
export function sealWrites(
  writes: readonly TStreamWrite[],
  head: { next: number; prevHash: string },
  areaOf: (write: TStreamWrite) => string,
): { rows: TSealedEventRow[]; appended: TAppendedWrite[]; lastSeq: number; at: string } {
  let seq = head.next;
  let prevHash = head.prevHash;
  let lastSeq = 0;
  let at = '';
  const rows: TSealedEventRow[] = [];
  const appended = writes.map((write): TAppendedWrite => {
    const areaId = areaOf(write);
    const events = write.events.map((e): TStoredStreamEvent => {
      const sealed = sealRow('events', prevHash, {
        seq,
        stream_id: write.streamId,
        stream_kind: write.kind,
        stream_version: e.version,
        area_id: areaId,
        type: e.type,
        payload: JSON.stringify(e.data),
        actor_id: e.actor.id,
        actor_name: e.actor.name,
        actor_role: e.actor.role,
        command_id: e.commandId,
        occurred_at: e.at,
      });
      rows.push(sealed);
      lastSeq = seq;
      seq += 1;
      prevHash = sealed.hash;
      at = e.at;
      return { ...e, seq: lastSeq, streamId: write.streamId, kind: write.kind };
    });
    return { kind: write.kind, streamId: write.streamId, areaId, events, state: write.state };
  });
  return { rows, appended, lastSeq, at };
}
