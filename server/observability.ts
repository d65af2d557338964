import { timingSafeEqual } from 'node:crypto';
import type { RequestHandler } from 'express';
import { liveAlerts } from '@shared/rules/alerts';
import type { TServices } from './services';
import type { TIoServer } from './socket';

/**
 * Where this server's metrics read from (R-OPS-METRICS): its own sockets, the event log's head, and the
 * alerts every console shows. The head is where this node's fan-out starts, so lag counts only what
 * was committed since.
 */
export function watchForMetrics(services: TServices, io: TIoServer): void {
  const { metrics, store } = services;
  void store.cases.headSeq().then((seq) => metrics.broadcast(seq));
  metrics.countConsoles(() => {
    const byRole: Record<string, number> = {};
    for (const socket of io.of('/').sockets.values()) {
      const role = socket.data.user?.role;
      if (role) byRole[role] = (byRole[role] ?? 0) + 1;
    }
    return byRole;
  });
  metrics.watch({
    headSeq: () => store.cases.headSeq(),
    oldestCriticalAlert: async () => {
      let oldest: number | null = null;
      for (const area of await store.areas.list()) {
        const [cards, units] = await Promise.all([store.cases.listOpen(area.id), store.units.list(area.id)]);
        for (const alert of liveAlerts(cards, units)) {
          if (alert.severity !== 'critical' || alert.acknowledgedAt) continue;
          const at = Date.parse(alert.raisedAt);
          if (oldest === null || at < oldest) oldest = at;
        }
      }
      return oldest === null ? null : new Date(oldest);
    },
  });
}

/**
 * `GET /metrics`: Prometheus text for a scraper holding CONCORDAT_METRICS_TOKEN (as a bearer token).
 * Without a configured token the route answers 404, as if it were not there; a wrong token gets 401.
 */
export function metricsRoute(services: TServices): RequestHandler {
  const expected = services.config.metricsToken ? Buffer.from(`Bearer ${services.config.metricsToken}`) : null;
  return (req, res) => {
    if (!expected) {
      res.status(404).json({ code: 'NOT_FOUND', message: 'Not found' });
      return;
    }
    const given = Buffer.from(req.headers.authorization ?? '');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      res.status(401).json({ code: 'UNAUTHENTICATED', message: 'The metrics need their bearer token' });
      return;
    }
    res.setHeader('Cache-Control', 'no-store');
    services.metrics.registry.metrics().then(
      (text) => res.type(services.metrics.registry.contentType).send(text),
      (err: unknown) => {
        services.logger.error({ err }, 'metrics could not be gathered');
        res.status(503).json({ code: 'UNAVAILABLE', message: 'Metrics could not be gathered; try again' });
      },
    );
  };
}
