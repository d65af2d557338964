import type { TCapacityFact } from '@shared/rules/report-capacity';
import type {
  TCardFactsRow,
  TDetentionFactsRow,
  TDrillRow,
  TReportFactsRow,
  TTurnAwayRow,
} from '@shared/rules/report-facts';
export type { TCardFactsRow, TDetentionFactsRow, TDrillRow, TReportFactsRow, TTurnAwayRow };
import type { TCaseEvent, TNewCaseEvent } from '@shared/rules/case-events';
import type { TNewServiceEvent, TServiceEvent } from '@shared/rules/service-events';
import type { TSharedView } from '@shared/config/information-sharing';
import type { TSearchTerm } from '@shared/rules/search';
import type { TCaseCard, TOutcome } from '@shared/schemas/case';
import type { TNewUnitEvent, TUnitEvent } from '@shared/rules/unit-events';
import type { THandoverNote } from '@shared/schemas/handover';
import type { TService } from '@shared/schemas/service';
import type { TUnit } from '@shared/schemas/unit';
import type { TAccount, TArea, TOrganisation } from '@shared/schemas/account';
import type { TActor, TRole, TSessionStage } from '@shared/schemas/user';

/**
 * Storage contracts. Every backend (SQLite now, PostgreSQL later) implements these and passes
 * db/store.contract.test.ts. They are async so a networked backend fits without changing callers.
 */
export interface TStore {
  /** The one write path: any command on one or several streams, in one transaction. */
  streams: TStreamStore;
  areas: TAreaRepository;
  organisations: TOrganisationRepository;
  accounts: TAccountRepository;
  sessions: TSessionRepository;
  /** Sign-in attempts within the limits' window, shared by every node. */
  signInAttempts: TSignInAttemptRepository;
  cases: TCaseRepository;
  services: TServiceRepository;
  units: TUnitRepository;
  handovers: THandoverRepository;
  reports: TReportRepository;
  accessLog: TAccessLogRepository;
  /** The append-only logs' hash chains (R-IG-AUDIT). */
  integrity: TIntegrityRepository;
  /** Closes the database (the SQLite file, or the PostgreSQL pool). */
  close(): Promise<void>;
}

/** Every kind of stream in the one event log, and the state its projection holds. */
export interface TStreamStates {
  case: TCaseCard;
  service: TService;
  unit: TUnit;
  handover: THandoverNote;
  area: TArea;
  organisation: TOrganisation;
  user: TAccount;
}
export type TStreamKind = keyof TStreamStates;
export interface TStreamRef<K extends TStreamKind = TStreamKind> {
  kind: K;
  id: string;
}

/** An event on any stream before the store gives it a sequence number. */
export interface TNewStreamEvent {
  version: number;
  type: string;
  data: unknown;
  actor: TActor;
  commandId: string;
  at: string;
}
export interface TStoredStreamEvent extends TNewStreamEvent {
  seq: number;
  streamId: string;
  kind: TStreamKind;
}

/** New events on one stream and the state they lead to (the projection row written beside them). */
export type TStreamWrite = {
  [K in TStreamKind]: { kind: K; streamId: string; events: TNewStreamEvent[]; state: TStreamStates[K] };
}[TStreamKind];

/** A change to an account's secrets, made in the same transaction as the event that records it. */
export interface TCredentialsChange {
  userId: string;
  passwordHash?: string;
  mfaSecret?: string | null;
  mfaLastStep?: number | null;
  recoveryCodeHashes?: string[];
}

/** Sessions ended by a command (an account disabled, sessions revoked), in its transaction. */
export interface TEndSessions {
  userId: string;
  /** Only this session (by its public id); every session of the user when left out. */
  sessionId?: string;
  /** Keep this one (the person changing their own password stays logged in). */
  exceptTokenHash?: string;
}

export interface TCommitDecision {
  writes: TStreamWrite[];
  credentials?: TCredentialsChange[];
  endSessions?: TEndSessions[];
}

export interface TCommitTools {
  /** The current state of a stream named in the request (null if it does not exist yet). */
  read: <K extends TStreamKind>(ref: TStreamRef<K>) => TStreamStates[K] | null;
  /** The stream's events after a version, oldest first (for conflict reports). */
  eventsAfter: (ref: TStreamRef, version: number) => TStoredStreamEvent[];
  /**
   * The streams in an area that concern a card as of this transaction: units whose assignment is the
   * card, services with an active hold for it. A decision compares them with the streams it named.
   */
  concerning: (caseId: string, areaId: string) => TStreamRef<'unit' | 'service'>[];
}

export interface TCommitRequest {
  commandId: string;
  commandName: string;
  actorId: string;
  /** Every stream the decision may read or change; a backend may lock them all before deciding. */
  streams: TStreamRef[];
  /** Pure decision inside the transaction. Throws to abort: nothing is written. */
  decide: (tools: TCommitTools) => TCommitDecision;
}

export type TCommitResult =
  | {
      kind: 'applied';
      writes: {
        kind: TStreamKind;
        streamId: string;
        events: TStoredStreamEvent[];
        state: TStreamStates[TStreamKind];
      }[];
      /** Token hashes of the sessions ended, so their live connections can be closed. */
      endedSessions: string[];
    }
  | { kind: 'repeat'; streamId: string; lastSeq: number; commandName: string; actorId: string };

/**
 * A unique value already taken — a username, an area's short code, or the id of a new stream that
 * another stream already has — reported to the person, never as INTERNAL.
 */
export class StoreUniqueViolation extends Error {
  readonly field: 'username' | 'shortCode' | 'id';
  constructor(field: 'username' | 'shortCode' | 'id') {
    super(`${field} is already taken`);
    this.name = 'StoreUniqueViolation';
    this.field = field;
  }
}

export interface TStreamStore {
  commit(request: TCommitRequest): Promise<TCommitResult>;
  /** A command already applied under this id (who, which command), or null. */
  findCommand(commandId: string): Promise<{ commandName: string; actorId: string; lastSeq: number } | null>;
  /** Events of the given types in an area, newest first, before a sequence (administration history). */
  recentEvents(
    areaId: string,
    types: readonly string[],
    beforeSeq: number,
    limit: number,
  ): Promise<TStoredStreamEvent[]>;
}

export interface TAreaRepository {
  get(id: string): Promise<TArea | null>;
  list(): Promise<TArea[]>;
}

export interface TOrganisationRepository {
  get(id: string): Promise<TOrganisation | null>;
  list(areaId: string): Promise<TOrganisation[]>;
}

export interface TCredentials {
  passwordHash: string;
  passwordChangedAt: string;
  mfaSecret: string | null;
  mfaLastStep: number | null;
  recoveryCodeHashes: string[];
}

export interface TAccountRepository {
  get(id: string): Promise<TAccount | null>;
  findByUsername(username: string): Promise<TAccount | null>;
  list(areaId: string): Promise<TAccount[]>;
  credentials(userId: string): Promise<TCredentials | null>;
  /** How many accounts exist, split into the demo's fictional ones and real ones. */
  counts(): Promise<{ demo: number; real: number }>;
  /**
   * Records a TOTP time step as used, only if it is later than the last one: false means the code was
   * already used (a replay, or two logins racing with the same code).
   */
  claimTotpStep(userId: string, step: number): Promise<boolean>;
  /** Removes one recovery code's hash if present; the number left, or null if it was not there. */
  consumeRecoveryCode(userId: string, codeHash: string): Promise<number | null>;
}

export interface TSessionRecord {
  tokenHash: string;
  id: string;
  userId: string;
  stage: TSessionStage;
  createdAt: string;
  expiresAt: string;
  lastActiveAt: string;
  lockedAt: string | null;
  pendingMfaSecret: string | null;
  failures: number;
  userAgent: string;
  source: string;
}

export interface TSessionRepository {
  create(session: Omit<TSessionRecord, 'lockedAt' | 'pendingMfaSecret' | 'failures'>): Promise<void>;
  /** The session and its account, whatever its stage or expiry (the caller decides). */
  find(tokenHash: string): Promise<{ session: TSessionRecord; account: TAccount } | null>;
  update(
    tokenHash: string,
    changes: Partial<
      Pick<TSessionRecord, 'stage' | 'expiresAt' | 'lastActiveAt' | 'lockedAt' | 'pendingMfaSecret' | 'failures'>
    >,
  ): Promise<void>;
  delete(tokenHash: string): Promise<void>;
  /** Counts one more failed attempt in this session, atomically; the count after it. */
  addFailure(tokenHash: string): Promise<number>;
  /** The same session under a new token (renewed when a login becomes active). */
  renew(tokenHash: string, newTokenHash: string): Promise<void>;
  listForUser(userId: string): Promise<TSessionRecord[]>;
  /** Active, unlocked sessions with their account's role: what the idle-lock sweep looks at. */
  listUnlocked(): Promise<(TSessionRecord & { role: TRole })[]>;
  /** Which of these token hashes still belong to a live session (closes sockets of ended ones). */
  existing(tokenHashes: readonly string[]): Promise<Set<string>>;
  /** These sessions (those that still exist) with what decides their stage now: role and enabled. */
  withAccountState(tokenHashes: readonly string[]): Promise<(TSessionRecord & { role: TRole; isEnabled: boolean })[]>;
  /** Removes expired sessions and returns their token hashes so their sockets can be closed. */
  deleteExpired(now: string): Promise<string[]>;
}

export interface TSignInAttemptRepository {
  /**
   * In one transaction that excludes every other claim on the same account (on any node): reads the
   * times of the account's attempts since `sinceMs` (all, and those from `sourceKey`), asks `decide`,
   * and records one attempt at `atMs` only if it answers null. Returns what `decide` answered.
   */
  claim(request: {
    accountKey: string;
    sourceKey: string;
    atMs: number;
    sinceMs: number;
    decide: (account: number[], fromSource: number[]) => number | null;
  }): Promise<number | null>;
  /** Forgets every attempt on this account. */
  clear(accountKey: string): Promise<void>;
  /** Forgets every attempt made before `beforeMs`. */
  forget(beforeMs: number): Promise<void>;
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
  /** The cards with these ids that exist, in one read (no order promised). */
  getMany(caseIds: readonly string[]): Promise<TCaseCard[]>;
  listOpen(areaId: string): Promise<TCaseCard[]>;
  /** Open cards in every area whose detention has no outcome yet: what the alerts job watches. */
  listWithRunningDetention(): Promise<TCaseCard[]>;
  /** Every card in an area (open or closed) that holds a detention. */
  listWithDetention(areaId: string): Promise<TCaseCard[]>;
  /** Cards (open or closed) whose detention ended at or after an instant. */
  listDetentionsEndedSince(since: string): Promise<TCaseCard[]>;
  history(caseId: string): Promise<TCaseEvent[]>;
  /**
   * Events on other streams that concern a card, oldest first: its units' dispatches, acceptances,
   * statuses and stand-downs, and every event of the holds placed for it (R-LINK-TIMELINE).
   */
  linkedHistory(caseId: string): Promise<TStoredStreamEvent[]>;
  /** Events in an area after a global sequence, oldest first, at most `limit`. */
  eventsSince(areaId: string, afterSeq: number, limit: number): Promise<TCaseEvent[]>;
  headSeq(): Promise<number>;
  /** Folds every event again into fresh projection rows (recovery and audit). */
  rebuildProjection(evolve: (card: TCaseCard | null, event: TCaseEvent) => TCaseCard): Promise<number>;
  /**
   * Cards of the area matching every term, best first, searching only the fields `view` reads
   * (R-SEARCH-REDACT): a term that only a withheld field could match finds nothing.
   */
  search(areaId: string, terms: readonly TSearchTerm[], view: TSharedView, limit: number): Promise<TCaseCard[]>;
  /** Cards of the card's area that may be about the same person (R-PERSON-LINK), at most `limit`. */
  samePersonCandidates(card: TCaseCard, limit: number): Promise<TCaseCard[]>;
  /** Closed cards of the area, most recently closed first. */
  listClosed(areaId: string, filter: TClosedCardsFilter): Promise<TCaseCard[]>;
  /** Cards of the area changed at or after `since`, most recent first (the shift handover). */
  listChangedSince(areaId: string, since: string, limit: number): Promise<TCaseCard[]>;
}

export interface TClosedCardsFilter {
  /** Closed at or after this instant. */
  since: string;
  /** Closed before this instant. */
  until: string;
  outcome: TOutcome['kind'] | null;
  ownerId: string | null;
  limit: number;
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

/** One disclosure of a card (or one use of the audit viewer) as the access log keeps it (R-IG-AUDIT). */
/**
 * The reports' projections (R-REPORT-FACTS), kept in step with every command in its transaction and
 * rebuildable from the event log; and the deprivation lookups (R-REPORT-IMD).
 */
export interface TReportRepository {
  /** Cards of the area whose call came in [from, to), with the facts the reports of cards read. */
  cardsCreated(areaId: string, from: string, to: string): Promise<TCardFactsRow[]>;
  /** Cards of the area with a detention decided in [from, to), with the facts the detention reports read. */
  detentions(areaId: string, from: string, to: string): Promise<TDetentionFactsRow[]>;
  /** One of those sets with each card's id: the rows behind a figure (R-REPORT-DRILL). */
  drillRows(set: 'cards' | 'detentions', areaId: string, from: string, to: string): Promise<TDrillRow[]>;
  turnAways(areaId: string, from: string, to: string): Promise<TTurnAwayRow[]>;
  /**
   * Services' figures for [from, to) (R-REPORT-CAPACITY): each service's last before `from`, and every
   * one in the period, oldest first.
   */
  capacity(areaId: string, from: string, to: string): Promise<{ before: TCapacityFact[]; during: TCapacityFact[] }>;
  /**
   * Replaces one or both lookups in one transaction (a file not given keeps its table). Returns the
   * rows now held.
   */
  replaceLookups(lookups: {
    postcodes?: readonly { postcode: string; lsoa: string }[];
    deprivation?: { edition: string; rows: readonly { lsoa: string; decile: number }[] };
  }): Promise<TLookupCounts>;
  lookupCounts(): Promise<TLookupCounts>;
  /** Folds the reports' tables afresh from the cards and the event log; returns the cards folded. */
  rebuild(): Promise<number>;
}
export interface TLookupCounts {
  postcodes: number;
  areas: number;
  edition: string | null;
}

/** Shift handover notes (R-HANDOVER), written through the one write path as `handover` streams. */
export interface THandoverRepository {
  get(id: string): Promise<THandoverNote | null>;
}

export interface TAccessEntry {
  userId: string;
  role: TRole;
  /** The card; empty for a use of the audit viewer that named no card. */
  caseId: string;
  action: string;
  at: string;
  /** The caller's area; when left out, the card's. */
  areaId?: string;
  /** `session:<public session id>`, or empty. */
  source?: string;
}

export interface TAccessQuery {
  areaId: string;
  caseId?: string;
  /** A card by its readable reference ("C-3F9A2B"), which comes from its id. */
  caseRef?: string;
  userId?: string;
  /** Instants, `from` inclusive, `to` exclusive. */
  from?: string;
  to?: string;
  actions?: readonly string[];
  /** Paging, newest first: only entries with a smaller id. */
  beforeId?: number;
  limit: number;
}

export interface TAccessRecord {
  id: number;
  userId: string;
  role: string;
  caseId: string;
  action: string;
  at: string;
  source: string;
  /** The account as it is now (null if it no longer exists). */
  username: string | null;
  displayName: string | null;
  organisationId: string | null;
}

export interface TAccessLogRepository {
  /** Appends one entry, chained to the one before. */
  record(entry: TAccessEntry): Promise<void>;
  /** Appends entries in order in one transaction, each chained to the one before. */
  recordMany(entries: readonly TAccessEntry[]): Promise<void>;
  forCase(caseId: string): Promise<{ userId: string; role: string; action: string; at: string; source: string }[]>;
  /** An area's entries matching a query, newest first, with who each person is. */
  search(query: TAccessQuery): Promise<TAccessRecord[]>;
}

export type TChainedLog = 'events' | 'access_log';

/** The result of walking one log's hash chain from its first row. */
export interface TChainReport {
  log: TChainedLog;
  /** Rows checked and found linked, before any broken one. */
  rows: number;
  /** The last good row's hash (64 zeros for an empty log): note it to prove later that nothing was cut off. */
  head: string;
  /** The last good row's key (seq or id); 0 when no row verified. */
  headKey: number;
  /** The first broken link: the row's key (seq or id) and why. */
  broken: { row: number; reason: string } | null;
  /** Append-only triggers that are missing. */
  missingGuards?: string[];
  /** Of the rows asked for by key, those in the verified part of the chain, with their hashes, in key order. */
  found: { key: number; hash: string }[];
}

/**
 * One log's last row: its key (seq or id) and hash; key 0 and 64 zeros for an empty log. Recorded away
 * from the database, it shows later whether rows were cut from the end or the chain rewritten since.
 */
export interface TChainHead {
  log: TChainedLog;
  key: number;
  hash: string;
}

export interface TIntegrityRepository {
  /**
   * Walks the event log's and the access log's chains, as of one moment. `find` names rows by key in
   * each log whose hashes to report if they are in the verified part (to check heads noted earlier).
   */
  verifyChains(find?: Partial<Record<TChainedLog, readonly number[]>>): Promise<TChainReport[]>;
  /** Both logs' heads, as of one moment: one indexed read each, cheap enough to run often. */
  heads(): Promise<TChainHead[]>;
}
