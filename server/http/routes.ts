import express, { type NextFunction, type Request, type Response } from 'express';
import type { TAck } from '@shared/errors';
import type { THandoverCommand, TServiceCommand, TUnitCommand } from '@shared/protocol';
import { ZOccupancyRange } from '@shared/schemas/board';
import type { TCaseCommand } from '@shared/rules/permissions';
import { createAuditRouter } from '../audit/audit-routes';
import { asDomainError } from '../commands/guard-command';
import { runCommand } from '../commands/run-command';
import { listIncoming } from '../queries/incoming';
import { homeOfficeReturn, homeOfficeValidation, readReport, reportCards } from '../queries/reports';
import { listClosedCases, personHistory, printedRecord, searchCases, shiftHandover } from '../queries/person';
import { caseResponseIntervals, listUnits } from '../queries/units';
import { boardSummary, capacityHistory, getService, listServices } from '../queries/capacity';
import { changesSince, getCaseWithTimeline, listDetentions, listOpenCases } from '../queries/cases';
import type { TServices } from '../services';
import { createAdminRouter } from './admin-routes';
import { bodyError, requireJsonBody, verifyUtf8, refuseNul } from './bodies';
import { buildOpenApiDocument } from './openapi';
import { requireUser as requireActiveUser, sendError, userOf } from './respond';
import { createSessionRouter } from './session-routes';

/** HTTP API under /api/v1. Routes are thin: parse → authorise → one command or query → respond. */
export function createApiRouter(services: TServices, hooks: { onLogout: (tokenHash: string) => void }) {
  const router = express.Router();
  const openApi = buildOpenApiDocument();
  // Imports carry a spreadsheet; every other body is small.
  const smallJson = express.json({ limit: '100kb', verify: verifyUtf8, reviver: refuseNul });
  const importJson = express.json({ limit: '3mb', verify: verifyUtf8, reviver: refuseNul });
  router.use(requireJsonBody);
  router.use((req, res, next) => (req.path.startsWith('/admin/imports/') ? importJson : smallJson)(req, res, next));
  const requireUser = requireActiveUser(services);

  router.get('/openapi.json', (_req, res) => {
    res.json(openApi);
  });

  router.use(createSessionRouter(services, hooks));
  router.use(createAdminRouter(services));
  router.use(createAuditRouter(services));

  router.get('/cases', requireUser, async (_req, res) => {
    res.json(await listOpenCases(services, userOf(res)));
  });

  router.get('/cases/search', requireUser, async (req, res) => {
    res.json(await searchCases(services, userOf(res), req.query));
  });

  router.get('/cases/closed', requireUser, async (req, res) => {
    res.json(await listClosedCases(services, userOf(res), req.query));
  });

  router.get('/cases/:id/record', requireUser, async (req, res) => {
    res.json(await printedRecord(services, userOf(res), String(req.params.id)));
  });

  router.get('/handover', requireUser, async (_req, res) => {
    res.json(await shiftHandover(services, userOf(res)));
  });
  /** Handover notes (R-HANDOVER): the body is the command; a note id in the path is added to it. */
  const handoverCommand = (name: THandoverCommand) => async (req: Request, res: Response) => {
    const body: unknown = req.body ?? {};
    const fromPath = typeof req.params.noteId === 'string' ? { noteId: req.params.noteId } : {};
    const payload = typeof body === 'object' && body !== null ? { ...body, ...fromPath } : body;
    const ack: TAck<unknown> = await runCommand(services, userOf(res), name, payload);
    if (ack.ok) res.json(ack.data);
    else sendError(res, ack.error);
  };
  router.put('/handover/note', requireUser, handoverCommand('handover:write'));
  router.post('/handover/notes/:noteId/acknowledge', requireUser, handoverCommand('handover:acknowledge'));

  router.get('/cases/:id/person', requireUser, async (req, res) => {
    res.json(await personHistory(services, userOf(res), String(req.params.id)));
  });

  router.get('/cases/incoming', requireUser, async (_req, res) => {
    res.json(await listIncoming(services, userOf(res)));
  });

  router.get('/cases/:id', requireUser, async (req, res) => {
    res.json(await getCaseWithTimeline(services, userOf(res), String(req.params.id)));
  });

  /** What a console missed since a sequence (the same as the socket's sync:since). */
  router.get('/events', requireUser, async (req, res) => {
    const afterSeq = Number(req.query.after ?? 0);
    if (!Number.isInteger(afterSeq) || afterSeq < 0) {
      return sendError(res, { code: 'VALIDATION', message: 'after must be a whole number' });
    }
    res.json(await changesSince(services, userOf(res), afterSeq));
  });

  /** A command route: the body is the socket payload; ids in the path are added to it. */
  const command =
    (name: TCaseCommand, successStatus = 200) =>
    async (req: Request, res: Response) => {
      const body: unknown = req.body ?? {};
      const fromPath = {
        ...(typeof req.params.id === 'string' ? { caseId: req.params.id } : {}),
        ...(typeof req.params.alertId === 'string' ? { alertId: req.params.alertId } : {}),
        ...(typeof req.params.useId === 'string' ? { useId: req.params.useId } : {}),
      };
      const payload = typeof body === 'object' && body !== null ? { ...body, ...fromPath } : body;
      const ack: TAck<unknown> = await runCommand(services, userOf(res), name, payload);
      if (ack.ok) res.status(successStatus).json(ack.data);
      else sendError(res, ack.error);
    };

  router.post('/cases', requireUser, command('case:create', 201));
  router.patch('/cases/:id', requireUser, command('case:update'));
  router.post('/cases/:id/notes', requireUser, command('case:add-note'));
  router.post('/cases/:id/ownership', requireUser, command('case:take-ownership'));
  router.post('/cases/:id/contact-lost', requireUser, command('case:mark-contact-lost'));
  router.post('/cases/:id/contact-restored', requireUser, command('case:restore-contact'));
  router.post('/cases/:id/close', requireUser, command('case:close'));
  router.post('/cases/:id/reopen', requireUser, command('case:reopen'));
  router.post('/cases/:id/detention', requireUser, command('case:detain'));
  router.post('/cases/:id/detention/place-of-safety', requireUser, command('case:choose-place-of-safety'));
  router.post('/cases/:id/detention/arrival', requireUser, command('case:record-arrival'));
  router.post('/cases/:id/detention/welfare-checks', requireUser, command('case:record-welfare-check'));
  router.post('/cases/:id/detention/handover', requireUser, command('case:record-handover'));
  router.post('/cases/:id/detention/assessments', requireUser, command('case:record-assessment'));
  router.post('/cases/:id/detention/extension', requireUser, command('case:extend-detention'));
  router.post('/cases/:id/detention/end', requireUser, command('case:end-detention'));
  router.post('/cases/:id/alerts/:alertId/acknowledge', requireUser, command('case:acknowledge-alert'));
  router.post('/cases/:id/break-glass', requireUser, command('case:break-glass'));
  router.post('/cases/:id/break-glass/:useId/review', requireUser, command('case:review-break-glass'));
  router.post('/cases/:id/person-links', requireUser, command('case:decide-person-link'));

  // Reports (R-REPORT-*): aggregates for duty managers and commissioners; cards behind a figure and
  // the Home Office return for duty managers only.
  router.get('/reports', requireUser, async (req, res) => {
    res.json(await readReport(services, userOf(res), req.query));
  });
  router.get('/reports/cards', requireUser, async (req, res) => {
    res.json(await reportCards(services, userOf(res), req.query));
  });
  router.get('/reports/home-office-return/validation', requireUser, async (req, res) => {
    res.json(await homeOfficeValidation(services, userOf(res), req.query.year));
  });
  router.get('/reports/home-office-return.:format', requireUser, async (req, res) => {
    const format = req.params.format === 'xlsx' ? 'xlsx' : req.params.format === 'csv' ? 'csv' : null;
    if (!format) {
      sendError(res, { code: 'NOT_FOUND', message: 'The return is produced as .csv or .xlsx' });
      return;
    }
    const file = await homeOfficeReturn(services, userOf(res), req.query.year, format);
    res
      .type(format === 'csv' ? 'text/csv' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .attachment(file.fileName)
      .send(file.body);
  });

  router.get('/detentions', requireUser, async (req, res) => {
    const awaitingAssessment = req.query.awaiting === 'assessment';
    res.json({ detentions: await listDetentions(services, userOf(res), { awaitingAssessment }) });
  });

  /** A service command route: the ids in the path are added to the body. */
  const serviceCommand =
    (name: TServiceCommand, successStatus = 200) =>
    async (req: Request, res: Response) => {
      const body: unknown = req.body ?? {};
      const fromPath = {
        ...(typeof req.params.id === 'string' ? { serviceId: req.params.id } : {}),
        ...(typeof req.params.holdId === 'string' ? { holdId: req.params.holdId } : {}),
      };
      const payload = typeof body === 'object' && body !== null ? { ...body, ...fromPath } : body;
      const ack: TAck<unknown> = await runCommand(services, userOf(res), name, payload);
      if (ack.ok) res.status(successStatus).json(ack.data);
      else sendError(res, ack.error);
    };

  router.get('/services', requireUser, async (_req, res) => {
    res.json({ services: await listServices(services, userOf(res)) });
  });
  router.get('/services/:id', requireUser, async (req, res) => {
    res.json(await getService(services, userOf(res), String(req.params.id)));
  });
  router.post('/services', requireUser, serviceCommand('service:register', 201));
  router.patch('/services/:id', requireUser, serviceCommand('service:update-details'));
  router.put('/services/:id/totals', requireUser, serviceCommand('service:set-totals'));
  router.post('/services/:id/place-moves', requireUser, serviceCommand('service:move-places'));
  router.put('/services/:id/places', requireUser, serviceCommand('service:set-places'));
  router.post('/services/:id/status', requireUser, serviceCommand('service:set-status'));
  router.post('/services/:id/confirmations', requireUser, serviceCommand('service:confirm'));
  router.post('/services/:id/holds', requireUser, serviceCommand('hold:place', 201));
  router.post('/services/:id/holds/:holdId/accept', requireUser, serviceCommand('hold:accept'));
  router.post('/services/:id/holds/:holdId/decline', requireUser, serviceCommand('hold:decline'));
  router.post('/services/:id/holds/:holdId/arrival', requireUser, serviceCommand('hold:arrive'));
  router.post('/services/:id/holds/:holdId/release', requireUser, serviceCommand('hold:release'));

  /** A unit command route: the unit id in the path is added to the body. */
  const unitCommand =
    (name: TUnitCommand, successStatus = 200) =>
    async (req: Request, res: Response) => {
      const body: unknown = req.body ?? {};
      const payload =
        typeof body === 'object' && body !== null && typeof req.params.id === 'string'
          ? { ...body, unitId: req.params.id }
          : body;
      const ack: TAck<unknown> = await runCommand(services, userOf(res), name, payload);
      if (ack.ok) res.status(successStatus).json(ack.data);
      else sendError(res, ack.error);
    };

  router.get('/units', requireUser, async (_req, res) => {
    res.json({ units: await listUnits(services, userOf(res)) });
  });
  router.post('/units', requireUser, unitCommand('unit:register', 201));
  router.patch('/units/:id', requireUser, unitCommand('unit:update-details'));
  router.put('/units/:id/crew', requireUser, unitCommand('unit:set-crew'));
  router.post('/units/:id/shift', requireUser, unitCommand('unit:set-shift'));
  router.post('/units/:id/dispatch', requireUser, unitCommand('unit:dispatch'));
  router.post('/units/:id/accept', requireUser, unitCommand('unit:accept'));
  router.post('/units/:id/decline', requireUser, unitCommand('unit:decline'));
  router.post('/units/:id/status', requireUser, unitCommand('unit:set-status'));
  router.post('/units/:id/location', requireUser, unitCommand('unit:set-location'));
  router.post('/units/:id/sos', requireUser, unitCommand('unit:sos'));
  router.post('/units/:id/sos/acknowledge', requireUser, unitCommand('unit:acknowledge-sos'));
  router.post('/units/:id/stand-down', requireUser, unitCommand('unit:stand-down'));
  router.get('/cases/:id/intervals', requireUser, async (req, res) => {
    res.json(await caseResponseIntervals(services, userOf(res), String(req.params.id)));
  });

  router.get('/capacity/board', requireUser, async (_req, res) => {
    res.json(await boardSummary(services, userOf(res)));
  });
  router.get('/capacity/history', requireUser, async (req, res) => {
    const range = ZOccupancyRange.safeParse(req.query.range ?? '24h');
    if (!range.success) return sendError(res, { code: 'VALIDATION', message: 'range must be 24h or 7d' });
    res.json(await capacityHistory(services, userOf(res), range.data));
  });

  router.use((_req: Request, res: Response) => sendError(res, { code: 'NOT_FOUND', message: 'No such endpoint' }));

  // Express 5 routes rejected promises here. Stack traces and SQL never reach a client.
  router.use((error: unknown, _req: Request, res: Response, _next: NextFunction) => {
    const known = asDomainError(error);
    if (known) return sendError(res, known.toJSON());
    // Bodies too large (413), in a type or charset not read (415), or malformed (400), and bad paths.
    const badRequest = bodyError(error);
    if (badRequest) return sendError(res, badRequest);
    services.logger.error({ err: error }, 'request failed');
    sendError(res, { code: 'INTERNAL', message: 'Something went wrong' });
  });

  return router;
}
