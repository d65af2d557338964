import { WebSocketServer, type WebSocket } from 'ws';
import { serveHarness } from '../lib/processes';

/**
 * The baseline: a bare `ws` server. Every message a client sends is broadcast, byte for byte, to every
 * other client — the least work a fan-out server can do.
 */
const wss = new WebSocketServer({ host: '127.0.0.1', port: Number(process.env.PORT ?? 0) });
wss.on('connection', (socket: WebSocket) => {
  socket.on('message', (data, isBinary) => {
    for (const client of wss.clients) if (client !== socket) client.send(data, { binary: isBinary });
  });
});
wss.on('listening', () => {
  const address = wss.address();
  serveHarness(
    typeof address === 'object' && address ? address.port : 0,
    () => new Promise((r) => wss.close(() => r())),
  );
});
