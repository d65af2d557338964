import { DomainError } from '../errors';
import type {
  TAccount,
  TArea,
  TAreaUpdateRequest,
  TOrganisation,
  TOrganisationUpdateRequest,
  TUserFields,
  TUserUpdateRequest,
} from '../schemas/account';
import type { TActor, TPendingStage, TRole, TSessionStage } from '../schemas/user';
import type { TAccountEvent, TAreaEventData, TOrganisationEventData, TUserEventData } from './account-events';

/** Who is acting, in which area, and when. */
export interface TAdminContext {
  actor: TActor;
  areaId: string;
  now: Date;
}

// ── Folding events into state (pure; the projection and a rebuild both use these) ─────────────────

export function evolveArea(area: TArea | null, event: TAccountEvent<TAreaEventData>): TArea {
  if (event.type === 'area.created') {
    const { name, shortCode, isDemo } = event.data;
    return { id: event.streamId, name, shortCode, isDemo, version: event.version, updatedAt: event.at };
  }
  if (!area) throw new Error(`Event ${event.type} for an area that was never created`);
  return { ...area, ...event.data.changes, version: event.version, updatedAt: event.at };
}

export function evolveOrganisation(
  organisation: TOrganisation | null,
  event: TAccountEvent<TOrganisationEventData>,
): TOrganisation {
  if (event.type === 'organisation.created') {
    const { areaId, name, kind } = event.data;
    return { id: event.streamId, areaId, name, kind, version: event.version, updatedAt: event.at };
  }
  if (!organisation) throw new Error(`Event ${event.type} for an organisation that was never created`);
  return { ...organisation, ...event.data.changes, version: event.version, updatedAt: event.at };
}

export function evolveAccount(account: TAccount | null, event: TAccountEvent<TUserEventData>): TAccount {
  if (event.type === 'user.created') {
    const { reason: _reason, ...fields } = event.data;
    return {
      id: event.streamId,
      ...fields,
      isEnabled: true,
      hasMfa: false,
      version: event.version,
      createdAt: event.at,
      updatedAt: event.at,
    };
  }
  if (!account) throw new Error(`Event ${event.type} for an account that was never created`);
  const next: TAccount = { ...account, version: event.version, updatedAt: event.at };
  switch (event.type) {
    case 'user.updated':
      return { ...next, ...event.data.changes };
    case 'user.disabled':
      return { ...next, isEnabled: false };
    case 'user.enabled':
      return { ...next, isEnabled: true };
    case 'user.temporary-password-set':
      return { ...next, mustChangePassword: true };
    case 'user.password-changed':
      return { ...next, mustChangePassword: false };
    case 'user.mfa-enrolled':
      return { ...next, hasMfa: true };
    case 'user.mfa-reset':
      return { ...next, hasMfa: false };
    case 'user.recovery-code-used':
    case 'user.sessions-revoked':
      return next;
  }
}

// ── Rules about accounts ─────────────────────────────────────────────────────────────────────────

/**
 * Every personal account needs a second factor. The display-only board is exempt (it shows no one's
 * details and hangs on a wall), and so are the demo's fictional accounts (they exist only in a demo
 * database, which is never mixed with real accounts and is served only on this machine by default).
 */
export function isMfaRequired(account: Pick<TAccount, 'role' | 'isDemo'>): boolean {
  return account.role !== 'board' && !account.isDemo;
}

/**
 * The step a login takes next, once the password is right: the second factor first (so a stolen
 * password alone cannot even change the password), then a new password if the current one is
 * temporary, then MFA enrolment for an account that must have it and has none.
 */
export function nextLoginStage(
  account: Pick<TAccount, 'role' | 'isDemo' | 'hasMfa' | 'mustChangePassword'>,
  passed: { mfa: boolean },
): Exclude<TPendingStage, 'locked'> | 'active' {
  if (account.hasMfa && !passed.mfa) return 'mfa';
  if (account.mustChangePassword) return 'change-password';
  if (isMfaRequired(account) && !account.hasMfa) return 'enrol-mfa';
  return 'active';
}

/** Minutes an idle session of each role waits before it locks (0: never). */
export type TIdleLockMinutes = Record<TRole, number>;

// ── Decisions (pure: state and input in, events out; a DomainError refuses) ───────────────────────

function notFound(what: string): never {
  throw new DomainError('NOT_FOUND', `No such ${what}`);
}

export function decideCreateArea(
  existing: TArea | null,
  input: { name: string; shortCode: string; isDemo: boolean; reason?: string },
): TAreaEventData {
  if (existing) throw new DomainError('CONFLICT', `Area ${existing.name} already exists`);
  return {
    type: 'area.created',
    data: { name: input.name, shortCode: input.shortCode, isDemo: input.isDemo, reason: input.reason ?? '' },
  };
}

export function decideUpdateArea(
  area: TArea | null,
  input: Pick<TAreaUpdateRequest, 'changes' | 'reason'>,
): TAreaEventData {
  if (!area) return notFound('area');
  const changes = changedFields(area, input.changes);
  if (Object.keys(changes).length === 0) throw new DomainError('VALIDATION', 'Nothing to change');
  return { type: 'area.updated', data: { changes, reason: input.reason } };
}

export function decideCreateOrganisation(
  existing: TOrganisation | null,
  input: { name: string; kind: TOrganisation['kind']; reason?: string },
  siblings: readonly Pick<TOrganisation, 'name'>[],
  ctx: Pick<TAdminContext, 'areaId'>,
): TOrganisationEventData {
  if (existing) throw new DomainError('CONFLICT', 'That organisation id is already used; try again');
  assertUniqueName(input.name, siblings);
  return {
    type: 'organisation.created',
    data: { areaId: ctx.areaId, name: input.name, kind: input.kind, reason: input.reason ?? '' },
  };
}

export function decideUpdateOrganisation(
  organisation: TOrganisation | null,
  input: Pick<TOrganisationUpdateRequest, 'changes' | 'reason'>,
  siblings: readonly Pick<TOrganisation, 'id' | 'name'>[],
): TOrganisationEventData {
  if (!organisation) return notFound('organisation');
  const changes = changedFields(organisation, input.changes);
  if (Object.keys(changes).length === 0) throw new DomainError('VALIDATION', 'Nothing to change');
  if (changes.name !== undefined)
    assertUniqueName(
      changes.name,
      siblings.filter((s) => s.id !== organisation.id),
    );
  return { type: 'organisation.updated', data: { changes, reason: input.reason } };
}

function assertUniqueName(name: string, siblings: readonly Pick<TOrganisation, 'name'>[]): void {
  if (siblings.some((s) => s.name.toLowerCase() === name.toLowerCase())) {
    throw new DomainError('VALIDATION', `There is already an organisation called ${name} in this area`, {
      issues: [{ path: 'name', message: 'Already used in this area' }],
    });
  }
}

/** An account is made inside the actor's area, for one of its organisations. */
export function decideCreateUser(
  existing: TAccount | null,
  input: TUserFields & { reason?: string },
  context: { organisation: TOrganisation | null; area: TArea | null; mustChangePassword: boolean },
  ctx: Pick<TAdminContext, 'areaId'>,
): TUserEventData {
  // Says nothing about the account that has it: it may be in another area.
  if (existing) throw new DomainError('CONFLICT', 'That account id is already used; try again');
  if (!context.area || context.area.id !== ctx.areaId) return notFound('area');
  assertOrganisationInArea(context.organisation, ctx.areaId);
  return {
    type: 'user.created',
    data: {
      areaId: ctx.areaId,
      username: input.username,
      displayName: input.displayName,
      role: input.role,
      organisationId: input.organisationId,
      contact: input.contact,
      // Everything made in the demo area is fictional too, so demo and real accounts never mix.
      isDemo: context.area.isDemo,
      mustChangePassword: context.mustChangePassword,
      reason: input.reason ?? '',
    },
  };
}

/** An account, service or unit belongs to one of its own area's organisations. */
export function assertOrganisationInArea(organisation: TOrganisation | null, areaId: string): void {
  if (!organisation || organisation.areaId !== areaId) {
    throw new DomainError('VALIDATION', 'Choose an organisation of this area', {
      issues: [{ path: 'organisationId', message: 'Not an organisation of this area' }],
    });
  }
}

/** An account of another area is treated as absent: its existence is not disclosed. */
function accountInArea(account: TAccount | null, ctx: Pick<TAdminContext, 'areaId'>): TAccount {
  if (!account || account.areaId !== ctx.areaId) return notFound('account');
  return account;
}

/**
 * Administrators cannot lower their own role or switch themselves off: an area must never be left
 * without anyone able to administer it by a slip (hazard "lost administrator").
 */
function assertNotSelf(account: TAccount, ctx: TAdminContext, what: string): void {
  if (account.id === ctx.actor.id) {
    throw new DomainError('RULE_VIOLATION', `You cannot ${what} your own account; ask another administrator`);
  }
}

export function decideUpdateUser(
  account: TAccount | null,
  input: Pick<TUserUpdateRequest, 'changes' | 'reason'>,
  organisation: TOrganisation | null,
  ctx: TAdminContext,
): TUserEventData {
  const current = accountInArea(account, ctx);
  const changes = changedFields(current, input.changes);
  if (Object.keys(changes).length === 0) throw new DomainError('VALIDATION', 'Nothing to change');
  if (changes.role !== undefined) assertNotSelf(current, ctx, 'change the role of');
  if (changes.organisationId !== undefined) assertOrganisationInArea(organisation, ctx.areaId);
  return { type: 'user.updated', data: { changes, reason: input.reason } };
}

export function decideSetEnabled(
  account: TAccount | null,
  input: { isEnabled: boolean; reason: string },
  ctx: TAdminContext,
): TUserEventData {
  const current = accountInArea(account, ctx);
  if (current.isEnabled === input.isEnabled) {
    throw new DomainError(
      'VALIDATION',
      `${current.displayName} is already ${input.isEnabled ? 'enabled' : 'disabled'}`,
    );
  }
  if (!input.isEnabled) assertNotSelf(current, ctx, 'disable');
  return { type: input.isEnabled ? 'user.enabled' : 'user.disabled', data: { reason: input.reason } };
}

export function decideSetTemporaryPassword(
  account: TAccount | null,
  input: { reason: string },
  ctx: TAdminContext,
): TUserEventData {
  const current = accountInArea(account, ctx);
  assertNotSelf(current, ctx, 'set a temporary password for');
  return { type: 'user.temporary-password-set', data: { reason: input.reason } };
}

export function decideResetMfa(
  account: TAccount | null,
  input: { reason: string },
  ctx: TAdminContext,
): TUserEventData {
  const current = accountInArea(account, ctx);
  if (!current.hasMfa) throw new DomainError('VALIDATION', `${current.displayName} has no authenticator to reset`);
  assertNotSelf(current, ctx, 'reset MFA on');
  return { type: 'user.mfa-reset', data: { reason: input.reason } };
}

export function decideRevokeSessions(
  account: TAccount | null,
  input: { reason: string; count: number },
  ctx: TAdminContext,
): TUserEventData {
  const current = accountInArea(account, ctx);
  if (input.count === 0) throw new DomainError('VALIDATION', `${current.displayName} has no session to end`);
  return { type: 'user.sessions-revoked', data: { count: input.count, reason: input.reason } };
}

/** Only the fields whose value really changes, so the history never says "changed" for nothing. */
function changedFields<T extends object>(current: T, changes: Partial<T>): Partial<T> {
  const out: Partial<T> = {};
  for (const key of Object.keys(changes) as (keyof T)[]) {
    const value = changes[key];
    if (value !== undefined && JSON.stringify(value) !== JSON.stringify(current[key])) out[key] = value;
  }
  return out;
}

// ── Sessions ─────────────────────────────────────────────────────────────────────────────────────

/**
 * How long past the idle limit the server waits before it locks a session: the console locks itself at
 * the limit, tells the server about activity at most once a minute, and the server writes it at most
 * every 30 seconds — so the server must wait both, and is never first.
 */
export const IDLE_LOCK_GRACE_MS = 90_000;

/**
 * The stage a session is really in at `now`: null when it has ended (expired, or the account was
 * disabled); `locked` when an active session has been idle longer than its role allows.
 */
export function effectiveSessionStage(
  session: { stage: TSessionStage; expiresAt: string; lastActiveAt: string; lockedAt: string | null },
  account: { isEnabled: boolean; role: TRole },
  idleLockMinutes: TIdleLockMinutes,
  now: Date,
): TSessionStage | null {
  if (new Date(session.expiresAt).getTime() <= now.getTime() || !account.isEnabled) return null;
  if (session.stage !== 'active') return session.stage;
  if (session.lockedAt) return 'locked';
  const idleMs = idleLockMinutes[account.role] * 60_000;
  if (idleMs > 0 && now.getTime() - new Date(session.lastActiveAt).getTime() > idleMs + IDLE_LOCK_GRACE_MS) {
    return 'locked';
  }
  return 'active';
}
