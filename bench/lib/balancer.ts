import { connect, createServer, type Server, type Socket } from 'node:net';

/**
 * A small TCP load balancer on 127.0.0.1 for the failover drill, standing in for the nginx or HAProxy of
 * docs/deploy/: each new connection goes to the next backend in turn; a backend that refuses a
 * connection is passed over (as a health check would mark it down) and the next one tried.
 */
export async function startBalancer(
  backends: readonly number[],
): Promise<{ port: number; close: () => Promise<void> }> {
  let next = 0;
  const open = new Set<Socket>();
  const server: Server = createServer((client) => {
    open.add(client);
    client.once('close', () => open.delete(client));
    client.pause();
    const attempt = (tried: number) => {
      if (tried >= backends.length) return void client.destroy();
      const port = backends[next++ % backends.length] ?? 0;
      const upstream = connect(port, '127.0.0.1');
      let isConnected = false;
      upstream.on('error', () => (isConnected ? client.destroy() : attempt(tried + 1)));
      upstream.once('connect', () => {
        isConnected = true;
        open.add(upstream);
        upstream.once('close', () => {
          open.delete(upstream);
          client.destroy();
        });
        client.once('close', () => upstream.destroy());
        client.on('error', () => upstream.destroy());
        client.pipe(upstream);
        upstream.pipe(client);
        client.resume();
      });
    };
    attempt(0);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  return {
    port: typeof address === 'object' && address ? address.port : 0,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of open) s.destroy();
        server.close(() => resolve());
      }),
  };
}
