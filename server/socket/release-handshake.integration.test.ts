import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { serversOnAClock, until } from '../test-support';

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
    const socket = await server.connect(await server.login('operator'), { transport: 'polling' });
    expect(socket.io.engine.transport.name).toBe('polling');
    const sync = await socket.emitWithAck('sync:since', { afterSeq: 0 });
    expect(sync.ok).toBe(true);
  });

  it('the limits keep counting it under its address, worked out before the request went (behind a trusted proxy)', async () => {
    const server = await servers.at({ now: Date.parse('2026-12-01T09:00:00Z') }, undefined, {
      env: { CONCORDAT_TRUST_PROXY: 'loopback' },
    });
    await server.connect(await server.login('operator'), { headers: { 'x-forwarded-for': '203.0.113.9' } });
    const [connected] = await server.app.io.fetchSockets();
    expect(connected?.data.address).toBe('203.0.113.9');
    expect(connected?.handshake.headers).toEqual({});
  });
});
