import { AsyncLocalStorage } from 'node:async_hooks';
import type { TAccessEntry, TStore } from '@db/repositories';
import { recordingWindowMinutes, type TAccessAction } from '@shared/schemas/audit';
import type { TRole } from '@shared/schemas/user';
import type { Logger } from '../logger';

/**
 * Every disclosure of a card's personal data goes into the access log through here (R-IG-AUDIT):
 * reads, the queue, replays, command answers, live pushes and exports.
 *
 * - **Who and how**: the person (id, role, area), the card, the kind of disclosure, when, and the source:
 *   `session:<public session id>` of the console or request (the same id administrators see in an
 *   account's sessions). The source comes from the request or socket being served
 *   (`withDisclosureSource`), so query code only names the person and the cards.
 * - **Kept small**: each kind is recorded at most once per card, per session (or person, without one)
 *   within its window from the first (`recordingWindowMinutes`): 15 minutes for what reaches a console
 *   unasked (queue, replay, push, command, …), one minute for opening a card; exports and uses of the
 *   audit viewer are recorded every time.
 * - **When it is written**: `record` (HTTP answers, replays) writes before the answer is sent, so a
 *   disclosure that cannot be logged is not made (callers arriving together share one write); `note` (live pushes, command answers) is batched and
 *   written within a second in one transaction, off the write path every change takes.
 */
export const DISCLOSURE_FLUSH_MS = 1_000;
/** Buffered entries kept across failed writes before the oldest are dropped (and the loss logged). */
const MAX_PENDING = 50_000;

export interface TDiscloser {
  id: string;
  role: TRole;
  areaId: string;
}

const sources = new AsyncLocalStorage<string>();

/** Runs `fn` (and everything it awaits) as serving this source, e.g. one console's session. */
export function withDisclosureSource<T>(source: string, fn: () => T): T {
  return sources.run(source, fn);
}

export function sessionSource(sessionId: string): string {
  return `session:${sessionId}`;
}

/** The socket server as far as finding who is in a room goes (the local adapter's room map). */
export interface TRoomDirectory {
  of(namespace: '/'): {
    adapter: { rooms: Map<string, Set<string>> };
    sockets: Map<string, { data: unknown }>;
  };
}

/** What the socket handshake puts on `socket.data` (server/socket/index.ts). */
interface TSocketPerson {
  user?: TDiscloser;
  sessionId?: string;
}

export function createDisclosureLog(store: TStore, now: () => Date, logger: Logger) {
  /** `${action}|${caseId}` → source (session id, or `user:<id>`) → end of its window (ms). */
  const windows = new Map<string, Map<string, number>>();
  let pending: TAccessEntry[] = [];
  let lastPrune = 0;

  const windowOf = (action: TAccessAction, caseId: string): Map<string, number> => {
    const key = `${action}|${caseId}`;
    let bySource = windows.get(key);
    if (!bySource) {
      bySource = new Map();
      windows.set(key, bySource);
    }
    return bySource;
  };

  /** Whether this disclosure starts a new entry in its window, marking the window if so. */
  const opens = (bySource: Map<string, number>, sourceKey: string, atMs: number, windowMs: number): boolean => {
    const until = bySource.get(sourceKey);
    if (until !== undefined && until > atMs) return false;
    bySource.set(sourceKey, atMs + windowMs);
    return true;
  };

  const admit = (action: TAccessAction, caseId: string, sourceKey: string, atMs: number): boolean => {
    const windowMs = recordingWindowMinutes(action) * 60_000;
    return windowMs === 0 || opens(windowOf(action, caseId), sourceKey, atMs, windowMs);
  };

  /** A socket's source and window key, worked out once per socket (live pushes look at every socket). */
  const socketSources = new WeakMap<object, { source: string; key: string }>();
  const socketSource = (data: TSocketPerson & object, person: TDiscloser) => {
    let found = socketSources.get(data);
    if (!found) {
      const source = data.sessionId ? sessionSource(data.sessionId) : '';
      found = { source, key: sourceKeyOf(source, person.id) };
      socketSources.set(data, found);
    }
    return found;
  };

  /** Forgets a window again (its entry was not written, so the next disclosure must be). */
  const release = (entries: readonly TAccessEntry[]) => {
    for (const e of entries) windows.get(`${e.action}|${e.caseId}`)?.delete(sourceKeyOf(e.source ?? '', e.userId));
  };

  const sourceKeyOf = (source: string, userId: string) => source || `user:${userId}`;

  const entriesFor = (
    person: TDiscloser,
    caseIds: Iterable<string>,
    action: TAccessAction,
    source: string,
  ): TAccessEntry[] => {
    const at = now();
    const atMs = at.getTime();
    const key = sourceKeyOf(source, person.id);
    const entries: TAccessEntry[] = [];
    for (const caseId of new Set(caseIds)) {
      if (!admit(action, caseId, key, atMs)) continue;
      entries.push({
        userId: person.id,
        role: person.role,
        caseId,
        action,
        at: at.toISOString(),
        areaId: person.areaId,
        source,
      });
    }
    return entries;
  };

  const prune = () => {
    const nowMs = now().getTime();
    if (nowMs - lastPrune < 60_000) return;
    lastPrune = nowMs;
    for (const [key, bySource] of windows) {
      for (const [source, until] of bySource) if (until <= nowMs) bySource.delete(source);
      if (bySource.size === 0) windows.delete(key);
    }
  };

  /**
   * Group commit for `record`: a caller alone is written at once; callers arriving while a write is in
   * flight share the next one. Each still waits until its own entries are durable (or hears the error),
   * but a burst (every console resyncing after a failover) costs a few transactions, not one each.
   */
  let nextBatch: { entries: TAccessEntry[]; written: Promise<void>; settle: (error?: Error) => void } | null = null;
  let isWriting = false;
  const writeBatches = async () => {
    isWriting = true;
    while (nextBatch) {
      const batch = nextBatch;
      nextBatch = null;
      try {
        await store.accessLog.recordMany(batch.entries);
        batch.settle();
      } catch (error) {
        batch.settle(error instanceof Error ? error : new Error(String(error)));
      }
    }
    isWriting = false;
  };
  const writeTogether = (entries: readonly TAccessEntry[]): Promise<void> => {
    if (!nextBatch) {
      let settle: (error?: Error) => void = () => undefined;
      const written = new Promise<void>((resolve, reject) => {
        settle = (error) => (error === undefined ? resolve() : reject(error));
      });
      nextBatch = { entries: [], written, settle };
    }
    const batch = nextBatch;
    batch.entries.push(...entries);
    if (!isWriting) void writeBatches();
    return batch.written;
  };

  let flushing: Promise<void> = Promise.resolve();
  const flush = (): Promise<void> => {
    flushing = flushing.then(async () => {
      prune();
      if (pending.length === 0) return;
      const batch = pending;
      pending = [];
      try {
        await store.accessLog.recordMany(batch);
      } catch (err) {
        logger.error({ err, entries: batch.length }, 'disclosures not yet recorded; will retry');
        pending = [...batch, ...pending];
        if (pending.length > MAX_PENDING) {
          const dropped = pending.splice(0, pending.length - MAX_PENDING);
          logger.error({ dropped: dropped.length }, 'disclosures dropped: the access log could not be written');
        }
      }
    });
    return flushing;
  };
  const timer = setInterval(() => void flush(), DISCLOSURE_FLUSH_MS);
  timer.unref();

  return {
    /**
     * Records disclosures before the caller answers: throws (and so nothing is disclosed) if the log
     * cannot be written. `source` defaults to the request or socket being served.
     */
    async record(
      person: TDiscloser,
      caseIds: Iterable<string>,
      action: TAccessAction,
      source: string = sources.getStore() ?? '',
    ): Promise<void> {
      const entries = entriesFor(person, caseIds, action, source);
      if (entries.length === 0) return;
      try {
        await writeTogether(entries);
      } catch (error) {
        release(entries);
        throw error;
      }
    },

    /** Records disclosures in the next batch (within a second). */
    note(
      person: TDiscloser,
      caseIds: Iterable<string>,
      action: TAccessAction,
      source: string = sources.getStore() ?? '',
    ): void {
      for (const e of entriesFor(person, caseIds, action, source)) pending.push(e);
    },

    /**
     * A live push of a card to socket.io rooms: everyone in them at this moment, by their socket's person
     * and session. Called once per publish, before the emit. Sockets without a person (none today) and
     * roles that see no cards (never in these rooms) are skipped.
     */
    pushed(io: TRoomDirectory, rooms: readonly string[], caseId: string): void {
      const namespace = io.of('/');
      const atMs = now().getTime();
      const bySource = windowOf('push', caseId);
      const windowMs = recordingWindowMinutes('push') * 60_000;
      for (const room of rooms) {
        const ids = namespace.adapter.rooms.get(room);
        if (!ids) continue;
        for (const id of ids) {
          const data = namespace.sockets.get(id)?.data as (TSocketPerson & object) | undefined;
          const person = data?.user;
          if (!data || !person) continue;
          const { source, key } = socketSource(data, person);
          if (!opens(bySource, key, atMs, windowMs)) continue;
          pending.push({
            userId: person.id,
            role: person.role,
            caseId,
            action: 'push',
            at: new Date(atMs).toISOString(),
            areaId: person.areaId,
            source,
          });
        }
      }
    },

    /** Writes what is waiting now (tests, and before closing). */
    flush,

    async close(): Promise<void> {
      clearInterval(timer);
      await flush();
    },
  };
}
export type TDisclosureLog = ReturnType<typeof createDisclosureLog>;
