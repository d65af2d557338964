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
import { commitStreams } from '../commands/commit-streams';
import { userWrite } from '../commands/admin/stream-writes';
import type { TServices } from '../services';
import { DUMMY_HASH, hashPassword, verifyPassword } from './passwords';
import { passwordProblem } from './password-policy';
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
  };
}

const limitKey = (username: string) => username.trim().toLowerCase();

function assertNotBlocked(services: TServices, username: string): void {
  const key = limitKey(username);
  const now = services.now();
  if (services.accountLimiter.isBlocked(key, now)) {
    const minutes = services.accountLimiter.minutesLeft(key, now);
    throw new DomainError(
      'RATE_LIMITED',
      `Too many attempts for this account. Wait ${minutes} minute${minutes === 1 ? '' : 's'}, or ask an administrator to set a new password.`,
    );
  }
}

/**
 * Step one: username and password. The answer never says whether a username exists: an unknown one
 * is checked against a dummy hash (same time) and refused with the same words, and failures count
 * against the typed username either way.
 */
export async function logIn(
  services: TServices,
  input: TLoginRequest,
  meta: TClientMeta,
): Promise<{ token: string; expiresAt: Date; state: TSessionState }> {
  assertNotBlocked(services, input.username);
  const account = await services.store.accounts.findByUsername(input.username);
  const credentials = account ? await services.store.accounts.credentials(account.id) : null;
  const isValid = await verifyPassword(input.password, credentials?.passwordHash ?? DUMMY_HASH);
  if (!account || !credentials || !isValid) {
    services.accountLimiter.recordFailure(limitKey(input.username), services.now());
    services.logger.info({ event: 'login-failed' }, 'login failed');
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
  if (stage === 'active') services.accountLimiter.reset(limitKey(input.username));
  services.logger.info({ event: 'login', userId: account.id, role: account.role, stage }, 'login');
  return { token, expiresAt, state: await sessionState(services, resolved) };
}

function assertStage(resolved: TResolvedSession, ...stages: TResolvedSession['stage'][]): void {
  if (!stages.includes(resolved.stage)) {
    throw new DomainError('VALIDATION', 'This step is not the next one for this login; reload the page');
  }
}

/** A wrong code or password: counted for the account and the session; too many end the session. */
async function failStep(
  services: TServices,
  resolved: TResolvedSession,
  message: string,
  path = 'code',
): Promise<never> {
  services.accountLimiter.recordFailure(limitKey(resolved.account.username), services.now());
  const failures = await services.sessions.recordFailure(resolved);
  if (failures >= MAX_SESSION_FAILURES) {
    await services.sessions.end(resolved.tokenHash);
    services.broadcaster.endSessions([resolved.tokenHash], 'revoked');
    throw new DomainError('UNAUTHENTICATED', 'Too many wrong attempts. Log in again.');
  }
  throw new DomainError('VALIDATION', message, { issues: [{ path, message }] });
}

/** Moves the session on and answers with what it now is (and its expiry, for the cookie). */
async function advance(
  services: TServices,
  resolved: TResolvedSession,
  account: TAccount,
): Promise<{ expiresAt: Date; state: TSessionState }> {
  const stage = nextLoginStage(account, { mfa: true });
  const expiresAt = await services.sessions.advance(resolved, stage);
  if (stage === 'active') services.accountLimiter.reset(limitKey(account.username));
  const next = await services.sessions.resolve(resolved.token);
  if (!next) throw new DomainError('UNAUTHENTICATED', 'Your session has ended; log in again');
  return { expiresAt, state: await sessionState(services, next) };
}

/** Records an event about an account by the person themselves (or the system), with its secrets. */
async function recordOwnChange(
  services: TServices,
  account: TAccount,
  name: string,
  data: TUserEventData,
  side: { credentials?: TCredentialsChange[]; endSessions?: TEndSessions[] } = {},
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
        const write = userWrite(account.id, current, [data], { actor, commandId, at });
        after = write.state as TAccount;
        return { writes: [write], ...side };
      },
    },
  );
  return after;
}

/** Step two for an account with MFA: a code from the authenticator app, or a recovery code. */
export async function verifySecondFactor(
  services: TServices,
  resolved: TResolvedSession,
  code: string,
): Promise<{ expiresAt: Date; state: TSessionState }> {
  assertStage(resolved, 'mfa');
  assertNotBlocked(services, resolved.account.username);
  const { account } = resolved;
  const credentials = await services.store.accounts.credentials(account.id);
  if (!credentials?.mfaSecret) throw new DomainError('VALIDATION', 'This account has no authenticator set up');
  if (looksLikeRecoveryCode(code)) {
    const left = await services.store.accounts.consumeRecoveryCode(account.id, hashRecoveryCode(code));
    if (left === null) return failStep(services, resolved, 'That recovery code is not right, or was used before');
    await recordOwnChange(services, account, 'user:use-recovery-code', {
      type: 'user.recovery-code-used',
      data: { remaining: left },
    });
    return advance(services, resolved, account);
  }
  const step = verifyTotp(credentials.mfaSecret, code, services.now(), credentials.mfaLastStep);
  if (step === null || !(await services.store.accounts.claimTotpStep(account.id, step))) {
    return failStep(
      services,
      resolved,
      'That code is not right. Check the time on your phone, or wait for the next code.',
    );
  }
  return advance(services, resolved, account);
}

/** Personal details that make a password guessable for this person. */
async function personalWords(services: TServices, account: TAccount): Promise<string[]> {
  const area = await services.store.areas.get(account.areaId);
  return [account.username, account.displayName, area?.name ?? '', area?.shortCode ?? ''];
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

/**
 * A new password: at will (with the current one), or right after logging in with a temporary one.
 * Every other session of the person ends, so a password changed because it leaked shuts others out.
 */
export async function changeOwnPassword(
  services: TServices,
  resolved: TResolvedSession,
  input: TChangePasswordRequest,
): Promise<{ expiresAt: Date; state: TSessionState }> {
  assertStage(resolved, 'change-password', 'active');
  const { account } = resolved;
  const credentials = await services.store.accounts.credentials(account.id);
  if (!credentials) throw new DomainError('NOT_FOUND', 'No such account');
  if (resolved.stage === 'active') {
    if (!input.currentPassword || !(await verifyPassword(input.currentPassword, credentials.passwordHash))) {
      return failStep(services, resolved, 'Your current password is not right', 'currentPassword');
    }
  }
  if (await verifyPassword(input.newPassword, credentials.passwordHash)) {
    throw new DomainError('VALIDATION', 'Choose a new password, not the one you have now', {
      issues: [{ path: 'newPassword', message: 'Same as the current password' }],
    });
  }
  await assertPasswordAcceptable(input.newPassword, await personalWords(services, account));
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
    return { expiresAt: new Date(resolved.session.expiresAt), state: await sessionState(services, resolved) };
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
): Promise<{ expiresAt: Date; enrolled: TMfaEnrolled }> {
  assertStage(resolved, 'enrol-mfa');
  const secret = resolved.session.pendingMfaSecret;
  if (!secret) throw new DomainError('VALIDATION', 'Start again: scan the QR code first');
  const step = verifyTotp(secret, code, services.now(), null);
  if (step === null)
    return failStep(services, resolved, 'That code is not right. Scan the QR code again and try the new code.');
  const { codes, hashes } = newRecoveryCodes();
  const after = await recordOwnChange(
    services,
    resolved.account,
    'user:enrol-mfa',
    { type: 'user.mfa-enrolled', data: {} },
    {
      credentials: [{ userId: resolved.account.id, mfaSecret: secret, mfaLastStep: step, recoveryCodeHashes: hashes }],
    },
  );
  const { expiresAt, state } = await advance(services, resolved, after);
  return { expiresAt, enrolled: { recoveryCodes: codes, session: state } };
}

/** An idle lock is lifted by the password alone; the session keeps its shift and its screen. */
export async function unlock(
  services: TServices,
  resolved: TResolvedSession,
  password: string,
): Promise<{ expiresAt: Date; state: TSessionState }> {
  assertStage(resolved, 'locked', 'active');
  const credentials = await services.store.accounts.credentials(resolved.account.id);
  if (!credentials || !(await verifyPassword(password, credentials.passwordHash))) {
    return failStep(services, resolved, 'That password is not right', 'password');
  }
  const expiresAt = await services.sessions.advance(resolved, 'active');
  const next = await services.sessions.resolve(resolved.token);
  if (!next) throw new DomainError('UNAUTHENTICATED', 'Your session has ended; log in again');
  return { expiresAt, state: await sessionState(services, next) };
}
