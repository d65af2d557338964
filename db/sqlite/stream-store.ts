import type {
  TCommitRequest,
  TCommitResult,
  TStoredStreamEvent,
  TStreamKind,
  TStreamRef,
  TStreamStates,
  TStreamStore,
} from '../repositories';
import { StoreUniqueViolation } from '../repositories';
import { CHAIN_COLUMNS, createChainHead, STREAM_VERSION_TAKEN } from './hash-chain';
import type { TSqlite } from './sqlite-types';
import { repeatOf, rowToStoredEvent, sealWrites, type TCommandRow, type TEventRow } from '../event-rows';

export { rowToStoredEvent, type TEventRow } from '../event-rows';

/** How one kind of stream's state is read from and written to its projection table. */
export interface TProjection<TState> {
  read(id: string): TState | null;
  /**
   * Writes the stream's new state. `previous` is the state the command read in the same transaction (null
   * for a new stream, or one the command did not read), so a projection can leave alone the side rows
   * that did not change.
   */
  write(state: TState, previous: TState | null): void;
  areaOf(state: TState): string;
}
export type TProjections = { [K in TStreamKind]: TProjection<TStreamStates[K]> };

/** Credentials and sessions change inside a command's transaction; these do the writing. */
export interface TSideWriters {
  writeCredentials(change: NonNullable<ReturnType<TCommitRequest['decide']>['credentials']>[number], at: string): void;
  endSessions(end: NonNullable<ReturnType<TCommitRequest['decide']>['endSessions']>[number]): string[];
  /** Folds an appended event into the reports' projections, after every stream's projection is written. */
  foldReports(event: TStoredStreamEvent, areaId: string, state: unknown): void;
}

const isUniqueViolation = (error: unknown): error is Error & { code: string } =>
  error instanceof Error && (error as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE';

/** A stream version already in the event log, refused by the append-only trigger before the unique index. */
const isStreamVersionTaken = (error: unknown): boolean =>
  error instanceof Error &&
  (error as { code?: string }).code === 'SQLITE_CONSTRAINT_TRIGGER' &&
  error.message.includes(STREAM_VERSION_TAKEN);

/**
 * The one write path for every stream, in one `BEGIN IMMEDIATE` transaction: idempotency check (a known
 * commandId returns what it did), read any named stream, decide, append every stream's events, write
 * every projection and side table, remember the command. `decide` throws to abort, and then nothing is
 * written — on any stream.
 */
export function createStreamStore(sqlite: TSqlite, projections: TProjections, side: TSideWriters): TStreamStore {
  const s = {
    findCommand: sqlite.prepare<[string], TCommandRow>(
      'SELECT name, actor_id, stream_id, last_seq FROM commands WHERE command_id = ?',
    ),
    eventsAfterVersion: sqlite.prepare<[string, number], TEventRow>(
      'SELECT * FROM events WHERE stream_id = ? AND stream_version > ? ORDER BY stream_version',
    ),
    // The sequence number is given explicitly: the row's hash covers it (db/sqlite/hash-chain.ts).
    insertEvent: sqlite.prepare<
      [Record<(typeof CHAIN_COLUMNS.events)[number] | 'prev_hash' | 'hash', string | number>]
    >(
      `INSERT INTO events (${CHAIN_COLUMNS.events.join(', ')}, prev_hash, hash)
       VALUES (${CHAIN_COLUMNS.events.map((c) => `@${c}`).join(', ')}, @prev_hash, @hash)`,
    ),
    unitsOnCase: sqlite.prepare<[string, string], { id: string }>(
      "SELECT id FROM units WHERE area_id = ? AND json_extract(unit, '$.assignment.caseId') = ? ORDER BY id",
    ),
    servicesHoldingFor: sqlite.prepare<[string, string], { id: string }>(
      `SELECT id FROM services WHERE area_id = ? AND hold_count > 0 AND EXISTS (
         SELECT 1 FROM json_each(service, '$.holds') WHERE json_extract(value, '$.caseId') = ?
       ) ORDER BY id`,
    ),
    insertCommand: sqlite.prepare(
      'INSERT INTO commands (command_id, name, actor_id, stream_id, last_seq, applied_at) VALUES (?, ?, ?, ?, ?, ?)',
    ),
  };

  const chainHead = createChainHead(sqlite, 'events');

  const commitInTransaction = (request: TCommitRequest): TCommitResult => {
    const seen = s.findCommand.get(request.commandId);
    if (seen) return repeatOf(seen);
    const named = new Set(request.streams.map((r) => `${r.kind}:${r.id}`));
    const assertNamed = (ref: TStreamRef) => {
      if (!named.has(`${ref.kind}:${ref.id}`))
        throw new Error(`Stream ${ref.kind}:${ref.id} was not named by the command`);
    };
    // What each stream was when the command read it: its projection compares the new state with it.
    const read = new Map<string, unknown>();
    const decision = request.decide({
      read: <K extends TStreamKind>(ref: TStreamRef<K>) => {
        assertNamed(ref);
        const state = projections[ref.kind].read(ref.id);
        read.set(`${ref.kind}:${ref.id}`, state);
        return state;
      },
      eventsAfter: (ref, version) => {
        assertNamed(ref);
        return s.eventsAfterVersion.all(ref.id, version).map(rowToStoredEvent);
      },
      concerning: (caseId, areaId) => [
        ...s.unitsOnCase.all(areaId, caseId).map((r) => ({ kind: 'unit' as const, id: r.id })),
        ...s.servicesHoldingFor.all(areaId, caseId).map((r) => ({ kind: 'service' as const, id: r.id })),
      ],
    });
    if (decision.writes.every((w) => w.events.length === 0)) throw new Error('A command decided on no events');

    // Read inside the BEGIN IMMEDIATE transaction, so the chain stays linear across processes.
    for (const write of decision.writes) assertNamed({ kind: write.kind, id: write.streamId });
    const { rows, appended, lastSeq, at } = sealWrites(decision.writes, chainHead(), (write) =>
      (projections[write.kind] as TProjection<typeof write.state>).areaOf(write.state),
    );
    for (const row of rows) s.insertEvent.run(row);
    for (const write of decision.writes)
      (projections[write.kind] as TProjection<typeof write.state>).write(
        write.state,
        (read.get(`${write.kind}:${write.streamId}`) ?? null) as typeof write.state | null,
      );
    const writes = appended.map(({ kind, streamId, events, state }) => ({ kind, streamId, events, state }));
    for (const { events, areaId, state } of appended) for (const e of events) side.foldReports(e, areaId, state);
    for (const change of decision.credentials ?? []) side.writeCredentials(change, at);
    const endedSessions = (decision.endSessions ?? []).flatMap((end) => side.endSessions(end));
    const first = writes[0];
    s.insertCommand.run(request.commandId, request.commandName, request.actorId, first?.streamId ?? '', lastSeq, at);
    return { kind: 'applied', writes, endedSessions };
  };

  const commitTransaction = sqlite.transaction(commitInTransaction);

  return {
    // async, so a failure is always a rejected promise, as a networked backend's would be.
    commit: async (request) => {
      try {
        return commitTransaction.immediate(request);
      } catch (error) {
        if (isUniqueViolation(error)) {
          if (error.message.includes('users.username')) throw new StoreUniqueViolation('username');
          if (error.message.includes('areas.short_code')) throw new StoreUniqueViolation('shortCode');
          if (error.message.includes('events.stream_id')) throw new StoreUniqueViolation('id');
        }
        // A new stream whose id another stream (of any kind or area) already has: the event log's
        // append-only trigger refuses it before the unique index would (migration 0008).
        if (isStreamVersionTaken(error)) throw new StoreUniqueViolation('id');
        throw error;
      }
    },
    findCommand: async (commandId) => {
      const seen = s.findCommand.get(commandId);
      return seen ? { commandName: seen.name, actorId: seen.actor_id, lastSeq: seen.last_seq } : null;
    },
    recentEvents: async (areaId, types, beforeSeq, limit) => {
      const rows = sqlite
        .prepare(
          `SELECT * FROM events WHERE area_id = ? AND seq < ? AND type IN (${types.map(() => '?').join(', ')})
           ORDER BY seq DESC LIMIT ?`,
        )
        .all(areaId, beforeSeq, ...types, limit) as TEventRow[];
      return rows.map(rowToStoredEvent);
    },
  };
}
