import type { NextFunction, Request, Response } from 'express';
import type { TAck, TAppError } from '@shared/errors';
import type { TUser } from '@shared/schemas/user';
import { SESSION_COOKIE, tokenFromCookieHeader, userOfAccount, type TResolvedSession } from '../auth/sessions';
import { sessionSource, withDisclosureSource } from '../audit/disclosures';
import type { TServices } from '../services';
import { httpStatusFor } from './errors';

export function sendError(res: Response, error: TAppError): void {
  // A client told to slow down is told for how long, in the standard header as well as the body.
  if (error.retryAfterSeconds) res.setHeader('Retry-After', String(error.retryAfterSeconds));
  res.status(httpStatusFor(error)).json(error);
}

/** Sends an ack as HTTP: the data with the success status, or the typed error with its status. */
export function sendAck<T>(res: Response, ack: TAck<T>, successStatus = 200): void {
  if (ack.ok) res.status(successStatus).json(ack.data);
  else sendError(res, ack.error);
}

export function userOf(res: Response): TUser {
  return res.locals.user as TUser;
}

export function sessionOf(res: Response): TResolvedSession {
  return res.locals.session as TResolvedSession;
}

/** The browser's description and the client address (behind a trusted proxy, the real client's). */
export function clientMeta(req: Request): { userAgent: string; source: string } {
  return { userAgent: String(req.headers['user-agent'] ?? ''), source: req.ip ?? '' };
}

export function setSessionCookie(services: TServices, res: Response, token: string, expiresAt: Date): void {
  res.cookie(SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: 'strict',
    secure: services.config.isCookieSecure,
    expires: expiresAt,
    path: '/',
  });
}

/** Any session at all, whatever its stage (the login steps and the lock screen use this). */
export function requireSession(services: TServices) {
  return async (req: Request, res: Response, next: NextFunction) => {
    const resolved = await services.sessions.resolve(tokenFromCookieHeader(req.headers.cookie));
    if (!resolved) return sendError(res, { code: 'UNAUTHENTICATED', message: 'Log in to continue' });
    res.locals.session = resolved;
    next();
  };
}

/**
 * An active, unlocked session: the only kind that reads or changes anything. A locked one is told so
 * (the console asks for the password and keeps its screen); a login part-way is told to finish it.
 * A change made through the API counts as the person being active.
 */
export function requireUser(services: TServices) {
  return async (req: Request, res: Response, next: NextFunction) => {
    const resolved = await services.sessions.resolve(tokenFromCookieHeader(req.headers.cookie));
    if (!resolved) return sendError(res, { code: 'UNAUTHENTICATED', message: 'Log in to continue' });
    if (resolved.stage === 'locked') {
      return sendError(res, { code: 'SESSION_LOCKED', message: 'Your session is locked: enter your password' });
    }
    if (resolved.stage !== 'active') {
      return sendError(res, { code: 'UNAUTHENTICATED', message: 'Finish logging in first' });
    }
    res.locals.session = resolved;
    res.locals.user = userOfAccount(resolved.account);
    if (req.method !== 'GET' && req.method !== 'HEAD') await services.sessions.touch(resolved);
    // What this request discloses is recorded under its session (R-IG-AUDIT).
    withDisclosureSource(sessionSource(resolved.session.id), next);
  };
}
