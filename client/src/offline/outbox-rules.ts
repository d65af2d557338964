import type { z } from 'zod';
import type { TAck, TAppError } from '@shared/errors';
import {
  COMMAND_SCHEMAS,
  MAX_REPLAY_ENTRIES,
  SERVICE_COMMAND_SCHEMAS,
  UNIT_COMMAND_SCHEMAS,
  type TOutboxCommandName,
} from '@shared/protocol';
import type { TCommandResult } from '@shared/schemas/case';
import type { TServiceCommandResult } from '@shared/schemas/service';
import { UNIT_STATUS_LABELS, type TUnit, type TUnitCommandResult } from '@shared/schemas/unit';

/**
 * The outbox: changes a field crew makes are kept on the device until the server has applied them, so
 * a tablet without signal loses nothing (SPEC S-25). These are the pure rules; device-store.ts keeps
 * the entries in IndexedDB and the socket provider sends them.
 */

/** The commands a crew can make without a connection, with the schema each must pass before it is kept. */
export const OUTBOX_SCHEMAS = {
  'unit:accept': UNIT_COMMAND_SCHEMAS['unit:accept'],
  'unit:decline': UNIT_COMMAND_SCHEMAS['unit:decline'],
  'unit:set-status': UNIT_COMMAND_SCHEMAS['unit:set-status'],
  'case:add-note': COMMAND_SCHEMAS['case:add-note'],
  'case:record-arrival': COMMAND_SCHEMAS['case:record-arrival'],
  'case:record-welfare-check': COMMAND_SCHEMAS['case:record-welfare-check'],
  'case:record-handover': COMMAND_SCHEMAS['case:record-handover'],
  'unit:set-location': UNIT_COMMAND_SCHEMAS['unit:set-location'],
  'hold:place': SERVICE_COMMAND_SCHEMAS['hold:place'],
} as const satisfies Record<TOutboxCommandName, unknown>;
export type TOutboxCommand = keyof typeof OUTBOX_SCHEMAS;
export const isOutboxCommand = (name: string): name is TOutboxCommand => name in OUTBOX_SCHEMAS;
export type TOutboxInput<C extends TOutboxCommand> = z.infer<(typeof OUTBOX_SCHEMAS)[C]>;
export type TOutboxResult = TUnitCommandResult | TCommandResult | TServiceCommandResult;

/**
 * - waiting: in the queue, sent in order;
 * - refused: the server said no (a conflict, a rule): the person decides;
 * - held: made after a refused change to the same unit or card, so it waits for that decision too.
 */
export type TOutboxState = 'waiting' | 'refused' | 'held';

export interface TOutboxEntry {
  /** Position in the outbox: waiting entries are sent, and applied by the server, in this order. */
  order: number;
  name: TOutboxCommand;
  /** Exactly what will be sent, with its commandId and, for a status, the version it was based on. */
  payload: { commandId: string; expectedVersion?: number } & Record<string, unknown>;
  /** 'unit:<id>' or 'case:<id>'. */
  stream: string;
  userId: string;
  createdAt: string;
  /** Made while an earlier change to the same stream was waiting: it is based on that change's result. */
  followsPrevious: boolean;
  state: TOutboxState;
  /** What the server said, for a refused entry. */
  refusal: TAppError | null;
}

/** A change to the stored outbox, applied in one IndexedDB transaction. */
export interface TOutboxChange {
  put: TOutboxEntry[];
  remove: number[];
}

const NO_CHANGE: TOutboxChange = { put: [], remove: [] };

/** Changes to one unit, card or service form a stream, written `unit:<id>`, `case:<id>` or `service:<id>`. */
export type TStreamKind = 'unit' | 'case' | 'service';
export const streamKey = (kind: TStreamKind, id: string): string => `${kind}:${id}`;

export function streamTarget(stream: string): { kind: TStreamKind; id: string } {
  const colon = stream.indexOf(':');
  return { kind: stream.slice(0, colon) as TStreamKind, id: stream.slice(colon + 1) };
}

export function streamOf(name: TOutboxCommand, payload: Record<string, unknown>): string {
  if (name.startsWith('unit:')) return streamKey('unit', String(payload.unitId));
  if (name.startsWith('hold:')) return streamKey('service', String(payload.serviceId));
  return streamKey('case', String(payload.caseId));
}

const byOrder = (a: TOutboxEntry, b: TOutboxEntry) => a.order - b.order;
const nextOrder = (entries: readonly TOutboxEntry[]) => Math.max(0, ...entries.map((e) => e.order)) + 1;
const isWaitingOn = (stream: string, userId: string) => (e: TOutboxEntry) =>
  e.state === 'waiting' && e.stream === stream && e.userId === userId;

/** A new change goes to the back of the queue, after any change to the same stream still waiting. */
export function enqueue(
  entries: readonly TOutboxEntry[],
  change: { name: TOutboxCommand; payload: TOutboxEntry['payload']; userId: string; now: Date },
): TOutboxChange {
  const stream = streamOf(change.name, change.payload);
  const entry: TOutboxEntry = {
    order: nextOrder(entries),
    name: change.name,
    payload: change.payload,
    stream,
    userId: change.userId,
    createdAt: change.now.toISOString(),
    followsPrevious: entries.some(isWaitingOn(stream, change.userId)),
    state: 'waiting',
    refusal: null,
  };
  return { put: [entry], remove: [] };
}

/**
 * What to send now in one `outbox:replay` (S-30): the person's waiting changes, oldest first, up to the
 * server's limit. The server applies them in this order and chains each stream's versions.
 */
export function replayBatch(entries: readonly TOutboxEntry[], userId: string): TOutboxEntry[] {
  return [...entries]
    .sort(byOrder)
    .filter((e) => e.state === 'waiting' && e.userId === userId)
    .slice(0, MAX_REPLAY_ENTRIES);
}

/**
 * What an answer from the server means for the entry. A refusal is the person's to decide; a busy
 * server is asked again later. Nothing is ever dropped here.
 */
export function classifyAck(ack: TAck<unknown>): 'applied' | 'refused' | 'retry' {
  if (ack.ok) return 'applied';
  return ack.error.code === 'RATE_LIMITED' || ack.error.code === 'UNAUTHENTICATED' ? 'retry' : 'refused';
}

/** The stream's version after a command was applied, from the server's answer. */
export function versionAfter(result: TOutboxResult): number {
  if ('unit' in result) return result.unit.version;
  return 'service' in result ? result.service.version : result.card.version;
}

/**
 * Applied: the entry leaves the outbox. The next waiting change to the same stream was based on it,
 * so it now carries the version this one produced (a change made meanwhile by someone else still
 * shows as a conflict, because that would have moved the version on further).
 */
export function afterApplied(entries: readonly TOutboxEntry[], applied: TOutboxEntry, version: number): TOutboxChange {
  const next = [...entries]
    .sort(byOrder)
    .find((e) => e.order > applied.order && isWaitingOn(applied.stream, applied.userId)(e));
  if (!next?.followsPrevious) return { put: [], remove: [applied.order] };
  const payload = 'expectedVersion' in next.payload ? { ...next.payload, expectedVersion: version } : next.payload;
  return { put: [{ ...next, payload, followsPrevious: false }], remove: [applied.order] };
}

/** Refused: the entry stays, with the reason, and every later change to the same stream is held with it. */
export function afterRefused(entries: readonly TOutboxEntry[], refused: TOutboxEntry, error: TAppError): TOutboxChange {
  const held = entries
    .filter((e) => e.order > refused.order && isWaitingOn(refused.stream, refused.userId)(e))
    .map((e) => ({ ...e, state: 'held' as const }));
  return { put: [{ ...refused, state: 'refused', refusal: error }, ...held], remove: [] };
}

/** Refused and held entries wait for the person; on each stream only the oldest can be decided first. */
export function needsDecision(entries: readonly TOutboxEntry[], userId: string): TOutboxEntry[] {
  return [...entries].sort(byOrder).filter((e) => e.state !== 'waiting' && e.userId === userId);
}

export function canDecide(entries: readonly TOutboxEntry[], entry: TOutboxEntry): boolean {
  return !needsDecision(entries, entry.userId).some((e) => e.stream === entry.stream && e.order < entry.order);
}

/**
 * "Send again": the person has seen the current state and wants their change on top of it. It becomes
 * a new change (new commandId, the current version) at the back of the queue.
 */
export function sendAgain(
  entries: readonly TOutboxEntry[],
  entry: TOutboxEntry,
  fresh: { commandId: string; currentVersion: number | undefined; now: Date },
): TOutboxChange {
  if (entry.state === 'waiting') return NO_CHANGE;
  const payload = { ...entry.payload, commandId: fresh.commandId };
  if ('expectedVersion' in payload && fresh.currentVersion !== undefined)
    payload.expectedVersion = fresh.currentVersion;
  const others = entries.filter((e) => e.order !== entry.order);
  const { put } = enqueue(others, { name: entry.name, payload, userId: entry.userId, now: fresh.now });
  return { put, remove: [entry.order] };
}

/** "Discard": only a refused or held change can be discarded, and only by the person's decision. */
export function discard(entry: TOutboxEntry): TOutboxChange {
  return entry.state === 'waiting' ? NO_CHANGE : { put: [], remove: [entry.order] };
}

/**
 * The unit as the crew will see it once their waiting changes arrive, so the tablet shows what they
 * did while offline. The server's unit stays the truth; this is only for display.
 */
export function unitWithWaitingChanges(unit: TUnit, entries: readonly TOutboxEntry[]): TUnit {
  return [...entries]
    .sort(byOrder)
    .filter((e) => e.state === 'waiting' && e.stream === streamKey('unit', unit.id))
    .reduce<TUnit>((u, e) => {
      if (e.name === 'unit:accept' && u.assignment) {
        return { ...u, assignment: { ...u.assignment, acceptedAt: e.createdAt } };
      }
      if (e.name === 'unit:decline') return { ...u, status: 'available', statusSince: e.createdAt, assignment: null };
      if (e.name === 'unit:set-status') {
        const status = e.payload.status as TUnit['status'];
        const assignment = status === 'available' ? null : u.assignment;
        return { ...u, status, statusSince: e.createdAt, assignment };
      }
      return u;
    }, unit);
}

/**
 * The person's notes on a card that the server does not have yet, newest first. A note whose
 * commandId is already on the timeline has arrived, even if the outbox has not caught up.
 */
export function notesNotSent(
  entries: readonly TOutboxEntry[],
  caseId: string,
  userId: string,
  arrived: ReadonlySet<string>,
): TOutboxEntry[] {
  return [...entries]
    .sort((a, b) => b.order - a.order)
    .filter(
      (e) =>
        e.name === 'case:add-note' &&
        e.stream === streamKey('case', caseId) &&
        e.userId === userId &&
        !arrived.has(e.payload.commandId),
    );
}

/** The Mental Health Act steps a crew recorded that a device still holds for the card. */
const DETENTION_STEPS: ReadonlySet<TOutboxEntry['name']> = new Set([
  'case:record-arrival',
  'case:record-welfare-check',
  'case:record-handover',
]);

/**
 * Detention steps recorded on this device for the card and not yet at the hub, oldest first: the panel
 * shows them as "waiting to send" and goes on from them, so a crew in a basement cell with no signal can
 * record arrival and then the welfare checks that follow it.
 */
export function detentionStepsNotSent(entries: readonly TOutboxEntry[], caseId: string): TOutboxEntry[] {
  return [...entries]
    .filter((e) => DETENTION_STEPS.has(e.name) && e.stream === streamKey('case', caseId))
    .sort((a, b) => a.order - b.order);
}

/** One line a person recognises as their own change. */
export function describeEntry(entry: TOutboxEntry): string {
  const p = entry.payload;
  switch (entry.name) {
    case 'unit:accept':
      return 'Accept the dispatch';
    case 'unit:decline':
      return `Decline the dispatch: ${String(p.reason)}`;
    case 'unit:set-status':
      return `Status: ${UNIT_STATUS_LABELS[p.status as TUnit['status']]}`;
    case 'case:add-note': {
      const text = String(p.text);
      return `Note: “${text.length > 80 ? `${text.slice(0, 79)}…` : text}”`;
    }
    case 'case:record-arrival':
      return 'Arrival at the place of safety';
    case 'case:record-welfare-check':
      return `Welfare check by ${String(p.by)}`;
    case 'case:record-handover':
      return 'Handover to health staff';
    case 'unit:set-location':
      return 'Shared location';
    case 'hold:place':
      return 'Hold a place';
  }
}
