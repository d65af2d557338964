import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { io } from 'socket.io-client';
import { describe, expect, it } from 'vitest';
import { PROTOCOL_VERSION } from '@shared/protocol';
import { serversOnAClock, until, type TTestSocket } from '../test-support';

// A full garbage collection on demand, to see whether anything still holds the request.
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const servers = serversOnAClock();
const at = () => servers.at({ now: Date.parse('2026-12-01T09:00:00Z') });

describe('an authenticated console does not keep the request it connected with (idle socket memory)', () => {
  it('the upgrade request is collected once the console is ready', async () => {
    const server = await at();
    const requests: WeakRef<object>[] = [];
    server.app.io.engine.on('connection', (raw: { request: object }) => requests.push(new WeakRef(raw.request)));
    const { socket } = await server.consoleAs('operator');
    expect(socket.connected).toBe(true);
    expect(requests).toHaveLength(1);
    await until(() => {
      gc();
      return requests[0]?.deref() === undefined;
    });
    // Still a working console: it is answered after the request has gone.
    const sync = await socket.emitWithAck('sync:since', { afterSeq: 0 });
    expect(sync.ok).toBe(true);
  });

  it('a console on long-polling (a network that blocks WebSockets) works after its request is released', async () => {
    const server = await at();
    const cookie = await server.login('operator');
    const socket: TTestSocket = io(server.app.url, {
      transports: ['polling'],
      forceNew: true,
      reconnection: false,
      auth: { protocolVersion: PROTOCOL_VERSION },
      extraHeaders: { cookie, origin: server.origin },
    });
    try {
      await new Promise((resolve, reject) => {
        socket.once('session:ready', resolve);
        socket.once('connect_error', reject);
      });
      expect(socket.io.engine.transport.name).toBe('polling');
      const sync = await socket.emitWithAck('sync:since', { afterSeq: 0 });
      expect(sync.ok).toBe(true);
    } finally {
      socket.disconnect();
    }
  });

  it('the limits keep counting it under its address, worked out before the request went (behind a trusted proxy)', async () => {
    const server = await servers.at({ now: Date.parse('2026-12-01T09:00:00Z') }, undefined, {
      env: { CONCORDAT_TRUST_PROXY: 'loopback' },
    });
    const cookie = await server.login('operator');
    const socket: TTestSocket = io(server.app.url, {
      transports: ['websocket'],
      forceNew: true,
      reconnection: false,
      auth: { protocolVersion: PROTOCOL_VERSION },
      extraHeaders: { cookie, origin: server.origin, 'x-forwarded-for': '203.0.113.9' },
    });
    try {
      await new Promise((resolve, reject) => {
        socket.once('session:ready', resolve);
        socket.once('connect_error', reject);
      });
      const [connected] = await server.app.io.fetchSockets();
      expect(connected?.data.address).toBe('203.0.113.9');
      expect(connected?.handshake.headers).toEqual({});
    } finally {
      socket.disconnect();
    }
  });
});
