import { createServer } from 'node:http';
import { Server } from 'socket.io';
import { serveHarness } from '../lib/processes';

/** socket.io with nothing of ours: no auth, no rooms, no handlers — the floor our server sits on. */
const httpServer = createServer();
const io = new Server(httpServer, { serveClient: false });
io.on('connection', () => undefined);
httpServer.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  const address = httpServer.address();
  serveHarness(typeof address === 'object' && address ? address.port : 0, () => io.close());
});
