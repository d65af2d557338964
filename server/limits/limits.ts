import express, { type NextFunction, type Request, type Response } from 'express';
import type { Logger } from 'pino';
import type { TAck, TAppError } from '@shared/errors';
import { COMMAND_SCHEMAS, SERVICE_COMMANDS, UNIT_COMMANDS } from '@shared/protocol';
import type { TUser } from '@shared/schemas/user';
import { hashToken, tokenFromCookieHeader } from '../auth/sessions';
import { sessionRoom, userRoom } from '../broadcaster';
import type { TConfig } from '../config';
import { clientAddress } from './client-address';
import { createRateLimiter, type TRateLimiter, type TRateLimits, type TSpent } from './rate-limiter';
import { logSecurityEvent } from './security-log';

/** Where a socket's handshake came from: its connection's address and its headers. */
interface THandshakeSource {
  address: string;
  headers: Record<string, string | string[] | undefined>;
}

/** What the limits need of a socket: who it is, where it connects from, and its namespace's rooms. */
interface TLimitedSocket {
  /** `address` is set when the socket is authenticated, before its handshake request is released. */
  data: { user?: TUser; tokenHash?: string; address?: string };
  handshake: THandshakeSource;
  nsp: { adapter: { rooms: Map<string, Set<string>> } };
  join(rooms: string | string[]): unknown;
}

const COMMAND_NAMES: ReadonlySet<string> = new Set([
  ...Object.keys(COMMAND_SCHEMAS),
  ...SERVICE_COMMANDS,
  ...UNIT_COMMANDS,
]);

/**
 * The budgets: changes and reads (per session and per address), and per client address, logging in with
 * first-run setup (`signIns`) and the later login steps (`signInSteps`: a code, a new password, unlock).
 */
const BUDGETS = ['changes', 'reads', 'signIns', 'signInSteps'] as const;
type TBudget = (typeof BUDGETS)[number];

/** What one node let through, by budget; a budget with nothing let through is left out. */
export type TSpentByBudget = Partial<Record<TBudget, TSpent>>;

/** A flood is logged once per login or address this often, with how many refusals were not logged. */
const REFUSAL_LOG_EVERY_MS = 10_000;

const SLOW_DOWN = 'Too many changes at once from this login or this network; they are kept and sent again shortly';
const SLOW_DOWN_READS = 'Too many requests at once from this login or this network; wait a moment and try again';
const SLOW_DOWN_SIGN_INS = 'Too many attempts from this network; wait a moment and try again';

/** A budget per client address only, of `perMinute` with that many at once. */
const perAddressPerMinute = (perMinute: number): TRateLimits => {
  const rule = { capacity: perMinute, refillPerSecond: perMinute / 60 };
  return { perSession: rule, perAddress: rule };
};

/** An HTTP method that changes something: those take from the command buckets, reads from their own. */
const isWrite = (method: string) => method !== 'GET' && method !== 'HEAD' && method !== 'OPTIONS';
/**
 * Logging in, its steps and logging out are not counted: they have their own limits per address, account
 * and session (server/auth/login-limits.ts), and logging out must always work.
 */
const isSessionRoute = (path: string) => /^\/v1\/(session|setup)(\/|$)/.test(path);

/**
 * The abuse limits at the transport edges (docs/ARCHITECTURE.md, "Abuse limits"): token buckets per
 * session and per address for socket commands (with resync and presence) and HTTP writes, one budget
 * shared by both transports; a cap on sockets per session; and security logging of their refusals and
 * of FORBIDDEN answers.
 */
export function createLimits(config: TConfig, logger: Logger, now: () => Date) {
  // On PostgreSQL there may be other nodes: each tells the others what it let through (server/cluster.ts).
  const shared = { shared: Boolean(config.databaseUrl) };
  const clock = () => now().getTime();
  const limiters: Record<TBudget, TRateLimiter> = {
    changes: createRateLimiter(config.rateLimits, clock, shared),
    reads: createRateLimiter(config.readLimits, clock, shared),
    signIns: createRateLimiter(perAddressPerMinute(config.loginLimitPerMinute), clock, shared),
    signInSteps: createRateLimiter(perAddressPerMinute(config.loginLimitPerMinute * 3), clock, shared),
  };
  const buckets = limiters.changes;
  const readBuckets = limiters.reads;
  // Express compiles CONCORDAT_TRUST_PROXY into the function `req.ip` uses; sockets use the same one.
  const trust = express().set('trust proxy', config.trustProxy).get('trust proxy fn') as (
    address: string,
    hop: number,
  ) => boolean;
  // A flood must not become a flood of log lines: one line per key per interval, with a count.
  const lastLogged = new Map<string, { at: number; suppressed: number }>();
  const shouldLog = (key: string): { suppressed: number } | null => {
    const at = now().getTime();
    const last = lastLogged.get(key);
    if (last && at - last.at < REFUSAL_LOG_EVERY_MS) {
      last.suppressed++;
      return null;
    }
    if (lastLogged.size > 10_000) {
      for (const [k, v] of lastLogged) if (at - v.at >= REFUSAL_LOG_EVERY_MS) lastLogged.delete(k);
    }
    lastLogged.set(key, { at, suppressed: 0 });
    return { suppressed: last?.suppressed ?? 0 };
  };
  const addressOf = (handshake: THandshakeSource) =>
    clientAddress(handshake.address, handshake.headers['x-forwarded-for'], trust);
  const socketAddress = (socket: TLimitedSocket) => socket.data.address ?? addressOf(socket.handshake);

  const refusal = (retryAfterSeconds: number, message = SLOW_DOWN): TAppError => ({
    code: 'RATE_LIMITED',
    message,
    retryAfterSeconds,
  });

  /** Takes one token for a socket event; the refusal to send if the buckets are empty. */
  const takeForSocket = (socket: TLimitedSocket, event: string): TAppError | null => {
    const source = socketAddress(socket);
    const refused = buckets.take(socket.data.tokenHash ?? null, source);
    if (!refused) return null;
    const logged = shouldLog(`rate-limited:${socket.data.tokenHash ?? source}`);
    if (logged) {
      logSecurityEvent(logger, 'rate-limited', {
        username: socket.data.user?.username,
        userId: socket.data.user?.id,
        source,
        action: event,
        retryAfterSeconds: refused.retryAfterSeconds,
        ...(logged.suppressed > 0 ? { reason: `${logged.suppressed} more refused since the last line` } : {}),
      });
    }
    return refusal(refused.retryAfterSeconds);
  };

  return {
    /** The client's address of a socket handshake, as Express's `req.ip` would have it. */
    addressOf,

    /** What this node let through since it was last asked, to tell the other nodes (null: nothing). */
    spentHere(): TSpentByBudget | null {
      const spent: TSpentByBudget = {};
      for (const budget of BUDGETS) {
        const drained = limiters[budget].drainSpent();
        if (Object.keys(drained.addresses).length > 0) spent[budget] = drained;
      }
      return Object.keys(spent).length > 0 ? spent : null;
    },
    /** What another node let through: it counts against the same budgets here. */
    spentElsewhere(spent: TSpentByBudget): void {
      for (const budget of BUDGETS) {
        const elsewhere = spent[budget];
        if (elsewhere) limiters[budget].charge(elsewhere);
      }
    },

    /**
     * Express middleware for logging in and setup (`signIns`) or the later login steps (`signInSteps`):
     * a budget per client address, shared between nodes like the others. Each step is also limited per
     * account and per session (server/auth/login-limits.ts).
     */
    signInsPerAddress(budget: 'signIns' | 'signInSteps') {
      return (req: Request, res: Response, next: NextFunction): void => {
        const refused = limiters[budget].take(null, req.ip ?? '');
        if (!refused) return next();
        res.setHeader('Retry-After', String(refused.retryAfterSeconds));
        res.status(429).json(refusal(refused.retryAfterSeconds, SLOW_DOWN_SIGN_INS));
      };
    },

    /**
     * For the socket's one command listener: null when `event` is not a command or has no ack (nothing
     * to do), or when it was refused (the refusal is already acked); otherwise the ack to answer with,
     * which logs a FORBIDDEN answer as a security event.
     */
    commandAck<T>(socket: TLimitedSocket, event: string, ack: unknown): ((res: TAck<T>) => void) | null {
      if (typeof ack !== 'function' || !COMMAND_NAMES.has(event)) return null;
      const answer = ack as (res: TAck<T>) => void;
      const refused = takeForSocket(socket, event);
      if (refused) {
        answer({ ok: false, error: refused });
        return null;
      }
      return (res) => {
        if (!res.ok && res.error.code === 'FORBIDDEN') {
          logSecurityEvent(logger, 'forbidden', {
            username: socket.data.user?.username,
            userId: socket.data.user?.id,
            source: socketAddress(socket),
            action: event,
          });
        }
        answer(res);
      };
    },

    /** One command's token, for a command inside a batch (`outbox:replay`): the refusal, or null. */
    takeCommand(socket: TLimitedSocket, command: string): TAppError | null {
      return takeForSocket(socket, command);
    },

    /** Other socket events that cost the server work (resync, presence): false when refused. */
    allowSocketEvent(socket: TLimitedSocket, event: string, ack?: unknown): boolean {
      const refused = takeForSocket(socket, event);
      if (refused && typeof ack === 'function') (ack as (res: TAck<never>) => void)({ ok: false, error: refused });
      return !refused;
    },

    /**
     * socket.io middleware, after authentication: at most `socketsPerSession` consoles per session and
     * `socketsPerPerson` per person across all their sessions. The socket joins its session's and its
     * person's rooms here, so handshakes arriving together are counted one by one.
     */
    capSockets(socket: TLimitedSocket, next: (err?: Error) => void): void {
      const tokenHash = socket.data.tokenHash;
      const userId = socket.data.user?.id;
      if (!tokenHash || !userId) return next();
      const rooms = socket.nsp.adapter.rooms;
      const caps = [
        { room: sessionRoom(tokenHash), limit: config.socketsPerSession, what: 'on this login' },
        { room: userRoom(userId), limit: config.socketsPerPerson, what: 'for this person' },
      ];
      const full = caps.find((cap) => (rooms.get(cap.room)?.size ?? 0) >= cap.limit);
      if (full) {
        logSecurityEvent(logger, 'socket-cap-reached', {
          username: socket.data.user?.username,
          userId,
          source: socketAddress(socket),
          reason: `${rooms.get(full.room)?.size ?? 0} consoles open ${full.what}`,
        });
        return next(
          Object.assign(new Error('TOO_MANY_CONNECTIONS'), {
            data: { code: 'TOO_MANY_CONNECTIONS', limit: full.limit },
          }),
        );
      }
      void socket.join(caps.map((cap) => cap.room));
      next();
    },

    /**
     * Express middleware for the whole API: writes take a token before their body is read, reads one from
     * the wider read budget (each read of a card writes to the access log), and every FORBIDDEN or
     * RATE_LIMITED answer (this one, a login limit, a role refused) is logged once sent.
     */
    http: (req: Request, res: Response, next: NextFunction): void => {
      res.once('finish', () => {
        if (res.statusCode !== 403 && res.statusCode !== 429) return;
        const user = res.locals.user as TUser | undefined;
        const event = res.statusCode === 403 ? 'forbidden' : 'rate-limited';
        const logged = shouldLog(`${event}:${user?.id ?? ''}:${req.ip ?? ''}:${routeOf(req)}`);
        if (!logged) return;
        logSecurityEvent(logger, event, {
          username: user?.username,
          userId: user?.id,
          source: req.ip ?? '',
          action: `${req.method} ${routeOf(req)}`,
          ...(logged.suppressed > 0 ? { reason: `${logged.suppressed} more since the last line` } : {}),
        });
      });
      if (isSessionRoute(req.path) || req.method === 'OPTIONS') return next();
      const token = tokenFromCookieHeader(req.headers.cookie);
      const isRead = !isWrite(req.method);
      const refused = (isRead ? readBuckets : buckets).take(token ? hashToken(token) : null, req.ip ?? '');
      if (!refused) return next();
      res.setHeader('Retry-After', String(refused.retryAfterSeconds));
      res.status(429).json(refusal(refused.retryAfterSeconds, isRead ? SLOW_DOWN_READS : SLOW_DOWN));
    },
  };
}
export type TLimits = ReturnType<typeof createLimits>;

/** The path of a request for a log line: no query string, and never longer than a route is. */
export function routeOf(req: Request): string {
  return (req.originalUrl.split('?')[0] ?? '').slice(0, 200);
}
