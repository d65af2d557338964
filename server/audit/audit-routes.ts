import express from 'express';
import { requireUser, userOf } from '../http/respond';
import type { TServices } from '../services';
import { exportAccessLogCsv, searchAccessLog } from './audit-queries';

/**
 * The audit viewer's API (R-IG-AUDIT): `GET /audit/access` (a page, newest first) and
 * `GET /audit/access.csv` (the whole search as a spreadsheet). The IG lead and duty managers only, their
 * own area only; every search and export is itself in the access log.
 */
export function createAuditRouter(services: TServices) {
  const router = express.Router();
  const user = requireUser(services);

  router.get('/audit/access', user, async (req, res) => {
    res.json(await searchAccessLog(services, userOf(res), req.query));
  });

  router.get('/audit/access.csv', user, async (req, res) => {
    const { csv } = await exportAccessLogCsv(services, userOf(res), req.query);
    const day = services.now().toISOString().slice(0, 10);
    res.type('text/csv').attachment(`access-log-${day}.csv`).send(csv);
  });

  return router;
}
