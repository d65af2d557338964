import { existsSync } from 'node:fs';
import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import compression from 'compression';
import express from 'express';
import helmet from 'helmet';
import type { TStore } from '@db/repositories';
import { openStore } from '@db/open-store';
import { joinCluster } from './cluster';
import { createMetrics } from './metrics';
import { createDisclosureLog } from './audit/disclosures';
import { createBroadcaster } from './broadcaster';
import type { TConfig } from './config';
import { createApiRouter } from './http/routes';
import { CHAIN_HEAD_LOG_MS, createChainHeadLog } from './jobs/chain-heads';
import { escalateUnacknowledgedAlerts } from './jobs/alert-escalation';
import { raiseDueAlerts } from './jobs/detention-alerts';
import { escalateOverdueDispatches } from './jobs/dispatch-escalation';
import { expireDueHolds } from './jobs/hold-expiry';
import { createLogger } from './logger';
import { metricsRoute, watchForMetrics } from './observability';
import { createServices, systemClock, type TInstance, type TServices } from './services';
import { attachSocketHandlers, connectedSessions, createSocketServer, type TIoServer } from './socket';
import { closeEndedConsoles, SESSION_WATCH_MS } from './socket/session-watch';

const CLIENT_DIST = fileURLToPath(new URL('../dist/client', import.meta.url));
/** How long a stop waits for requests in flight before it closes their connections. */
const CLOSE_GRACE_MS = 3_000;
/** Expired sessions are deleted and idle ones marked locked this often (their consoles close within a second: socket/session-watch.ts). */
const SESSION_SWEEP_MS = 15_000;
/** How often a node tells the others what its rate limits let through (server/limits/rate-limiter.ts). */
const SHARE_SPENT_MS = 1_000;

export interface TRunningApp {
  url: string;
  port: number;
  services: TServices;
  io: TIoServer;
  httpServer: HttpServer;
  close(): Promise<void>;
}

/** The WebSocket origins of the allowed browser origins (http → ws, https → wss), for `connect-src`. */
export function socketOrigins(allowedOrigins: readonly string[]): string[] {
  return allowedOrigins.filter((o) => /^https?:\/\//.test(o)).map((o) => o.replace(/^http/, 'ws'));
}

/**
 * Security headers from helmet, with a policy that allows exactly what the console loads: its own
 * scripts and styles, images and the MFA QR code as data: URLs, and its own socket (`connect-src` is
 * this origin and the WebSocket form of the allowed origins, never any host). Upgrading requests
 * to https is left to the deployment (a tablet on the LAN may reach a plain-http server); HSTS is sent
 * only when the cookie is marked Secure, that is behind HTTPS.
 */
function securityHeaders(config: TConfig, allowedOrigins: () => readonly string[]) {
  const helmetHeaders = helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        connectSrc: ["'self'", () => socketOrigins(allowedOrigins()).join(' ')],
        // The area's map tiles, when it has a tile service (CONCORDAT_MAP_TILES).
        imgSrc: [
          "'self'",
          'data:',
          ...(config.map.tiles ? [new URL(config.map.tiles.replace(/[{}]/g, '')).origin] : []),
        ],
        styleSrc: ["'self'", "'unsafe-inline'"],
        scriptSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
    referrerPolicy: { policy: 'no-referrer' },
    xFrameOptions: { action: 'deny' },
    strictTransportSecurity: config.isCookieSecure ? { maxAge: 31_536_000 } : false,
  });
  // Crews share their location from the tablet; nothing else of the device is used. Helmet 8 has no
  // Permissions-Policy option (the header's syntax is still moving), so it is set here.
  return (req: express.Request, res: express.Response, next: express.NextFunction) => {
    res.setHeader('Permissions-Policy', 'geolocation=(self), camera=(), microphone=(), payment=(), usb=()');
    helmetHeaders(req, res, next);
  };
}

/**
 * Builds and starts the whole server: store, HTTP API, static client, socket.io. Tests call this with
 * port 0 and a temporary database; `server/main.ts` calls it for real.
 */
export async function startApp(
  config: TConfig,
  options: {
    store?: TStore;
    now?: () => Date;
    /** Start-up work between opening the store and being ready: the demo seed, setup mode. */
    prepare?: (services: TServices, address: { port: number; url: string }) => Promise<void>;
  } = {},
): Promise<TRunningApp> {
  const logger = createLogger(config.logLevel);
  const store = options.store ?? (await openStore(config));
  const now = options.now ?? systemClock;
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', config.trustProxy);
  app.use(securityHeaders(config, () => allowedOrigins));
  // Gzip for the client bundle and JSON: on a 3G tablet the bundle is most of the wait.
  app.use(compression());
  const httpServer = createServer(app);
  // Node closes an idle kept-alive connection after 5 s; a client sending on it just then gets a reset
  // (seen as ECONNRESET in a test that polled after a 5 s pause). Longer than the usual 60 s idle timeout
  // of a proxy or load balancer in front, so the server is never the one to close a connection in use.
  httpServer.keepAliveTimeout = 65_000;
  httpServer.headersTimeout = 66_000;

  let allowedOrigins: string[] = config.allowedOrigins;
  const io = createSocketServer(httpServer, () => allowedOrigins);
  // On PostgreSQL the nodes are linked, so a change on any of them reaches every console (R-OPS-CLUSTER).
  const cluster = config.databaseUrl ? joinCluster(io, config.databaseUrl, config.nodeName, logger) : null;
  const instance: TInstance = { mode: 'live', isReady: false, setupToken: null };
  const disclosures = createDisclosureLog(store, now, logger);
  const ownBroadcaster = createBroadcaster(io, disclosures);
  const metrics = createMetrics({ node: config.nodeName, now });
  const services = createServices(config, store, {
    metrics,
    broadcaster: cluster ? cluster.broadcaster(ownBroadcaster, (seq) => metrics.broadcast(seq)) : ownBroadcaster,
    disclosures,
    logger,
    now,
    instance,
  });
  const stopSocketHandlers = attachSocketHandlers(io, services, cluster ?? undefined);
  watchForMetrics(services, io);

  // Answers about people are never kept by a browser or a proxy cache.
  app.use('/api', (_req, res, next) => {
    res.setHeader('Cache-Control', 'no-store');
    next();
  });
  // Abuse limits: writes per session and address; FORBIDDEN and RATE_LIMITED answers logged.
  app.use('/api', services.limits.http);
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
  app.use(
    '/api/v1',
    createApiRouter(services, { onLogout: (hash) => services.broadcaster.endSessions([hash], 'logged-out') }),
  );
  app.get('/metrics', metricsRoute(services));
  // Liveness: the process answers. Readiness: migrations, seeding and the jobs' first pass are done.
  app.get('/healthz', (_req, res) => {
    res.json({ ok: true });
  });
  app.get('/readyz', (_req, res) => {
    res.status(instance.isReady ? 200 : 503).json({ ok: instance.isReady, mode: instance.mode });
  });

  // Source maps stay on the build machine: the built scripts do not name them and they are not served.
  // Checked on the decoded path, as the static handler will read it ("…js.m%61p" is a map too).
  app.use((req, res, next) => (isSourceMapPath(req.path) ? res.status(404).end() : next()));
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

  if (options.prepare) {
    try {
      await options.prepare(services, { port, url: `http://127.0.0.1:${port}` });
    } catch (error) {
      const cleanUp = async () => {
        stopSocketHandlers();
        await io.close();
        await cluster?.close();
        await disclosures.close();
        await store.close();
      };
      // A node that cannot start says why and stops, even when closing a connection hangs (a cluster's
      // listener on a database that is going away): it waits at most 5 s for the clean-up.
      await Promise.race([
        cleanUp().catch(() => undefined),
        new Promise((resolve) => setTimeout(resolve, 5000).unref()),
      ]);
      throw error;
    }
  }

  // Legal clocks and held places: check at start (a restart must not miss one) and then on an interval.
  // Each job's pass is timed for the metrics: a job that stops finishing shows as growing lag.
  const job = (name: string, failed: string, pass: (s: TServices) => Promise<unknown>) =>
    pass(services).then(
      () => services.metrics.jobRan(name, now()),
      (err: unknown) => logger.error({ err }, failed),
    );
  // Every job counts from start-up, so one that never finishes a pass shows as growing lag too.
  for (const name of ['legal-clock-alerts', 'hold-expiry', 'dispatch-escalation', 'alert-escalation'])
    services.metrics.jobRan(name, now());
  const checkAlerts = () =>
    Promise.all([
      job('legal-clock-alerts', 'alert check failed', raiseDueAlerts),
      job('hold-expiry', 'hold expiry failed', expireDueHolds),
      job('dispatch-escalation', 'dispatch escalation failed', escalateOverdueDispatches),
      job('alert-escalation', 'alert escalation failed', escalateUnacknowledgedAlerts),
    ]);
  await checkAlerts();
  // The audit logs' heads go to the log at start (once start-up's disclosures are written), every ten
  // minutes when they moved, and at a clean stop, so a copy lives away from the database (R-IG-AUDIT).
  const logChainHeads = createChainHeadLog(services);
  const noteHeads = () =>
    logChainHeads().catch((err: unknown) => logger.error({ err }, 'logging the audit chain heads failed'));
  await disclosures.flush();
  await noteHeads();
  instance.isReady = true;
  const alerts = setInterval(() => void checkAlerts(), config.alertIntervalMs);
  alerts.unref();
  const heads = setInterval(() => void noteHeads(), CHAIN_HEAD_LOG_MS);
  heads.unref();

  const sweep = setInterval(() => {
    sweepSessions(services, io).catch((err: unknown) => logger.error({ err }, 'session sweep failed'));
  }, SESSION_SWEEP_MS);
  sweep.unref();
  // Consoles of sessions that expired, locked, or were ended elsewhere close within a second.
  const watch = setInterval(() => {
    closeEndedConsoles(services, io).catch((err: unknown) => logger.error({ err }, 'session watch failed'));
  }, SESSION_WATCH_MS);
  watch.unref();
  // Rate limits hold across nodes: each tells the others what it let through (server/limits/rate-limiter.ts).
  cluster?.onSpent((spent) => services.limits.spentElsewhere(spent));
  const shareSpent = setInterval(() => {
    const spent = services.limits.spentHere();
    if (spent) cluster?.shareSpent(spent);
  }, SHARE_SPENT_MS);
  shareSpent.unref();

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    services,
    io,
    httpServer,
    async close() {
      clearInterval(sweep);
      clearInterval(watch);
      clearInterval(alerts);
      clearInterval(heads);
      clearInterval(shareSpent);
      // Requests in flight get a moment to finish; a connection still open after it (a client that never
      // read its answer, a stalled upload) is cut, so a stop or a deploy never hangs on one.
      const cut = setTimeout(() => httpServer.closeAllConnections(), CLOSE_GRACE_MS);
      stopSocketHandlers();
      await io.close();
      clearTimeout(cut);
      await cluster?.close();
      await disclosures.close();
      await noteHeads();
      await store.close();
    },
  };
}

/**
 * Sessions over time: expired ones end, idle ones lock, sign-in attempts past their window are
 * forgotten, and consoles whose session was ended elsewhere (the administration command line, another
 * server) are closed.
 */
export async function sweepSessions(services: TServices, io: TIoServer): Promise<void> {
  services.broadcaster.endSessions(await services.sessions.sweepExpired(), 'expired');
  await services.signInLimiter.forgetOld(services.now());
  services.broadcaster.lockSessions(await services.sessions.lockIdle());
  const connected = connectedSessions(io);
  const live = await services.store.sessions.existing(connected);
  services.broadcaster.endSessions(
    connected.filter((h) => !live.has(h)),
    'revoked',
  );
}

/** A request for a source map, however its path is encoded; an undecodable path is left to the 400 handler. */
export function isSourceMapPath(path: string): boolean {
  try {
    return decodeURIComponent(path).toLowerCase().endsWith('.map');
  } catch {
    return false;
  }
}
