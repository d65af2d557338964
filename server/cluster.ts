import { createAdapter } from '@socket.io/postgres-adapter';
import pg from 'pg';
import type { Logger } from 'pino';
import type { TActor } from '@shared/schemas/user';
import type { TBroadcaster } from './broadcaster';
import type { TSpentByBudget } from './limits/limits';
import type { TSpent } from './limits/rate-limiter';
import type { TIoServer } from './socket';

/**
 * Several nodes on one PostgreSQL (R-OPS-CLUSTER). socket.io's PostgreSQL adapter links the nodes'
 * socket servers (LISTEN/NOTIFY); over it each node passes on what it tells its own consoles, and every
 * other node tells its own. So each node redacts, sends and records disclosures (R-IG-AUDIT) for exactly
 * the consoles connected to it, as a single server does, and a change made on any node reaches every
 * console. A node that misses a message (its link to PostgreSQL dropped) loses nothing a console keeps:
 * consoles resync from the event log on every reconnect (S-8), and the log's order has no gaps.
 */

const BROADCAST = 'concordat:broadcast';
const PRESENCE = 'concordat:presence';
const SPENT = 'concordat:spent';

/** Another node's viewers of one card, and when that node last said so. */
export interface TRemoteViewers {
  node: string;
  caseId: string;
  viewers: TActor[];
}

export interface TCluster {
  /**
   * The broadcaster every caller uses: this node's consoles now, then every other node's. `passedOn` hears
   * the sequence number of each change from another node once its consoles are told (the fan-out lag).
   */
  broadcaster(local: TBroadcaster, passedOn?: (seq: number) => void): TBroadcaster;
  /** Tells the other nodes who on this node views a card (empty: nobody any more). */
  sharePresence(caseId: string, areaId: string, viewers: TActor[]): void;
  /** Another node's viewers changed: `areaId` is whose consoles to tell. */
  onPresence(handler: (remote: TRemoteViewers, areaId: string) => void): void;
  /** Tells the other nodes what this node's rate limits let through, so the limits hold across nodes. */
  shareSpent(spent: TSpentByBudget): void;
  onSpent(handler: (spent: TSpentByBudget) => void): void;
  close(): Promise<void>;
}

const BROADCASTER_METHODS = [
  'publish',
  'publishToReceivers',
  'publishUnit',
  'publishAdministration',
  'endSessions',
  'lockSessions',
  'publishService',
  'publishHandover',
] as const satisfies readonly (keyof TBroadcaster)[];
type TMethod = (typeof BROADCASTER_METHODS)[number];
const isMethod = (name: unknown): name is TMethod => BROADCASTER_METHODS.includes(name as TMethod);

/** The last sequence number a broadcaster call carries: in its events, or given on its own. */
function lastSeqIn(args: unknown[]): number {
  let last = 0;
  for (const arg of args) {
    if (typeof arg === 'number') last = Math.max(last, arg);
    if (Array.isArray(arg))
      for (const item of arg as unknown[]) {
        const seq = (item as { seq?: unknown } | null)?.seq;
        if (typeof seq === 'number') last = Math.max(last, seq);
      }
  }
  return last;
}

const isCounts = (value: unknown): value is Record<string, number> =>
  typeof value === 'object' &&
  value !== null &&
  Object.values(value).every((n) => typeof n === 'number' && Number.isFinite(n) && n > 0);
/** Each budget another node names holds counts; a budget it leaves out (or does not know yet) is skipped. */
const isSpent = (value: unknown): value is TSpentByBudget =>
  typeof value === 'object' &&
  value !== null &&
  Object.values(value as Record<string, unknown>).every((s) => {
    const spent = s as Partial<TSpent> | null;
    return isCounts(spent?.sessions) && isCounts(spent?.addresses);
  });

/** Links this node's socket server to the others on the PostgreSQL database at `url`. */
export function joinCluster(io: TIoServer, url: string, node: string, logger: Logger): TCluster {
  // Its own small pool: one client listens, the others notify, apart from the store's connections.
  const pool = new pg.Pool({ connectionString: url, max: 3 });
  pool.on('error', (err) => logger.warn({ err }, 'cluster link: a PostgreSQL connection failed'));
  io.adapter(
    createAdapter(pool, {
      errorHandler: (err) => logger.warn({ err }, 'cluster link error'),
      // A node not heard from for 10 s is gone (its consoles reconnect elsewhere).
      heartbeatInterval: 3_000,
      heartbeatTimeout: 10_000,
    }),
  );
  let local: TBroadcaster | null = null;
  let passedOnSeq: ((seq: number) => void) | undefined;
  const presenceHandlers: ((remote: TRemoteViewers, areaId: string) => void)[] = [];
  const spentHandlers: ((spent: TSpentByBudget) => void)[] = [];

  // Only other nodes' messages arrive here: serverSideEmit never calls back the node that sent it.
  io.on(BROADCAST, (method: string, args: unknown[]) => {
    if (!local || !isMethod(method) || !Array.isArray(args)) return;
    try {
      (local[method] as (...a: unknown[]) => void)(...args);
      const seq = lastSeqIn(args);
      if (seq > 0) passedOnSeq?.(seq);
    } catch (err) {
      logger.error({ err, method }, 'cluster link: a change from another node was not passed on');
    }
  });
  io.on(PRESENCE, (remote: TRemoteViewers, areaId: string) => {
    if (typeof areaId !== 'string' || typeof remote.caseId !== 'string' || !Array.isArray(remote.viewers)) return;
    for (const handler of presenceHandlers) handler(remote, areaId);
  });

  io.on(SPENT, (spent: TSpentByBudget) => {
    if (!isSpent(spent)) return;
    for (const handler of spentHandlers) handler(spent);
  });

  return {
    broadcaster(own, passedOn) {
      local = own;
      passedOnSeq = passedOn;
      const shared = {} as TBroadcaster;
      for (const method of BROADCASTER_METHODS) {
        (shared[method] as (...a: unknown[]) => void) = (...args: unknown[]) => {
          (own[method] as (...a: unknown[]) => void)(...args);
          io.serverSideEmit(BROADCAST, method, args);
        };
      }
      return shared;
    },
    sharePresence(caseId, areaId, viewers) {
      io.serverSideEmit(PRESENCE, { node, caseId, viewers } satisfies TRemoteViewers, areaId);
    },
    onPresence(handler) {
      presenceHandlers.push(handler);
    },
    shareSpent(spent) {
      io.serverSideEmit(SPENT, spent);
    },
    onSpent(handler) {
      spentHandlers.push(handler);
    },
    close: async () => {
      await pool.end();
    },
  };
}
