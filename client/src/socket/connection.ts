import { io, type Socket } from 'socket.io-client';
import {
  PROTOCOL_VERSION,
  type TClientToServerEvents,
  type THandshake,
  type TServerToClientEvents,
} from '@shared/protocol';

export type TClientSocket = Socket<TServerToClientEvents, TClientToServerEvents>;

/** How long to wait for the server's answer to a command before treating it as lost. */
export const ACK_TIMEOUT_MS = 10_000;

/**
 * How a lost connection is tried again, whichever way the app started: soon, then spaced out, but never
 * more than a few seconds apart, so a crew coming back into signal is live (and its kept changes sent)
 * within about 3 s even when the browser does not say the network is back. socket.io's backoff: the
 * first wait 500 ms, doubling to at most 2 s, each ±50% (then capped), so at most 2 s between attempts.
 */
export const RECONNECT = { firstMs: 500, maxMs: 2_000, jitter: 0.5 } as const;

/**
 * An attempt that has had no answer for this long is given up and the next one started. Long enough for
 * a handshake of a few round trips on a poor mobile link; socket.io's own default is 20 s.
 */
export const CONNECT_TIMEOUT_MS = 10_000;

/** The wait before retry number `attempt` (0 first), shaped as socket.io's own backoff. */
export function backoffDelayMs(attempt: number, random: () => number = Math.random): number {
  const base = RECONNECT.firstMs * 2 ** Math.min(attempt, 16);
  const r = random();
  const deviation = Math.floor(r * RECONNECT.jitter * base);
  const jittered = Math.floor(r * 10) % 2 === 0 ? base - deviation : base + deviation;
  return Math.min(jittered, RECONNECT.maxMs);
}

function createSocket(): TClientSocket {
  return io({
    auth: { protocolVersion: PROTOCOL_VERSION },
    transports: ['websocket', 'polling'],
    withCredentials: true,
    // One manager per socket, so "try again now" (reconnectNow) restarts exactly this connection.
    forceNew: true,
    reconnection: true,
    reconnectionAttempts: Infinity,
    reconnectionDelay: RECONNECT.firstMs,
    reconnectionDelayMax: RECONNECT.maxMs,
    randomizationFactor: RECONNECT.jitter,
    timeout: CONNECT_TIMEOUT_MS,
  });
}

interface TEarly {
  socket: TClientSocket;
  handshake: THandshake | null;
  /** Removes the early stage's own listeners: once taken, only the console decides when to stop. */
  release: () => void;
}

let early: TEarly | null = null;

/**
 * Opens the live connection at page load, in parallel with the session check, so a console on a slow
 * link is live one round trip sooner. If it fails before the console takes it (no session, or no
 * signal) it is dropped, and the console opens its own.
 */
export function connectEarly(): void {
  const socket = createSocket();
  const entry: TEarly = { socket, handshake: null, release: () => undefined };
  const noteHandshake = (h: THandshake) => {
    entry.handshake = h;
  };
  const drop = () => {
    entry.release();
    socket.disconnect();
    if (early === entry) early = null;
  };
  entry.release = () => {
    socket.off('session:ready', noteHandshake);
    socket.off('connect_error', drop);
  };
  early = entry;
  socket.on('session:ready', noteHandshake);
  socket.on('connect_error', drop);
}

/** A socket opened before someone logged in carries no session: never adopt it after a login. */
export function discardEarlySocket(): void {
  if (!early) return;
  early.release();
  early.socket.disconnect();
  early = null;
}

/**
 * The early socket if it is still usable, otherwise a new one; with the handshake if it already came.
 * Either way the socket comes with none of the early stage's listeners: a later connection error only
 * makes it try again (the early stage's "drop it" must never reach a socket the console is using).
 */
export function takeSocket(): { socket: TClientSocket; handshake: THandshake | null } {
  const taken = early;
  early = null;
  if (taken) {
    taken.release();
    if (taken.socket.connected || taken.socket.active) return { socket: taken.socket, handshake: taken.handshake };
    taken.socket.disconnect();
  }
  return { socket: createSocket(), handshake: null };
}

/**
 * Tries to connect now instead of waiting out the backoff. A socket that is connected is left alone. One
 * with an attempt under way keeps it unless `restartAttempt` (the network has just come back: an attempt
 * begun without it is not worth waiting for). socket.io ignores `connect()` while it waits between
 * attempts, so the wait is ended first; the backoff then starts again from its first, short step.
 */
export function reconnectNow(socket: TClientSocket, { restartAttempt = false } = {}): void {
  if (socket.connected) return;
  const isTrying = socket.active && socket.io._readyState !== 'closed';
  if (isTrying && !restartAttempt) return;
  if (socket.active) socket.disconnect();
  socket.connect();
}

/** The page's hints that now is a good moment to try: the network is back, or the page is in view again. */
export type TPageHint = 'online' | 'visible' | 'offline';

export interface TPageSignals {
  /** Calls `run` on each hint; returns a function that stops listening. */
  subscribe: (run: (hint: TPageHint) => void) => () => void;
}

export const browserSignals: TPageSignals = {
  subscribe(run) {
    const onOnline = () => run('online');
    const onOffline = () => run('offline');
    const onVisibility = () => {
      if (document.visibilityState === 'visible') run('visible');
    };
    window.addEventListener('online', onOnline);
    window.addEventListener('offline', onOffline);
    document.addEventListener('visibilitychange', onVisibility);
    return () => {
      window.removeEventListener('online', onOnline);
      window.removeEventListener('offline', onOffline);
      document.removeEventListener('visibilitychange', onVisibility);
    };
  },
};

/**
 * Keeps the console's socket trying: socket.io's capped backoff does the steady retrying; when the
 * browser says the network has gone, the connection is closed rather than trusted; and when it says the
 * network is back or the page comes into view again (a tablet woken up, whose timers
 * were held back while hidden), it tries at once. `mayConnect` says no while the console is
 * deliberately not connected (locked, outdated, too many windows, session ended). Returns a stop function.
 */
export function keepConnected(
  socket: TClientSocket,
  mayConnect: () => boolean,
  signals: TPageSignals = browserSignals,
): () => void {
  return signals.subscribe((hint) => {
    // The browser says the network has gone: its connection cannot be trusted, so the console says
    // "Offline" at once and keeps what the crew records (a browser can leave a dead WebSocket open).
    if (hint === 'offline') dropSilentConnection(socket);
    else if (mayConnect()) reconnectNow(socket, { restartAttempt: hint === 'online' });
  });
}

/**
 * A command that had no answer on a connection that still says it is open: the link has most likely died
 * without closing (a mobile network dropping a tablet's connection tells neither end). Rather than wait
 * for the heartbeat to notice (up to 15 s), close it here; socket.io then reconnects with its backoff and
 * the kept changes go on the new connection.
 */
export function dropSilentConnection(socket: TClientSocket): void {
  if (socket.connected) socket.io.engine.close();
}
