import { createConnection, createServer, type Server, type Socket } from 'node:net';

/**
 * A mobile link between a tablet's browser and the server, for tests: a TCP relay on 127.0.0.1 that
 * delays and paces what passes through it, and can go silent without closing anything.
 *
 * Chromium's own network throttling does not reliably delay WebSocket frames, so the conditions are
 * applied here, below the browser, to every byte of HTTP and WebSocket alike.
 */
export interface TLinkConditions {
  /** Added to each direction, so the round trip gains twice this. */
  oneWayDelayMs: number;
  /** Bytes per second towards the browser and towards the server; 0 is unlimited. */
  downBytesPerSecond: number;
  upBytesPerSecond: number;
}

/** Chrome DevTools' "Fast 3G": 562.5 ms round trips, 1.6 Mbit/s down, 750 kbit/s up. */
export const FAST_3G: TLinkConditions = { oneWayDelayMs: 281, downBytesPerSecond: 180_000, upBytesPerSecond: 84_000 };
export const UNTHROTTLED: TLinkConditions = { oneWayDelayMs: 0, downBytesPerSecond: 0, upBytesPerSecond: 0 };

export interface TSlowLink {
  url: string;
  port: number;
  /** From now on, for new bytes on every connection. */
  setConditions: (conditions: TLinkConditions) => void;
  /**
   * The link goes silent, as when a mobile network drops a tablet's connection without telling either end
   * (a lost NAT mapping, a change of cell): every connection open now stays open but nothing on it ever
   * arrives again. Connections made while silent wait, as a TCP handshake retried by the device would.
   */
  goSilent: () => void;
  /** New connections (and those that waited) work again; the connections that went silent stay dead. */
  restore: () => void;
  close: () => Promise<void>;
}

interface TPipe {
  /** Delivers bytes in order, none before its time. */
  send: (chunk: Buffer) => void;
}

/** One direction of one connection: each chunk leaves after the delay and after the ones before it are paced out. */
function pipe(to: Socket, conditions: () => TLinkConditions, direction: 'up' | 'down'): TPipe {
  let lastLeavesAt = 0;
  return {
    send(chunk) {
      const { oneWayDelayMs, upBytesPerSecond, downBytesPerSecond } = conditions();
      const rate = direction === 'up' ? upBytesPerSecond : downBytesPerSecond;
      const transferMs = rate > 0 ? (chunk.length / rate) * 1000 : 0;
      const leavesAt = Math.max(Date.now() + oneWayDelayMs, lastLeavesAt) + transferMs;
      lastLeavesAt = leavesAt;
      setTimeout(() => {
        if (!to.destroyed) to.write(chunk);
      }, leavesAt - Date.now());
    },
  };
}

export async function startSlowLink(targetPort: number, port: number): Promise<TSlowLink> {
  let conditions: TLinkConditions = UNTHROTTLED;
  let isSilent = false;
  /** Connections open when the link went silent: they never carry anything again. */
  const dead = new Set<Socket>();
  const open = new Set<Socket>();
  /** Connections made while silent, waiting for the link to return. */
  const waiting: (() => void)[] = [];

  const relay = (browserSide: Socket) => {
    const serverSide = createConnection({ host: '127.0.0.1', port: targetPort });
    open.add(browserSide);
    const up = pipe(serverSide, () => conditions, 'up');
    const down = pipe(browserSide, () => conditions, 'down');
    browserSide.on('data', (chunk) => {
      if (!dead.has(browserSide)) up.send(chunk);
    });
    serverSide.on('data', (chunk) => {
      if (!dead.has(browserSide)) down.send(chunk);
    });
    const closeBoth = () => {
      open.delete(browserSide);
      dead.delete(browserSide);
      browserSide.destroy();
      serverSide.destroy();
    };
    // A dead connection's end is not passed on either: neither side learns that the other has gone.
    browserSide.on('close', () => {
      // The browser gave up on it: the server's end stays open until its own heartbeat notices.
      if (dead.has(browserSide)) open.delete(browserSide);
      else closeBoth();
    });
    serverSide.on('close', () => {
      if (!dead.has(browserSide)) closeBoth();
    });
    browserSide.on('error', () => undefined);
    serverSide.on('error', () => undefined);
  };

  const server: Server = createServer((browserSide) => {
    if (!isSilent) return relay(browserSide);
    browserSide.pause();
    browserSide.on('error', () => undefined);
    waiting.push(() => {
      if (browserSide.destroyed) return;
      relay(browserSide);
      browserSide.resume();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    setConditions: (next) => {
      conditions = next;
    },
    goSilent: () => {
      isSilent = true;
      for (const socket of open) dead.add(socket);
    },
    restore: () => {
      isSilent = false;
      for (const start of waiting.splice(0)) start();
    },
    close: async () => {
      for (const socket of open) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
