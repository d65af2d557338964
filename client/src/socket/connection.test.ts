import { beforeEach, describe, expect, it, vi } from 'vitest';
import type * as TConnection from './connection';

type TListener = ((...args: unknown[]) => void) & { fn?: (...args: unknown[]) => void };

/**
 * Stands in for socket.io-client's Socket where this module depends on it: `active` (still trying, or
 * connected), `connected`, the manager's `_readyState` (an attempt under way, or waiting out the
 * backoff), and `connect()` doing nothing while the manager waits between attempts, as socket.io does.
 * `connection.integration.test.ts` checks the same behaviour against the real library.
 */
const fake = vi.hoisted(() => {
  class FakeSocket {
    connected = false;
    isActive = true;
    /** What the test sees happen to it, in order. */
    calls: string[] = [];
    io = {
      _readyState: 'opening' as 'opening' | 'open' | 'closed',
      isWaiting: false,
      engine: { close: () => this.calls.push('engine closed') },
    };
    private listeners = new Map<string, TListener[]>();
    constructor(readonly options: Record<string, unknown>) {}
    get active() {
      return this.isActive;
    }
    on(event: string, fn: TListener) {
      this.listeners.set(event, [...(this.listeners.get(event) ?? []), fn]);
      return this;
    }
    once(event: string, fn: TListener) {
      const wrapper: TListener = (...args) => {
        this.off(event, fn);
        fn(...args);
      };
      wrapper.fn = fn;
      return this.on(event, wrapper);
    }
    off(event: string, fn: TListener) {
      this.listeners.set(
        event,
        (this.listeners.get(event) ?? []).filter((l) => l !== fn && l.fn !== fn),
      );
      return this;
    }
    emit(event: string, ...args: unknown[]) {
      for (const listener of [...(this.listeners.get(event) ?? [])]) listener(...args);
      return true;
    }
    disconnect() {
      this.calls.push('disconnect');
      this.isActive = false;
      this.connected = false;
      this.io = { ...this.io, _readyState: 'closed', isWaiting: false };
      return this;
    }
    connect() {
      if (this.connected) return this;
      this.isActive = true;
      // Like socket.io: while the manager waits between attempts, connect() starts nothing.
      if (this.io.isWaiting) return this;
      this.calls.push('attempt');
      this.io = { ...this.io, _readyState: 'opening', isWaiting: false };
      return this;
    }
    /** The attempt under way fails (no signal, or the server said no): socket.io waits, then tries again. */
    failAttempt(error: Error & { data?: { code: string } } = new Error('websocket error')) {
      this.io = { ...this.io, _readyState: 'closed', isWaiting: true };
      this.emit('connect_error', error);
    }
    succeed() {
      this.connected = true;
      this.io = { ...this.io, _readyState: 'open', isWaiting: false };
      this.emit('connect');
    }
  }
  return { FakeSocket, created: [] as FakeSocket[] };
});
type TFakeSocket = InstanceType<typeof fake.FakeSocket>;

vi.mock('socket.io-client', () => ({
  io: (options: Record<string, unknown>) => {
    const socket = new fake.FakeSocket(options);
    fake.created.push(socket);
    return socket;
  },
}));

let connection: typeof TConnection;
const asFake = (socket: unknown) => socket as TFakeSocket;

beforeEach(async () => {
  fake.created.length = 0;
  vi.resetModules();
  connection = await import('./connection');
});

/** Page signals the test fires by hand. */
function handSignals() {
  let run: ((hint: TConnection.TPageHint) => void) | undefined;
  return {
    signals: {
      subscribe: (r: (hint: TConnection.TPageHint) => void) => {
        run = r;
        return () => {
          run = undefined;
        };
      },
    },
    fire: (hint: TConnection.TPageHint) => run?.(hint),
    get isListening() {
      return run !== undefined;
    },
  };
}

describe('the socket opened at page load and taken by the console (H-055)', () => {
  it('H-055: a connection error after the console took the early socket makes it try again; it is never dropped', () => {
    connection.connectEarly();
    const { socket } = connection.takeSocket();
    const taken = asFake(socket);
    expect(taken).toBe(fake.created[0]);

    // The tablet loses signal: the next attempt fails.
    taken.failAttempt();
    expect(taken.calls).not.toContain('disconnect');
    expect(taken.active).toBe(true);
    // And again: still trying, for as long as it takes.
    taken.failAttempt();
    expect(taken.active).toBe(true);
    expect(fake.created).toHaveLength(1);
  });

  it('H-055: the taken socket keeps none of the early stage’s listeners', () => {
    connection.connectEarly();
    const taken = asFake(connection.takeSocket().socket);
    const stillListening = vi.spyOn(taken, 'disconnect');
    taken.failAttempt(Object.assign(new Error('UNAUTHENTICATED'), { data: { code: 'UNAUTHENTICATED' } }));
    // What to do with a refusal is the console's decision (it has its own listener), not the early stage's.
    expect(stillListening).not.toHaveBeenCalled();
  });

  it('an early socket that fails before it is taken (no session, no signal) is dropped, and the console gets a new one', () => {
    connection.connectEarly();
    const early = fake.created[0]!;
    early.failAttempt(Object.assign(new Error('UNAUTHENTICATED'), { data: { code: 'UNAUTHENTICATED' } }));
    expect(early.calls).toEqual(['disconnect']);
    expect(early.active).toBe(false);

    const { socket, handshake } = connection.takeSocket();
    expect(socket).toBe(fake.created[1]);
    expect(handshake).toBeNull();
  });

  it('the early socket’s handshake comes with it; a second take gets a socket of its own', () => {
    connection.connectEarly();
    const early = fake.created[0]!;
    early.succeed();
    const handshake = { serverTime: '2026-11-23T10:00:00.000Z' };
    early.emit('session:ready', handshake);
    expect(connection.takeSocket()).toEqual({ socket: early, handshake });
    expect(connection.takeSocket().socket).toBe(fake.created[1]);
  });

  it('after a login the early socket (opened without a session) is discarded, never adopted', () => {
    connection.connectEarly();
    const early = fake.created[0]!;
    connection.discardEarlySocket();
    expect(early.active).toBe(false);
    expect(connection.takeSocket().socket).toBe(fake.created[1]);
  });

  it('every socket, early or not, retries for ever on a backoff capped at 2 s', () => {
    connection.connectEarly();
    connection.discardEarlySocket();
    connection.takeSocket();
    expect(fake.created).toHaveLength(2);
    for (const socket of fake.created) {
      expect(socket.options).toMatchObject({
        forceNew: true,
        reconnection: true,
        reconnectionAttempts: Infinity,
        reconnectionDelay: 500,
        reconnectionDelayMax: 2_000,
        randomizationFactor: 0.5,
      });
    }
  });
});

describe('trying again now', () => {
  it('H-055: a socket waiting out its backoff tries at once; a connected one is left alone', () => {
    const socket = asFake(connection.takeSocket().socket);
    socket.failAttempt();
    // connect() alone does nothing while socket.io waits between attempts.
    socket.connect();
    expect(socket.calls).toEqual([]);

    connection.reconnectNow(socket as never);
    expect(socket.calls).toEqual(['disconnect', 'attempt']);
    expect(socket.active).toBe(true);

    socket.succeed();
    connection.reconnectNow(socket as never, { restartAttempt: true });
    expect(socket.calls).toEqual(['disconnect', 'attempt']);
  });

  it('an attempt under way is kept, unless the network has just come back', () => {
    const socket = asFake(connection.takeSocket().socket);
    connection.reconnectNow(socket as never);
    expect(socket.calls).toEqual([]);
    connection.reconnectNow(socket as never, { restartAttempt: true });
    expect(socket.calls).toEqual(['disconnect', 'attempt']);
  });

  it('a socket that was stopped connects again', () => {
    const socket = asFake(connection.takeSocket().socket);
    socket.disconnect();
    connection.reconnectNow(socket as never);
    expect(socket.calls).toEqual(['disconnect', 'attempt']);
    expect(socket.active).toBe(true);
  });

  it('H-055: back online or back in view, the console tries at once; not while it may not connect, nor after it stops', () => {
    const socket = asFake(connection.takeSocket().socket);
    const page = handSignals();
    let mayConnect = true;
    const stop = connection.keepConnected(socket as never, () => mayConnect, page.signals);

    socket.failAttempt();
    page.fire('visible');
    expect(socket.calls).toEqual(['disconnect', 'attempt']);
    // An attempt is under way: being shown again does not restart it, the network coming back does.
    page.fire('visible');
    expect(socket.calls).toEqual(['disconnect', 'attempt']);
    page.fire('online');
    expect(socket.calls).toEqual(['disconnect', 'attempt', 'disconnect', 'attempt']);

    // Locked, outdated, too many windows: the console is not connected on purpose.
    socket.failAttempt();
    mayConnect = false;
    page.fire('online');
    expect(socket.calls).toHaveLength(4);

    mayConnect = true;
    stop();
    expect(page.isListening).toBe(false);
  });
});

describe('a connection the browser says has gone (H-059)', () => {
  it('H-059: when the browser goes offline, a connection that still looks open is closed at once, so the console says Offline and keeps changes', () => {
    const socket = asFake(connection.takeSocket().socket);
    const page = handSignals();
    connection.keepConnected(socket as never, () => true, page.signals);
    socket.succeed();
    page.fire('offline');
    expect(socket.calls).toContain('engine closed');
    // Already not connected: nothing to close.
    socket.calls.length = 0;
    socket.connected = false;
    page.fire('offline');
    expect(socket.calls).toEqual([]);
  });
});

describe('the backoff', () => {
  it('starts at about half a second and never waits more than 2 s', () => {
    const extremes = [0, 0.05, 0.1, 0.49, 0.5, 0.95, 0.9999];
    for (let attempt = 0; attempt < 40; attempt++) {
      for (const r of extremes) {
        const ms = connection.backoffDelayMs(attempt, () => r);
        expect(ms).toBeGreaterThanOrEqual(250);
        expect(ms).toBeLessThanOrEqual(2_000);
      }
    }
    expect(connection.backoffDelayMs(0, () => 0)).toBe(500);
    expect(connection.backoffDelayMs(10, () => 0)).toBe(2_000);
  });
});
