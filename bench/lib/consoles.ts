import { io, type Socket } from 'socket.io-client';
import { PROTOCOL_VERSION, type TClientToServerEvents, type TServerToClientEvents } from '@shared/protocol';

export type TConsoleSocket = Socket<TServerToClientEvents, TClientToServerEvents>;
export const DEMO_PASSWORD = 'crisis-care-demo';

/** Logs in over HTTP as a browser would; returns the session cookie. */
export async function login(url: string, username: string): Promise<string> {
  const res = await fetch(`${url}/api/v1/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: url },
    body: JSON.stringify({ username, password: DEMO_PASSWORD }),
  });
  const cookie = res.headers.get('set-cookie')?.split(';')[0];
  if (!res.ok || !cookie) throw new Error(`login ${username} failed (${res.status})`);
  return cookie;
}

/** A console socket authenticated with a session cookie; resolves once the server says it is ready. */
export function openConsole(
  url: string,
  cookie: string,
  options: { reconnection?: boolean; reconnectionDelay?: number; reconnectionDelayMax?: number } = {},
): Promise<TConsoleSocket> {
  const socket: TConsoleSocket = io(url, {
    transports: ['websocket'],
    forceNew: true,
    reconnection: options.reconnection ?? false,
    reconnectionDelay: options.reconnectionDelay ?? 250,
    reconnectionDelayMax: options.reconnectionDelayMax ?? 1000,
    auth: { protocolVersion: PROTOCOL_VERSION },
    extraHeaders: { cookie, origin: url },
  });
  return new Promise((resolve, reject) => {
    socket.once('session:ready', () => resolve(socket));
    socket.once('connect_error', (err) => reject(err));
  });
}

/** Opens `count` consoles, `batch` at a time so the server is not handed every handshake at once. */
export async function openConsoles(
  url: string,
  cookieFor: (i: number) => string,
  count: number,
  options: Parameters<typeof openConsole>[2] = {},
  batch = 100,
): Promise<TConsoleSocket[]> {
  const sockets: TConsoleSocket[] = [];
  for (let i = 0; i < count; i += batch) {
    const size = Math.min(batch, count - i);
    sockets.push(
      ...(await Promise.all(Array.from({ length: size }, (_, j) => openConsole(url, cookieFor(i + j), options)))),
    );
  }
  return sockets;
}

export function closeAll(sockets: readonly { disconnect(): unknown }[]): void {
  for (const s of sockets) s.disconnect();
}
