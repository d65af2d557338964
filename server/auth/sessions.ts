import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { parse as parseCookie } from 'cookie';
import type { TSessionRecord, TStore } from '@db/repositories';
import { effectiveSessionStage, type TIdleLockMinutes } from '@shared/rules/account-lifecycle';
import type { TAccount } from '@shared/schemas/account';
import type { TSessionStage, TUser } from '@shared/schemas/user';

export const SESSION_COOKIE = 'concordat_session';

/** A login part-way through its steps (second factor, new password, enrolment) lasts this long. */
const PENDING_MINUTES = 10;
/** Activity is written at most this often per session: every command need not cost a disk write. */
const TOUCH_EVERY_MS = 30_000;

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}

export function tokenFromCookieHeader(header: string | undefined): string | null {
  if (!header) return null;
  return parseCookie(header)[SESSION_COOKIE] ?? null;
}

/** A session looked up by its cookie, with the stage it is really in now. */
export interface TResolvedSession {
  token: string;
  tokenHash: string;
  session: TSessionRecord;
  account: TAccount;
  stage: TSessionStage;
}

export function userOfAccount(account: TAccount): TUser {
  const { id, username, displayName, role, organisationId, areaId } = account;
  return { id, username, displayName, role, organisationId, areaId };
}

/**
 * Server-side sessions: the cookie carries a random token, the database keeps only its hash. A login
 * goes through its stages (second factor, new password, MFA enrolment) in a short-lived session, which
 * becomes `active` for one shift (CONCORDAT_SESSION_HOURS) and is not silently extended; the display-only
 * board lasts CONCORDAT_BOARD_SESSION_DAYS. An active session left idle longer than its role allows is
 * locked until the password is given again.
 */
export function createSessionService(
  store: TStore,
  options: { shiftHours: number; boardHours: number; idleLockMinutes: TIdleLockMinutes },
  now: () => Date,
) {
  const lifetimeMs = (account: TAccount, stage: TSessionStage) =>
    stage !== 'active'
      ? PENDING_MINUTES * 60_000
      : (account.role === 'board' ? options.boardHours : options.shiftHours) * 3_600_000;

  async function resolve(token: string | null): Promise<TResolvedSession | null> {
    if (!token) return null;
    const tokenHash = hashToken(token);
    const found = await store.sessions.find(tokenHash);
    if (!found) return null;
    const stage = effectiveSessionStage(found.session, found.account, options.idleLockMinutes, now());
    if (!stage) return null;
    return { token, tokenHash, session: found.session, account: found.account, stage };
  }

  return {
    idleLockMinutes: (account: Pick<TAccount, 'role'>) => options.idleLockMinutes[account.role],

    async create(
      account: TAccount,
      stage: TSessionStage,
      meta: { userAgent: string; source: string },
    ): Promise<{ token: string; expiresAt: Date }> {
      const token = randomBytes(32).toString('base64url');
      const at = now();
      const expiresAt = new Date(at.getTime() + lifetimeMs(account, stage));
      await store.sessions.create({
        tokenHash: hashToken(token),
        id: randomUUID(),
        userId: account.id,
        stage,
        createdAt: at.toISOString(),
        expiresAt: expiresAt.toISOString(),
        lastActiveAt: at.toISOString(),
        userAgent: meta.userAgent.slice(0, 300),
        source: meta.source.slice(0, 100),
      });
      return { token, expiresAt };
    },

    resolve,

    /** The user of an active, unlocked session — the only kind that may read or change anything. */
    async activeUser(token: string | null): Promise<TUser | null> {
      const resolved = await resolve(token);
      return resolved?.stage === 'active' ? userOfAccount(resolved.account) : null;
    },

    /**
     * Moves a session to its next stage. Becoming active starts the shift's clock (a login's steps do
     * not eat into it), clears any lock, and renews the token: one seen before the second factor is
     * worth nothing after it. Returns the token and expiry for the cookie.
     */
    async advance(resolved: TResolvedSession, stage: TSessionStage): Promise<{ token: string; expiresAt: Date }> {
      const at = now();
      const becomesActive = stage === 'active' && resolved.session.stage !== 'active';
      const expiresAt = becomesActive
        ? new Date(at.getTime() + lifetimeMs(resolved.account, 'active'))
        : new Date(resolved.session.expiresAt);
      await store.sessions.update(resolved.tokenHash, {
        stage,
        expiresAt: expiresAt.toISOString(),
        lastActiveAt: at.toISOString(),
        lockedAt: null,
        pendingMfaSecret: null,
        failures: 0,
      });
      if (!becomesActive) return { token: resolved.token, expiresAt };
      const token = randomBytes(32).toString('base64url');
      await store.sessions.renew(resolved.tokenHash, hashToken(token));
      return { token, expiresAt };
    },

    /** The person used the console: keeps an active session from locking. */
    async touch(resolved: TResolvedSession): Promise<void> {
      if (resolved.stage !== 'active') return;
      const at = now();
      if (at.getTime() - new Date(resolved.session.lastActiveAt).getTime() < TOUCH_EVERY_MS) return;
      await store.sessions.update(resolved.tokenHash, { lastActiveAt: at.toISOString() });
    },

    async setPendingMfaSecret(resolved: TResolvedSession, secret: string): Promise<void> {
      await store.sessions.update(resolved.tokenHash, { pendingMfaSecret: secret });
    },

    async end(tokenHash: string): Promise<void> {
      await store.sessions.delete(tokenHash);
    },

    async logout(token: string): Promise<string> {
      const tokenHash = hashToken(token);
      await store.sessions.delete(tokenHash);
      return tokenHash;
    },

    async sweepExpired(): Promise<string[]> {
      return store.sessions.deleteExpired(now().toISOString());
    },

    /** Marks sessions idle past their role's limit as locked; returns those newly locked. */
    async lockIdle(): Promise<string[]> {
      const at = now();
      const locked: string[] = [];
      for (const session of await store.sessions.listUnlocked()) {
        const stage = effectiveSessionStage(
          session,
          { isEnabled: true, role: session.role },
          options.idleLockMinutes,
          at,
        );
        if (stage === 'locked') {
          await store.sessions.update(session.tokenHash, { lockedAt: at.toISOString() });
          locked.push(session.tokenHash);
        }
      }
      return locked;
    },
  };
}
export type TSessionService = ReturnType<typeof createSessionService>;
