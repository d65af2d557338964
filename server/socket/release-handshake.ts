import type { IncomingMessage } from 'node:http';

/** What releasing needs of a socket.io socket: its engine connection's request and its handshake's headers. */
interface TReleasable {
  conn: { request: IncomingMessage };
  handshake: { headers: object };
}

/**
 * engine.io 6.6 listens for the TCP socket's `close` to emit it on a stand-in response it builds for
 * middlewares on the upgrade (`WebSocketResponse`); that listener keeps the upgrade request alive for as
 * long as the connection lasts. Concordat registers no engine middlewares, so nothing listens on it.
 */
const ENGINE_UPGRADE_RESPONSE_CLOSE = '() => this.emit("close")';

/**
 * Once a console is authenticated and its address worked out, nothing reads the HTTP request its
 * connection was opened with. socket.io's performance guide releases it (`conn.request = null`); here the
 * handshake's copy of the headers goes too, and engine.io's own listener that would otherwise keep the
 * request (above). About 2 KB of heap a console (docs/PERFORMANCE.md, "Idle socket memory").
 */
export function releaseHandshakeRequest(socket: TReleasable): void {
  const request: IncomingMessage | null = socket.conn.request;
  if (!request) return;
  // Only an upgrade has the listener; a long-polling request's connection may be gone already.
  const tcp = request.socket as IncomingMessage['socket'] | null;
  for (const listener of tcp?.listeners('close') ?? []) {
    if (String(listener) === ENGINE_UPGRADE_RESPONSE_CLOSE) tcp?.removeListener('close', listener as () => void);
  }
  (socket.conn as { request: IncomingMessage | null }).request = null;
  socket.handshake.headers = {};
}
