import express, { type Request, type Response } from 'express';
import { DomainError, issuesFromZod } from '@shared/errors';
import { ZSetupRequest } from '@shared/schemas/account';
import { ZChangePasswordRequest, ZLoginRequest, ZMfaCodeRequest, ZUnlockRequest } from '@shared/schemas/user';
import type { z } from 'zod';
import {
  changeOwnPassword,
  confirmMfaEnrolment,
  logIn,
  sessionState,
  startMfaEnrolment,
  unlock,
  verifySecondFactor,
} from '../auth/login-flow';
import { SESSION_COOKIE, tokenFromCookieHeader } from '../auth/sessions';
import { logSecurityEvent } from '../limits/security-log';
import { completeSetup } from '../setup/setup-mode';
import type { TServices } from '../services';
import { clientMeta, requireSession, sessionOf, setSessionCookie } from './respond';

function parse<T extends z.ZodType>(schema: T, body: unknown, message: string): z.infer<T> {
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw new DomainError('VALIDATION', message, { issues: issuesFromZod(parsed.error) });
  return parsed.data;
}

/**
 * Logging in and everything around it: first-run setup, the login steps (password, second factor, new
 * password, MFA enrolment), the idle lock, logout. Each step answers with what the session now is.
 */
export function createSessionRouter(services: TServices, hooks: { onLogout: (tokenHash: string) => void }) {
  const router = express.Router();
  // Per client address; behind a load balancer, CONCORDAT_TRUST_PROXY makes this the real client.
  // Logins and first-run setup share one budget; the later steps (a code, a new password, unlock) have
  // their own, larger one, so a control room behind one address is not stopped at shift change. Each
  // step is also limited per session and per account. Both budgets hold across nodes (server/limits).
  const perAddress = services.limits.signInsPerAddress('signIns');
  const stepsPerAddress = services.limits.signInsPerAddress('signInSteps');
  const session = requireSession(services);

  router.get('/instance', (_req, res) => {
    res.json({ mode: services.instance.mode, isReady: services.instance.isReady });
  });

  router.post('/setup', perAddress, async (req: Request, res: Response) => {
    const input = parse(ZSetupRequest, req.body, 'Some fields need attention');
    const { token, expiresAt, state } = await completeSetup(services, input, clientMeta(req));
    setSessionCookie(services, res, token, expiresAt);
    res.status(201).json(state);
  });

  router.post('/session', perAddress, async (req, res) => {
    const input = parse(ZLoginRequest, req.body, 'Enter a username and password');
    const { token, expiresAt, state } = await logIn(services, input, clientMeta(req));
    setSessionCookie(services, res, token, expiresAt);
    res.json(state);
  });

  router.get('/session', session, async (_req, res) => {
    res.json(await sessionState(services, sessionOf(res)));
  });

  router.delete('/session', async (req, res) => {
    const token = tokenFromCookieHeader(req.headers.cookie);
    if (token) {
      const resolved = await services.sessions.resolve(token);
      hooks.onLogout(await services.sessions.logout(token));
      if (resolved) {
        logSecurityEvent(services.logger, 'logout', {
          username: resolved.account.username,
          userId: resolved.account.id,
          source: clientMeta(req).source,
        });
      }
    }
    res.clearCookie(SESSION_COOKIE, { path: '/' });
    res.status(204).end();
  });

  router.post('/session/mfa', stepsPerAddress, session, async (req, res) => {
    const { code } = parse(ZMfaCodeRequest, req.body, 'Enter the six-digit code');
    const { token, expiresAt, state } = await verifySecondFactor(services, sessionOf(res), code, clientMeta(req));
    setSessionCookie(services, res, token, expiresAt);
    res.json(state);
  });

  router.post('/session/password', stepsPerAddress, session, async (req, res) => {
    const input = parse(ZChangePasswordRequest, req.body, 'Some fields need attention');
    const { token, expiresAt, state } = await changeOwnPassword(services, sessionOf(res), input, clientMeta(req));
    setSessionCookie(services, res, token, expiresAt);
    res.json(state);
  });

  router.post('/session/mfa/enrolment', session, async (_req, res) => {
    res.json(await startMfaEnrolment(services, sessionOf(res)));
  });

  router.post('/session/mfa/enrolment/confirm', stepsPerAddress, session, async (req, res) => {
    const { code } = parse(ZMfaCodeRequest, req.body, 'Enter the six-digit code');
    const { token, expiresAt, enrolled } = await confirmMfaEnrolment(services, sessionOf(res), code, clientMeta(req));
    setSessionCookie(services, res, token, expiresAt);
    res.json(enrolled);
  });

  router.post('/session/unlock', stepsPerAddress, session, async (req, res) => {
    const { password } = parse(ZUnlockRequest, req.body, 'Enter your password');
    const { token, expiresAt, state } = await unlock(services, sessionOf(res), password, clientMeta(req));
    setSessionCookie(services, res, token, expiresAt);
    res.json(state);
  });

  return router;
}
