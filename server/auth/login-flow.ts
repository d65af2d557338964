import { randomUUID } from 'node:crypto';
import { DomainError } from '@shared/errors';
import { PROTOCOL_VERSION } from '@shared/protocol';
import { nextLoginStage } from '@shared/rules/account-lifecycle';
import type { TUserEventData } from '@shared/rules/account-events';
import type { TCredentialsChange, TEndSessions } from '@db/repositories';
import type { TAccount } from '@shared/schemas/account';
import type {
  TChangePasswordRequest,
  TLoginRequest,
  TMfaEnrolled,
  TMfaEnrolment,
  TSessionState,
} from '@shared/schemas/user';
import { DEMO_BASEMAP } from '@shared/schemas/user';
import { commitStreams } from '../commands/commit-streams';
import { userWrite } from '../commands/admin/stream-writes';
import { userHash } from '../limits/security-log';
import type { TServices } from '../services';
import { DUMMY_HASH, hashPassword, verifyPassword } from './passwords';
import { passwordProblem, personalWords } from './password-policy';
import { qrSvg } from './qr';
import { hashRecoveryCode, looksLikeRecoveryCode, newRecoveryCodes } from './recovery-codes';
import { userOfAccount, type TResolvedSession } from './sessions';
import { newTotpSecret, totpUri, verifyTotp } from './totp';

/** Wrong codes or passwords one session may make before it is ended and the login starts again. */
const MAX_SESSION_FAILURES = 5;
const WRONG_CREDENTIALS = 'Username or password is not right';

export interface TClientMeta {
  userAgent: string;
  source: string;
}

/** What a session is, as `GET /session` and every login step answer it. */
export async function sessionState(services: TServices, resolved: TResolvedSession): Promise<TSessionState> {
  const { account, stage } = resolved;
  if (stage !== 'active') return { stage, username: account.username, displayName: account.displayName };
  const area = await services.store.areas.get(account.areaId);
  return {
    stage,
    user: userOfAccount(account),
    area: {
      id: account.areaId,
      name: area?.name ?? account.areaId,
      shortCode: area?.shortCode ?? '',
      isDemo: area?.isDemo ?? false,
    },
    serverTime: services.now().toISOString(),
    protocolVersion: PROTOCOL_VERSION,
    idleLockMinutes: services.sessions.idleLockMinutes(account),
    map: {
      tiles: services.config.map.tiles,
      attribution: services.config.map.attribution,
      basemap: !services.config.map.tiles && area?.isDemo ? DEMO_BASEMAP : null,
    },
  };
}

/**
 * Claims one attempt at a secret for this account from this address, before the secret is checked (so
 * requests sent together cannot all be checked), or refuses when the account has had too many.
 */
async function claimAttempt(services: TServices, username: string, meta: TClientMeta): Promise<void> {
  const minutes = await services.signInLimiter.claim(username, meta.source, services.now());
  if (minutes === null) return;
  services.logger.warn({ event: 'sign-in-limited', user: userHash(username), source: meta.source }, 'sign-in limited');
  throw new DomainError(
    'RATE_LIMITED',
    `Too many attempts for this account. Wait ${minutes} minute${minutes === 1 ? '' : 's'}, or ask an administrator to set a new password.`,
    { retryAfterSeconds: Math.max(1, Math.round(minutes * 60)) },
  );
}

/** Logs a failed secret without the secret or the username itself. */
function logFailure(services: TServices, event: string, username: string, meta: TClientMeta): void {
  services.logger.warn({ event, user: userHash(username), source: meta.source }, event);
}

/**
 * Step one: username and password. The answer never says whether a username exists: an unknown one
 * is checked against a dummy hash (same time) and refused with the same words, and the attempt counts
 * against the typed username either way.
 */
export async function logIn(
  services: TServices,
  input: TLoginRequest,
  meta: TClientMeta,
): Promise<{ token: string; expiresAt: Date; state: TSessionState }> {
  await claimAttempt(services, input.username, meta);
  const account = await services.store.accounts.findByUsername(input.username);
  const credentials = account ? await services.store.accounts.credentials(account.id) : null;
  const isValid = await verifyPassword(input.password, credentials?.passwordHash ?? DUMMY_HASH);
  if (!account || !credentials || !isValid) {
    logFailure(services, 'login-failed', input.username, meta);
    throw new DomainError('UNAUTHENTICATED', WRONG_CREDENTIALS);
  }
  if (!account.isEnabled) {
    // Only someone who knows the password learns this.
    throw new DomainError('FORBIDDEN', 'This account is disabled. Ask your administrator.');
  }
  const stage = nextLoginStage(account, { mfa: false });
  const { token, expiresAt } = await services.sessions.create(account, stage, meta);
  const resolved = await services.sessions.resolve(token);
  if (!resolved) throw new Error('A new session could not be read back');
  if (stage === 'active') await services.signInLimiter.clear(account.username);
  services.logger.info({ event: 'login', userId: account.id, role: account.role, stage, source: meta.source }, 'login');
  return { token, expiresAt, state: await sessionState(services, resolved) };
}

function assertStage(resolved: TResolvedSession, ...stages: TResolvedSession['stage'][]): void {
  if (!stages.includes(resolved.stage)) {
    throw new DomainError('VALIDATION', 'This step is not the next one for this login; reload the page');
  }
}

/**
 * Before a step checks a secret in a session: the account's attempt is claimed and the session's failure
 * count goes up in the database, both before the check, so sending many at once gains nothing. Past
 * the session's limit the session ends and the login starts again. A success resets the session's count.
 */
async function beginStep(services: TServices, resolved: TResolvedSession, meta: TClientMeta): Promise<void> {
  await claimAttempt(services, resolved.account.username, meta);
  const failures = await services.store.sessions.addFailure(resolved.tokenHash);
  if (failures > MAX_SESSION_FAILURES) {
    await services.sessions.end(resolved.tokenHash);
    services.broadcaster.endSessions([resolved.tokenHash], 'revoked');
    logFailure(services, 'session-ended-after-failures', resolved.account.username, meta);
    throw new DomainError('UNAUTHENTICATED', 'Too many wrong attempts. Log in again.');
  }
}

/** A wrong code or password in a step: said in words against the field it belongs to, and logged. */
function failStep(
  services: TServices,
  resolved: TResolvedSession,
  meta: TClientMeta,
  message: string,
  path = 'code',
): never {
  logFailure(services, `${path}-wrong`, resolved.account.username, meta);
  throw new DomainError('VALIDATION', message, { issues: [{ path, message }] });
}

/** A step succeeded: the account's attempts and the session's failures start afresh. */
async function stepSucceeded(services: TServices, resolved: TResolvedSession): Promise<void> {
  await services.signInLimiter.clear(resolved.account.username);
  await services.store.sessions.update(resolved.tokenHash, { failures: 0 });
}

/**
 * Moves the session on and answers with what it now is, with the token and expiry for the cookie:
 * becoming active renews the token, so one seen before the second factor is worth nothing after it.
 */
async function advance(
  services: TServices,
  resolved: TResolvedSession,
  account: TAccount,
): Promise<{ token: string; expiresAt: Date; state: TSessionState }> {
  const stage = nextLoginStage(account, { mfa: true });
  const { token, expiresAt } = await services.sessions.advance(resolved, stage);
  if (stage === 'active') await services.signInLimiter.clear(account.username);
  const next = await services.sessions.resolve(token);
  if (!next) throw new DomainError('UNAUTHENTICATED', 'Your session has ended; log in again');
  return { token, expiresAt, state: await sessionState(services, next) };
}

/** Records an event about an account by the person themselves (or the system), with its secrets. */
async function recordOwnChange(
  services: TServices,
  account: TAccount,
  name: string,
  data: TUserEventData,
  side: {
    credentials?: TCredentialsChange[];
    endSessions?: TEndSessions[];
    /** Checked inside the transaction against the account as it is then: a reason to refuse, or null. */
    refuseIf?: (current: TAccount) => string | null;
  } = {},
): Promise<TAccount> {
  const commandId = randomUUID();
  const actor = { id: account.id, name: account.displayName, role: account.role };
  const at = services.now().toISOString();
  let after: TAccount = account;
  await commitStreams(
    services,
    { name, commandId, actorId: account.id },
    {
      streams: [{ kind: 'user', id: account.id }],
      decide: ({ read }) => {
        const current = read({ kind: 'user', id: account.id });
        if (!current) throw new DomainError('NOT_FOUND', 'No such account');
        const refusal = side.refuseIf?.(current);
        if (refusal) throw new DomainError('CONFLICT', refusal);
        const write = userWrite(account.id, current, [data], { actor, commandId, at });
        after = write.state as TAccount;
        return {
          writes: [write],
          ...(side.credentials ? { credentials: side.credentials } : {}),
          ...(side.endSessions ? { endSessions: side.endSessions } : {}),
        };
      },
    },
  );
  return after;
}

/** What a step answers: the session now, and the token and expiry the cookie carries. */
export interface TStepResult {
  token: string;
  expiresAt: Date;
  state: TSessionState;
}

/** Step two for an account with MFA: a code from the authenticator app, or a recovery code. */
export async function verifySecondFactor(
  services: TServices,
  resolved: TResolvedSession,
  code: string,
  meta: TClientMeta,
): Promise<TStepResult> {
  assertStage(resolved, 'mfa');
  const { account } = resolved;
  const credentials = await services.store.accounts.credentials(account.id);
  if (!credentials?.mfaSecret) throw new DomainError('VALIDATION', 'This account has no authenticator set up');
  await beginStep(services, resolved, meta);
  if (looksLikeRecoveryCode(code)) {
    const left = await services.store.accounts.consumeRecoveryCode(account.id, hashRecoveryCode(code));
    if (left === null) failStep(services, resolved, meta, 'That recovery code is not right, or was used before');
    await recordOwnChange(services, account, 'user:use-recovery-code', {
      type: 'user.recovery-code-used',
      data: { remaining: left },
    });
    return advance(services, resolved, account);
  }
  const step = verifyTotp(credentials.mfaSecret, code, services.now(), credentials.mfaLastStep);
  if (step === null || !(await services.store.accounts.claimTotpStep(account.id, step))) {
    failStep(
      services,
      resolved,
      meta,
      'That code is not right. Check the time on your phone, or wait for the next code.',
    );
  }
  return advance(services, resolved, account);
}

/** Checks a new password against the policy; throws a VALIDATION error naming the problem. */
export async function assertPasswordAcceptable(
  password: string,
  personal: readonly string[],
  path = 'newPassword',
): Promise<void> {
  const problem = await passwordProblem(password, personal);
  if (problem) throw new DomainError('VALIDATION', problem, { issues: [{ path, message: problem }] });
}

/** The policy for a person of an area: one place that says which of their details a password must avoid. */
export async function assertPasswordAcceptableFor(
  services: TServices,
  password: string,
  person: { username: string; displayName: string },
  areaId: string,
  path = 'newPassword',
): Promise<void> {
  const area = await services.store.areas.get(areaId);
  await assertPasswordAcceptable(password, personalWords(person, area), path);
}

/**
 * A new password: at will (with the current one), or right after logging in with a temporary one.
 * Every other session of the person ends, so a password changed because it leaked shuts others out.
 */
export async function changeOwnPassword(
  services: TServices,
  resolved: TResolvedSession,
  input: TChangePasswordRequest,
  meta: TClientMeta,
): Promise<TStepResult> {
  assertStage(resolved, 'change-password', 'active');
  const { account } = resolved;
  const credentials = await services.store.accounts.credentials(account.id);
  if (!credentials) throw new DomainError('NOT_FOUND', 'No such account');
  if (resolved.stage === 'active') {
    await beginStep(services, resolved, meta);
    if (!input.currentPassword || !(await verifyPassword(input.currentPassword, credentials.passwordHash))) {
      failStep(services, resolved, meta, 'Your current password is not right', 'currentPassword');
    }
    await stepSucceeded(services, resolved);
  }
  if (await verifyPassword(input.newPassword, credentials.passwordHash)) {
    throw new DomainError('VALIDATION', 'Choose a new password, not the one you have now', {
      issues: [{ path: 'newPassword', message: 'Same as the current password' }],
    });
  }
  await assertPasswordAcceptableFor(services, input.newPassword, account, account.areaId);
  const after = await recordOwnChange(
    services,
    account,
    'user:change-password',
    { type: 'user.password-changed', data: {} },
    {
      credentials: [{ userId: account.id, passwordHash: await hashPassword(input.newPassword) }],
      endSessions: [{ userId: account.id, exceptTokenHash: resolved.tokenHash }],
    },
  );
  if (resolved.stage === 'active') {
    await services.sessions.touch(resolved);
    return {
      token: resolved.token,
      expiresAt: new Date(resolved.session.expiresAt),
      state: await sessionState(services, resolved),
    };
  }
  return advance(services, resolved, after);
}

/** MFA enrolment, first half: a new secret shown as a QR code (and as text for typing in). */
export async function startMfaEnrolment(services: TServices, resolved: TResolvedSession): Promise<TMfaEnrolment> {
  assertStage(resolved, 'enrol-mfa');
  const secret = newTotpSecret();
  await services.sessions.setPendingMfaSecret(resolved, secret);
  const area = await services.store.areas.get(resolved.account.areaId);
  const issuer = `Concordat${area?.shortCode ? ` ${area.shortCode}` : ''}`;
  const uri = totpUri(secret, { username: resolved.account.username, issuer });
  return { secret, uri, qrSvg: qrSvg(uri) };
}

/**
 * MFA enrolment, second half: a code from the app proves it holds the secret. The secret is kept, ten
 * recovery codes are shown once, and the session becomes active.
 */
export async function confirmMfaEnrolment(
  services: TServices,
  resolved: TResolvedSession,
  code: string,
  meta: TClientMeta,
): Promise<{ token: string; expiresAt: Date; enrolled: TMfaEnrolled }> {
  assertStage(resolved, 'enrol-mfa');
  const secret = resolved.session.pendingMfaSecret;
  if (!secret) throw new DomainError('VALIDATION', 'Start again: scan the QR code first');
  await beginStep(services, resolved, meta);
  const step = verifyTotp(secret, code, services.now(), null);
  if (step === null) {
    failStep(services, resolved, meta, 'That code is not right. Scan the QR code again and try the new code.');
  }
  const { codes, hashes } = newRecoveryCodes();
  // Another login may have set up an authenticator meanwhile (a second browser, or someone with the
  // password): never replace a working one from a stale step. Other sessions end, so a person who did
  // not do this is logged out and sees it.
  const after = await recordOwnChange(
    services,
    resolved.account,
    'user:enrol-mfa',
    { type: 'user.mfa-enrolled', data: {} },
    {
      credentials: [{ userId: resolved.account.id, mfaSecret: secret, mfaLastStep: step, recoveryCodeHashes: hashes }],
      endSessions: [{ userId: resolved.account.id, exceptTokenHash: resolved.tokenHash }],
      refuseIf: (current) =>
        current.hasMfa ? 'An authenticator was set up for this account meanwhile. Log in again.' : null,
    },
  );
  const { token, expiresAt, state } = await advance(services, resolved, after);
  return { token, expiresAt, enrolled: { recoveryCodes: codes, session: state } };
}

/**
 * An idle lock is lifted by the password alone; the session keeps its shift, its token (the console's
 * connections still carry it) and its screen. It counts as an attempt on the account like a login.
 */
export async function unlock(
  services: TServices,
  resolved: TResolvedSession,
  password: string,
  meta: TClientMeta,
): Promise<TStepResult> {
  assertStage(resolved, 'locked', 'active');
  await beginStep(services, resolved, meta);
  const credentials = await services.store.accounts.credentials(resolved.account.id);
  if (!credentials || !(await verifyPassword(password, credentials.passwordHash))) {
    failStep(services, resolved, meta, 'That password is not right', 'password');
  }
  await stepSucceeded(services, resolved);
  const { token, expiresAt } = await services.sessions.advance(resolved, 'active');
  const next = await services.sessions.resolve(token);
  if (!next) throw new DomainError('UNAUTHENTICATED', 'Your session has ended; log in again');
  return { token, expiresAt, state: await sessionState(services, next) };
}
