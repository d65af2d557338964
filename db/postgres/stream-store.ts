import { CHAIN_COLUMNS, GENESIS_HASH } from '../hash-chain';
import { repeatOf, rowToStoredEvent, sealWrites, type TCommandRow, type TEventRow } from '../event-rows';
import type {
  TCommitRequest,
  TCommitResult,
  TCommitTools,
  TStreamKind,
  TStreamRef,
  TStreamStates,
  TStreamStore,
} from '../repositories';
import { StoreUniqueViolation } from '../repositories';
import { inTransaction } from './connection';
import {
  asOneStatement,
  isPgError,
  LOG_LOCK,
  PG_ERROR,
  type TPgPool,
  type TPgProjection,
  type TPgQueryable,
  type TPgSideWriters,
  type TStatement,
} from './pg-types';

export type TPgProjections = { [K in TStreamKind]: TPgProjection<TStreamStates[K]> };

/**
 * Thrown by a commit tool whose answer has not been read from the database yet. A decision is pure and
 * synchronous, so the store reads what it asked for and decides again; nothing was written meanwhile.
 */
class NeedsRead extends Error {
  constructor() {
    super('A decision asked for data the store had not read yet');
  }
}

const EVENT_COLUMNS = [...CHAIN_COLUMNS.events, 'prev_hash', 'hash'] as const;

/** Whether a command was applied (by its id), and the event log's last row. */
export const HEAD_AND_COMMAND = `SELECT (SELECT row_to_json(c) FROM (SELECT name, actor_id, stream_id, last_seq FROM commands
    WHERE command_id = $1) c) AS seen, h.seq AS head_seq, h.hash AS head_hash
  FROM (SELECT 1) one LEFT JOIN (SELECT seq, hash FROM events ORDER BY seq DESC LIMIT 1) h ON true`;
interface THeadAndCommand {
  seen: TCommandRow | null;
  head_seq: number | null;
  head_hash: string | null;
}

/**
 * The one write path for every stream on PostgreSQL, in one transaction that first takes the event log's
 * advisory lock (LOG_LOCK.events). Every node's writers queue on that lock, so commands apply one at a
 * time across the whole deployment, as on SQLite's `BEGIN IMMEDIATE`: sequence numbers are given and
 * committed in order (a reader that has seen N+1 has seen N), each row's hash links to the row before,
 * and a decision reads state no other command is changing. Inside: idempotency check, read the named
 * streams, decide, append, write projections and side tables, remember the command. `decide` throws to
 * abort, and then nothing is written on any stream.
 */
export function createStreamStore(pool: TPgPool, projections: TPgProjections, side: TPgSideWriters): TStreamStore {
  const findCommand = async (db: TPgQueryable, commandId: string) =>
    (
      await db.query<TCommandRow>('SELECT name, actor_id, stream_id, last_seq FROM commands WHERE command_id = $1', [
        commandId,
      ])
    ).rows[0];

  /** Runs the pure decision, reading whatever it asks for that was not read before, and deciding again. */
  const decideWithReads = async (db: TPgQueryable, request: TCommitRequest) => {
    const named = new Set(request.streams.map((r) => `${r.kind}:${r.id}`));
    const assertNamed = (ref: TStreamRef) => {
      if (!named.has(`${ref.kind}:${ref.id}`))
        throw new Error(`Stream ${ref.kind}:${ref.id} was not named by the command`);
    };
    const states = new Map<string, unknown>();
    for (const ref of request.streams)
      states.set(`${ref.kind}:${ref.id}`, await projections[ref.kind].read(db, ref.id));
    const answers = new Map<string, unknown>();
    const pending = new Map<string, () => Promise<unknown>>();
    const ask = <T>(key: string, load: () => Promise<T>): T => {
      if (answers.has(key)) return answers.get(key) as T;
      pending.set(key, load);
      throw new NeedsRead();
    };
    const tools: TCommitTools = {
      read: <K extends TStreamKind>(ref: TStreamRef<K>) => {
        assertNamed(ref);
        return (states.get(`${ref.kind}:${ref.id}`) ?? null) as TStreamStates[K] | null;
      },
      eventsAfter: (ref, version) => {
        assertNamed(ref);
        return ask(`after:${ref.id}:${version}`, async () =>
          (
            await db.query<TEventRow>(
              'SELECT * FROM events WHERE stream_id = $1 AND stream_version > $2 ORDER BY stream_version',
              [ref.id, version],
            )
          ).rows.map(rowToStoredEvent),
        );
      },
      concerning: (caseId, areaId) =>
        ask(`concerning:${caseId}:${areaId}`, async () => {
          const units = await db.query<{ id: string }>(
            `SELECT id FROM units WHERE area_id = $1 AND unit -> 'assignment' ->> 'caseId' = $2 ORDER BY id COLLATE "C"`,
            [areaId, caseId],
          );
          const services = await db.query<{ id: string }>(
            `SELECT id FROM services WHERE area_id = $1 AND hold_count > 0 AND EXISTS (
               SELECT 1 FROM json_array_elements(service -> 'holds') hold WHERE hold ->> 'caseId' = $2
             ) ORDER BY id COLLATE "C"`,
            [areaId, caseId],
          );
          return [
            ...units.rows.map((r) => ({ kind: 'unit' as const, id: r.id })),
            ...services.rows.map((r) => ({ kind: 'service' as const, id: r.id })),
          ];
        }),
    };
    for (;;) {
      try {
        return { decision: request.decide(tools), assertNamed, states };
      } catch (error) {
        if (!(error instanceof NeedsRead) || pending.size === 0) throw error;
        for (const [key, load] of pending) answers.set(key, await load());
        pending.clear();
      }
    }
  };

  const commitInTransaction = async (db: TPgQueryable, request: TCommitRequest): Promise<TCommitResult> => {
    // The event log's lock was taken as the transaction began (commit below). Then, in a statement of its
    // own (so its snapshot is taken under the lock): whether the command was applied, and the log's head.
    const first = (await db.query<THeadAndCommand>(HEAD_AND_COMMAND, [request.commandId])).rows[0];
    const seen = first?.seen;
    if (seen) return repeatOf(seen);
    const { decision, assertNamed, states } = await decideWithReads(db, request);
    if (decision.writes.every((w) => w.events.length === 0)) throw new Error('A command decided on no events');

    // The head was read under the lock, so the chain stays linear across every node.
    for (const write of decision.writes) assertNamed({ kind: write.kind, id: write.streamId });
    const { rows, appended, lastSeq, at } = sealWrites(
      decision.writes,
      { next: (first?.head_seq ?? 0) + 1, prevHash: first?.head_hash ?? GENESIS_HASH },
      (write) => (projections[write.kind] as TPgProjection<typeof write.state>).areaOf(write.state),
    );
    const writes = appended.map(({ kind, streamId, events, state }) => ({ kind, streamId, events, state }));
    // The events, the projections that can be and the command in one statement: one round trip.
    const values: (string | number)[] = [];
    const tuples = rows.map((row) => {
      const placeholders = EVENT_COLUMNS.map((column) => {
        values.push(row[column]);
        return `$${values.length}`;
      });
      return `(${placeholders.join(', ')})`;
    });
    const together: TStatement[] = [
      { text: `INSERT INTO events (${EVENT_COLUMNS.join(', ')}) VALUES ${tuples.join(', ')}`, values },
      {
        text: 'INSERT INTO commands (command_id, name, actor_id, stream_id, last_seq, applied_at) VALUES ($1, $2, $3, $4, $5, $6)',
        values: [request.commandId, request.commandName, request.actorId, writes[0]?.streamId ?? '', lastSeq, at],
      },
    ];
    const alone: (() => Promise<void>)[] = [];
    for (const write of decision.writes) {
      const projection = projections[write.kind] as TPgProjection<typeof write.state>;
      // The state the command read, so the projection can leave unchanged side rows alone.
      const previous = (states.get(`${write.kind}:${write.streamId}`) ?? null) as typeof write.state | null;
      if (projection.statements) together.push(...projection.statements(write.state, previous));
      else alone.push(() => projection.write(db, write.state, previous));
    }
    const combined = asOneStatement(together);
    await db.query(combined.text, combined.values);
    for (const write of alone) await write();
    for (const { events, areaId, state } of appended)
      for (const e of events) await side.foldReports(db, e, areaId, state);
    for (const change of decision.credentials ?? []) await side.writeCredentials(db, change, at);
    const endedSessions: string[] = [];
    for (const end of decision.endSessions ?? []) endedSessions.push(...(await side.endSessions(db, end)));
    return { kind: 'applied', writes, endedSessions };
  };

  return {
    commit: async (request) => {
      try {
        return await inTransaction(pool, (db) => commitInTransaction(db, request), { lock: LOG_LOCK.events });
      } catch (error) {
        if (isPgError(error, PG_ERROR.uniqueViolation)) {
          if (error.constraint === 'users_username_unique') throw new StoreUniqueViolation('username');
          if (error.constraint === 'areas_short_code_unique') throw new StoreUniqueViolation('shortCode');
          // A new stream whose id another stream (of any kind or area) already has.
          if (error.constraint === 'events_stream_version_uq') throw new StoreUniqueViolation('id');
        }
        throw error;
      }
    },
    findCommand: async (commandId) => {
      const seen = await findCommand(pool, commandId);
      return seen ? { commandName: seen.name, actorId: seen.actor_id, lastSeq: seen.last_seq } : null;
    },
    recentEvents: async (areaId, types, beforeSeq, limit) =>
      (
        await pool.query<TEventRow>(
          'SELECT * FROM events WHERE area_id = $1 AND seq < $2 AND type = ANY($3) ORDER BY seq DESC LIMIT $4',
          [areaId, beforeSeq, types, limit],
        )
      ).rows.map(rowToStoredEvent),
  };
}
