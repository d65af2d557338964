import type pg from 'pg';
import type { TCommitRequest, TStoredStreamEvent } from '../repositories';

/** Anything that runs a query: the pool (a statement on its own) or a client inside a transaction. */
export type TPgQueryable = Pick<pg.Pool | pg.PoolClient, 'query'>;
export type TPgPool = pg.Pool;

/**
 * How one kind of stream's state is read from and written to its projection table, inside the command's
 * transaction (the async twin of db/sqlite/stream-store.ts's TProjection).
 */
export interface TPgProjection<TState> {
  read: (db: TPgQueryable, id: string) => Promise<TState | null>;
  /**
   * Writes the stream's new state. `previous` is the state the command read in the same transaction (null
   * for a new stream), so a projection can leave alone the side rows that did not change.
   */
  write: (db: TPgQueryable, state: TState, previous: TState | null) => Promise<void>;
  /**
   * The same write as statements the stream store may send with the command's other writes in one round
   * trip (asOneStatement); a projection without them is written on its own.
   */
  statements?: (state: TState, previous: TState | null) => TStatement[];
  areaOf: (state: TState) => string;
}

type TDecision = ReturnType<TCommitRequest['decide']>;

/** Credentials, sessions and the reports change inside a command's transaction; these do the writing. */
export interface TPgSideWriters {
  writeCredentials(db: TPgQueryable, change: NonNullable<TDecision['credentials']>[number], at: string): Promise<void>;
  /** Ends the sessions named; the token hashes of those ended. */
  endSessions(db: TPgQueryable, end: NonNullable<TDecision['endSessions']>[number]): Promise<string[]>;
  /** Folds an appended event into the reports' projections, after every stream's projection is written. */
  foldReports(db: TPgQueryable, event: TStoredStreamEvent, areaId: string, state: unknown): Promise<void>;
}

/**
 * Transaction-scoped advisory locks, one per append-only log. Every writer of a log takes its lock first,
 * so appends are serial across every node: sequence numbers commit in order with no gap a reader could
 * pass over (the gapless global order), and each row's hash links to the row before it.
 */
export const LOG_LOCK = { events: 7_301_001, access_log: 7_301_002 } as const;

/**
 * The first half of the two-number advisory lock one account's sign-in claims take (the second is a hash
 * of the account key). Two-number locks never collide with the one-number LOG_LOCK keys.
 */
export const SIGN_IN_LOCK = 7_301_003;

/** PostgreSQL's error codes the store turns into answers. */
export const PG_ERROR = { uniqueViolation: '23505' } as const;

export const isPgError = (error: unknown, code: string): error is Error & { code: string; constraint?: string } =>
  error instanceof Error && (error as { code?: string }).code === code;

/** One parameterised SQL statement. */
export interface TStatement {
  text: string;
  values: unknown[];
}

/**
 * Several independent writes as one statement (one round trip), each a data-modifying WITH clause. Only
 * for writes that touch different rows and read nothing another of them writes: every clause sees the
 * database as it was when the statement began.
 */
export function asOneStatement(statements: readonly TStatement[]): TStatement {
  const [only] = statements;
  if (statements.length === 1 && only) return only;
  const values: unknown[] = [];
  const clauses = statements.map((statement, i) => {
    const offset = values.length;
    values.push(...statement.values);
    return `w${i} AS (${statement.text.replace(/\$(\d+)/g, (_, n: string) => `$${Number(n) + offset}`)})`;
  });
  return { text: `WITH ${clauses.join(', ')} SELECT 1`, values };
}
