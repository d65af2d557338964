import express, { type NextFunction, type Request, type Response } from 'express';
import type { TAdminCommand } from '@shared/protocol';
import { canAdminister } from '@shared/rules/permissions';
import { ZHistoryQuery, ZImportRequest } from '@shared/schemas/account';
import { issuesFromZod } from '@shared/errors';
import { runAdminCommand } from '../commands/admin/run-admin-command';
import { guardCommand } from '../commands/guard-command';
import { importServices, importUsers } from '../import/imports';
import {
  adminHistory,
  crewCandidates,
  directory,
  getArea,
  listAccounts,
  listOrganisations,
  sessionsOf,
} from '../queries/admin';
import type { TServices } from '../services';
import { requireUser, sendAck, sendError, userOf } from './respond';

/**
 * Administration over HTTP: the area, organisations, accounts, sessions, imports and the history. Every
 * route under /admin is refused for every role but administrators before anything else happens.
 */
export function createAdminRouter(services: TServices) {
  const router = express.Router();
  const user = requireUser(services);

  router.get('/directory', user, async (_req, res) => {
    res.json(await directory(services, userOf(res)));
  });

  router.get('/crew-candidates', user, async (_req, res) => {
    res.json({ candidates: await crewCandidates(services, userOf(res)) });
  });

  const adminOnly = (_req: Request, res: Response, next: NextFunction) => {
    if (!canAdminister(userOf(res).role)) {
      return sendError(res, { code: 'FORBIDDEN', message: 'Only administrators can do this' });
    }
    next();
  };
  router.use('/admin', user, adminOnly);

  /** An administration command: the body, with the ids in the path added (they win). */
  const command =
    (name: TAdminCommand, successStatus = 200, fromPath: (req: Request) => object = () => ({})) =>
    async (req: Request, res: Response) => {
      const body: unknown = req.body ?? {};
      const payload = typeof body === 'object' && body !== null ? { ...body, ...fromPath(req) } : body;
      sendAck(res, await runAdminCommand(services, userOf(res), name, payload), successStatus);
    };
  const userId = (req: Request) => ({ userId: String(req.params.id) });

  router.get('/admin/area', async (_req, res) => {
    res.json(await getArea(services, userOf(res)));
  });
  router.patch('/admin/area', command('area:update'));

  router.get('/admin/organisations', async (_req, res) => {
    res.json({ organisations: await listOrganisations(services, userOf(res)) });
  });
  router.post('/admin/organisations', command('organisation:create', 201));
  router.patch(
    '/admin/organisations/:id',
    command('organisation:update', 200, (req) => ({ organisationId: String(req.params.id) })),
  );

  router.get('/admin/users', async (_req, res) => {
    res.json({ users: await listAccounts(services, userOf(res)) });
  });
  router.post('/admin/users', command('user:create', 201));
  router.patch('/admin/users/:id', command('user:update', 200, userId));
  router.post('/admin/users/:id/enabled', command('user:set-enabled', 200, userId));
  router.post('/admin/users/:id/temporary-password', command('user:set-temporary-password', 200, userId));
  router.post('/admin/users/:id/mfa-reset', command('user:reset-mfa', 200, userId));
  router.get('/admin/users/:id/sessions', async (req, res) => {
    res.json({ sessions: await sessionsOf(services, userOf(res), String(req.params.id)) });
  });
  router.post('/admin/users/:id/sessions/revoke', command('user:revoke-sessions', 200, userId));

  router.get('/admin/history', async (req, res) => {
    const query = ZHistoryQuery.safeParse(req.query);
    if (!query.success)
      return sendError(res, { code: 'VALIDATION', message: 'before must be a positive whole number' });
    res.json(await adminHistory(services, userOf(res), query.data.before ?? null));
  });

  /** A bulk import: dry run (a row-by-row report) or the real thing (all rows, or none). */
  const importRoute =
    (name: 'import:users' | 'import:services', run: typeof importUsers) => async (req: Request, res: Response) => {
      const current = userOf(res);
      const actor = { id: current.id, name: current.displayName, role: current.role };
      const parsed = ZImportRequest.safeParse(req.body);
      if (!parsed.success) {
        return sendError(res, {
          code: 'VALIDATION',
          message: 'Send the CSV text',
          issues: issuesFromZod(parsed.error),
        });
      }
      const ack = await guardCommand(
        services,
        current,
        name,
        ZImportRequest,
        canAdminister(current.role),
        parsed.data,
        (input) => run(services, current, actor, input),
      );
      sendAck(res, ack, ack.ok && ack.data.isApplied ? 201 : 200);
    };
  router.post('/admin/imports/users', importRoute('import:users', importUsers));
  router.post('/admin/imports/services', importRoute('import:services', importServices));

  return router;
}
