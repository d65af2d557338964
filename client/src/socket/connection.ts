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

function createSocket(): TClientSocket {
  return io({
    auth: { protocolVersion: PROTOCOL_VERSION },
    transports: ['websocket', 'polling'],
    withCredentials: true,
  });
}

let early: { socket: TClientSocket; handshake: THandshake | null } | null = null;

/**
 * Opens the live connection at page load, in parallel with the session check, so a console on a slow
 * link is live one round trip sooner. If there is no session the server refuses it and it is dropped.
 */
export function connectEarly(): void {
  const socket = createSocket();
  const entry = { socket, handshake: null as THandshake | null };
  early = entry;
  socket.once('session:ready', (h) => {
    entry.handshake = h;
  });
  socket.once('connect_error', () => {
    socket.disconnect();
    if (early === entry) early = null;
  });
}

/** A socket opened before someone logged in carries no session: never adopt it after a login. */
export function discardEarlySocket(): void {
  early?.socket.disconnect();
  early = null;
}

/** The early socket if it is still usable, otherwise a new one; with the handshake if it already came. */
export function takeSocket(): { socket: TClientSocket; handshake: THandshake | null } {
  const taken =
    early && (early.socket.connected || early.socket.active) ? early : { socket: createSocket(), handshake: null };
  early = null;
  return taken;
}
