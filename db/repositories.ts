import type { TCaseEvent, TNewCaseEvent } from '@shared/rules/case-events';
import type { TNewServiceEvent, TServiceEvent } from '@shared/rules/service-events';
import type { TCaseCard } from '@shared/schemas/case';
import type { TNewUnitEvent, TUnitEvent } from '@shared/rules/unit-events';
import type { TService } from '@shared/schemas/service';
import type { TUnit } from '@shared/schemas/unit';
import type { TRole, TUser } from '@shared/schemas/user';

/**
 * Storage contracts. Every backend (SQLite now, PostgreSQL later) implements these and passes
 * db/store.contract.test.ts. They are async so a networked backend fits without changing callers.
 */
export interface TStore {
  users: TUserRepository;
  sessions: TSessionRepository;
  cases: TCaseRepository;
  services: TServiceRepository;
  units: TUnitRepository;
  accessLog: TAccessLogRepository;
  close(): void;
}

export interface TUserRecord extends TUser {
  passwordHash: string;
}

export interface TUserRepository {
  ensureArea(area: { id: string; name: string }): Promise<void>;
  insert(user: TUserRecord): Promise<void>;
  findByUsername(username: string): Promise<TUserRecord | null>;
  findById(id: string): Promise<TUserRecord | null>;
  count(): Promise<number>;
}

export interface TSessionRepository {
  create(session: { tokenHash: string; userId: string; expiresAt: string }): Promise<void>;
  /** The user for a live session, or null when unknown or expired at `now`. */
  findUser(tokenHash: string, now: string): Promise<TUser | null>;
  delete(tokenHash: string): Promise<void>;
  /** Removes expired sessions and returns their token hashes so their sockets can be closed. */
  deleteExpired(now: string): Promise<string[]>;
}

/** What a command asks the store to do atomically. */
export interface TExecuteRequest {
  commandId: string;
  commandName: string;
  actorId: string;
  caseId: string;
  /**
   * Pure decision, called inside the transaction with the current card (null if none) and a way to read
   * the card's events after a version (for conflict reports). Throws to abort: nothing is written.
   */
  decide: (
    current: TCaseCard | null,
    eventsAfter: (version: number) => TCaseEvent[],
  ) => { events: TNewCaseEvent[]; card: TCaseCard };
}

export type TExecuteResult =
  | { kind: 'applied'; events: TCaseEvent[]; card: TCaseCard }
  | { kind: 'repeat'; caseId: string; lastSeq: number; commandName: string; actorId: string };

export interface TCaseRepository {
  /** Idempotency check, load, decide, append events, update projection, remember the command: one transaction. */
  execute(request: TExecuteRequest): Promise<TExecuteResult>;
  get(caseId: string): Promise<TCaseCard | null>;
  listOpen(areaId: string): Promise<TCaseCard[]>;
  /** Open cards in every area whose detention has no outcome yet: what the alerts job watches. */
  listWithRunningDetention(): Promise<TCaseCard[]>;
  /** Every card in an area (open or closed) that holds a detention. */
  listWithDetention(areaId: string): Promise<TCaseCard[]>;
  /** Cards (open or closed) whose detention ended at or after an instant. */
  listDetentionsEndedSince(since: string): Promise<TCaseCard[]>;
  history(caseId: string): Promise<TCaseEvent[]>;
  /** Events in an area after a global sequence, oldest first, at most `limit`. */
  eventsSince(areaId: string, afterSeq: number, limit: number): Promise<TCaseEvent[]>;
  headSeq(): Promise<number>;
  /** Folds every event again into fresh projection rows (recovery and audit). */
  rebuildProjection(evolve: (card: TCaseCard | null, event: TCaseEvent) => TCaseCard): Promise<number>;
}

/** What a service command asks the store to do atomically (same guarantees as a case command). */
export interface TServiceExecuteRequest {
  commandId: string;
  commandName: string;
  actorId: string;
  serviceId: string;
  /** Pure decision inside the transaction; throws to abort. */
  decide: (current: TService | null) => { events: TNewServiceEvent[]; service: TService };
}

export type TServiceExecuteResult =
  | { kind: 'applied'; events: TServiceEvent[]; service: TService }
  | { kind: 'repeat'; serviceId: string; lastSeq: number; commandName: string; actorId: string };

export interface TServiceRepository {
  execute(request: TServiceExecuteRequest): Promise<TServiceExecuteResult>;
  get(serviceId: string): Promise<TService | null>;
  list(areaId: string): Promise<TService[]>;
  /** Services in every area with at least one active hold: what the hold-expiry job watches. */
  listWithHolds(): Promise<TService[]>;
  /** An area's service events at or after an instant, oldest first (occupancy history, turn-aways). */
  eventsSince(areaId: string, sinceIso: string): Promise<TServiceEvent[]>;
  /** Every service event of an area up to an instant, oldest first (the state at the start of a chart). */
  eventsUntil(areaId: string, untilIso: string): Promise<TServiceEvent[]>;
  rebuildProjection(evolve: (service: TService | null, event: TServiceEvent) => TService): Promise<number>;
}

export interface TUnitExecuteRequest {
  commandId: string;
  commandName: string;
  actorId: string;
  unitId: string;
  decide: (current: TUnit | null) => { events: TNewUnitEvent[]; unit: TUnit };
}

export type TUnitExecuteResult =
  | { kind: 'applied'; events: TUnitEvent[]; unit: TUnit }
  | { kind: 'repeat'; unitId: string; lastSeq: number; commandName: string; actorId: string };

export interface TUnitRepository {
  execute(request: TUnitExecuteRequest): Promise<TUnitExecuteResult>;
  get(unitId: string): Promise<TUnit | null>;
  list(areaId: string): Promise<TUnit[]>;
  /** Units in every area whose dispatch waits for acceptance: what the escalation job watches. */
  listAwaitingAcceptance(): Promise<TUnit[]>;
  /** Every unit event that names a case, oldest first (its response intervals). */
  eventsForCase(caseId: string): Promise<TUnitEvent[]>;
  rebuildProjection(evolve: (unit: TUnit | null, event: TUnitEvent) => TUnit): Promise<number>;
}

export interface TAccessLogRepository {
  record(entry: { userId: string; role: TRole; caseId: string; action: string; at: string }): Promise<void>;
  forCase(caseId: string): Promise<{ userId: string; role: string; action: string; at: string }[]>;
}
