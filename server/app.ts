import { existsSync } from 'node:fs';
import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import compression from 'compression';
import express from 'express';
import type { TStore } from '@db/repositories';
import { createSqliteStore } from '@db/sqlite/sqlite-store';
import { createSessionService } from './auth/sessions';
import { createBroadcaster } from './broadcaster';
import type { TConfig } from './config';
import { createApiRouter } from './http/routes';
import { raiseDueAlerts } from './jobs/detention-alerts';
import { escalateOverdueDispatches } from './jobs/dispatch-escalation';
import { expireDueHolds } from './jobs/hold-expiry';
import { createLogger } from './logger';
import { newUuid, systemClock, type TServices } from './services';
import { attachSocketHandlers, createSocketServer, endSessionSockets, type TIoServer } from './socket';

const CLIENT_DIST = fileURLToPath(new URL('../dist/client', import.meta.url));
const SESSION_SWEEP_MS = 30_000;

export interface TRunningApp {
  url: string;
  port: number;
  services: TServices;
  io: TIoServer;
  httpServer: HttpServer;
  close(): Promise<void>;
}

function securityHeaders(_req: express.Request, res: express.Response, next: express.NextFunction): void {
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('X-Frame-Options', 'DENY');
  res.setHeader(
    'Content-Security-Policy',
    "default-src 'self'; connect-src 'self' ws: wss:; img-src 'self' data:; style-src 'self' 'unsafe-inline'; frame-ancestors 'none'",
  );
  next();
}

/**
 * Builds and starts the whole server: store, HTTP API, static client, socket.io. Tests call this with
 * port 0 and a temporary database; `server/main.ts` calls it for real.
 */
export async function startApp(
  config: TConfig,
  options: { store?: TStore; now?: () => Date } = {},
): Promise<TRunningApp> {
  const logger = createLogger(config.logLevel);
  const store = options.store ?? createSqliteStore(config.databasePath);
  const now = options.now ?? systemClock;
  const app = express();
  app.disable('x-powered-by');
  app.use(securityHeaders);
  // Gzip for the client bundle and JSON: on a 3G tablet the bundle is most of the wait.
  app.use(compression());
  const httpServer = createServer(app);

  let allowedOrigins: string[] = config.allowedOrigins;
  const io = createSocketServer(httpServer, () => allowedOrigins);
  const services: TServices = {
    config,
    store,
    sessions: createSessionService(store, { shift: config.sessionHours, board: config.boardSessionHours }, now),
    broadcaster: createBroadcaster(io),
    logger,
    now,
    newId: newUuid,
  };
  attachSocketHandlers(io, services);

  // State-changing HTTP requests from a foreign page are refused like foreign sockets (SPEC S-11).
  app.use('/api', (req, res, next) => {
    if (
      req.method !== 'GET' &&
      req.method !== 'HEAD' &&
      !allowedOrigins.includes(req.headers.origin ?? '') &&
      req.headers.origin
    ) {
      res.status(403).json({ code: 'FORBIDDEN', message: 'Origin not allowed' });
      return;
    }
    next();
  });
  app.use('/api/v1', createApiRouter(services, { onLogout: (hash) => endSessionSockets(io, hash, 'logged-out') }));
  app.get('/healthz', (_req, res) => {
    res.json({ ok: true });
  });

  if (existsSync(CLIENT_DIST)) {
    app.use(
      express.static(CLIENT_DIST, {
        index: false,
        maxAge: '1h',
        // The service worker must be checked for a new build on every visit.
        setHeaders: (res, path) => {
          if (path.endsWith('sw.js')) res.setHeader('Cache-Control', 'no-cache');
        },
      }),
    );
    app.get(/^\/(?!api\/|socket\.io\/).*/, (_req, res) => res.sendFile(`${CLIENT_DIST}/index.html`));
  } else {
    app.get('/', (_req, res) => {
      res.type('text').send('Client not built: run `npm run build` (npm start does this for you).');
    });
  }

  await new Promise<void>((resolve) => httpServer.listen(config.port, config.host, resolve));
  const port = (httpServer.address() as AddressInfo).port;
  if (allowedOrigins.length === 0) {
    allowedOrigins = [`http://localhost:${port}`, `http://127.0.0.1:${port}`];
  }

  // Legal clocks and held places: check at start (a restart must not miss one) and then on an interval.
  const checkAlerts = () => {
    raiseDueAlerts(services).catch((err: unknown) => logger.error({ err }, 'alert check failed'));
    expireDueHolds(services).catch((err: unknown) => logger.error({ err }, 'hold expiry failed'));
    escalateOverdueDispatches(services).catch((err: unknown) => logger.error({ err }, 'dispatch escalation failed'));
  };
  checkAlerts();
  const alerts = setInterval(checkAlerts, config.alertIntervalMs);
  alerts.unref();

  const sweep = setInterval(() => {
    services.sessions
      .sweepExpired()
      .then((hashes) => hashes.forEach((h) => endSessionSockets(io, h, 'expired')))
      .catch((err: unknown) => logger.error({ err }, 'session sweep failed'));
  }, SESSION_SWEEP_MS);
  sweep.unref();

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    services,
    io,
    httpServer,
    async close() {
      clearInterval(sweep);
      clearInterval(alerts);
      await io.close();
      store.close();
    },
  };
}
