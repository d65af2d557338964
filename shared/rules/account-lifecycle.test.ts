import { describe, expect, it } from 'vitest';
import type { TAccount, TArea, TOrganisation } from '../schemas/account';
import type { TRole } from '../schemas/user';
import type { TIdleLockMinutes } from './account-lifecycle';
import {
  decideCreateUser,
  decideResetMfa,
  decideSetEnabled,
  decideUpdateUser,
  effectiveSessionStage,
  isMfaRequired,
  nextLoginStage,
} from './account-lifecycle';

const now = new Date('2026-12-01T09:00:00Z');
const ctx = { actor: { id: 'admin-1', name: 'Ada', role: 'admin' as const }, areaId: 'nv', now };
const area: TArea = {
  id: 'nv',
  name: 'North Vale',
  shortCode: 'NV',
  isDemo: false,
  version: 1,
  updatedAt: now.toISOString(),
};
const org: TOrganisation = {
  id: 'org',
  areaId: 'nv',
  name: 'Trust',
  kind: 'nhs-trust',
  version: 1,
  updatedAt: now.toISOString(),
};
const account = (overrides: Partial<TAccount> = {}): TAccount => ({
  id: 'u1',
  areaId: 'nv',
  username: 'tess',
  displayName: 'Tess',
  role: 'triage-clinician',
  organisationId: 'org',
  contact: { phone: '', email: '' },
  isEnabled: true,
  isDemo: false,
  mustChangePassword: false,
  hasMfa: true,
  version: 1,
  createdAt: now.toISOString(),
  updatedAt: now.toISOString(),
  ...overrides,
});
const refusal = (fn: () => unknown) => {
  try {
    fn();
  } catch (e) {
    return e;
  }
  throw new Error('expected a refusal');
};

describe('who needs a second factor', () => {
  it('every personal account; not the display-only board, nor the demo’s fictional accounts', () => {
    expect(isMfaRequired({ role: 'operator', isDemo: false })).toBe(true);
    expect(isMfaRequired({ role: 'admin', isDemo: false })).toBe(true);
    expect(isMfaRequired({ role: 'board', isDemo: false })).toBe(false);
    expect(isMfaRequired({ role: 'operator', isDemo: true })).toBe(false);
  });
});

describe('the steps of a login after the password', () => {
  it('second factor first, then a new password if temporary, then enrolment if there is no authenticator', () => {
    const fresh = account({ hasMfa: false, mustChangePassword: true });
    expect(nextLoginStage(fresh, { mfa: false })).toBe('change-password');
    expect(nextLoginStage({ ...fresh, mustChangePassword: false }, { mfa: false })).toBe('enrol-mfa');
    const reset = account({ mustChangePassword: true });
    expect(nextLoginStage(reset, { mfa: false })).toBe('mfa');
    expect(nextLoginStage(reset, { mfa: true })).toBe('change-password');
    expect(nextLoginStage(account(), { mfa: true })).toBe('active');
    expect(nextLoginStage(account({ role: 'board', hasMfa: false }), { mfa: false })).toBe('active');
  });
});

describe('idle lock', () => {
  const minutes = { operator: 30, 'police-officer': 15, board: 0 } as TIdleLockMinutes;
  const session = (idleMinutes: number) => ({
    stage: 'active' as const,
    expiresAt: '2026-12-01T20:00:00Z',
    lastActiveAt: new Date(now.getTime() - idleMinutes * 60_000).toISOString(),
    lockedAt: null,
  });
  const stage = (role: TRole, idle: number) =>
    effectiveSessionStage(session(idle), { isEnabled: true, role }, minutes, now);

  it('locks a desk after 30 minutes and a tablet after 15 (each plus the 90 s the console is given to lock first)', () => {
    expect(stage('operator', 31.4)).toBe('active');
    expect(stage('operator', 31.6)).toBe('locked');
    expect(stage('police-officer', 16.4)).toBe('active');
    expect(stage('police-officer', 16.6)).toBe('locked');
  });

  it('never locks the display-only board; an expired session or a disabled account has no stage at all', () => {
    expect(stage('board', 600)).toBe('active');
    expect(
      effectiveSessionStage(
        { ...session(0), expiresAt: now.toISOString() },
        { isEnabled: true, role: 'operator' },
        minutes,
        now,
      ),
    ).toBeNull();
    expect(effectiveSessionStage(session(0), { isEnabled: false, role: 'operator' }, minutes, now)).toBeNull();
  });
});

describe('administration decisions', () => {
  it('an account is made for an organisation of the actor’s area; accounts in the demo area are demo accounts', () => {
    const input = {
      username: 'tess',
      displayName: 'Tess',
      role: 'operator' as const,
      organisationId: 'org',
      contact: { phone: '', email: '' },
    };
    expect(decideCreateUser(null, input, { area, organisation: org, mustChangePassword: true }, ctx)).toMatchObject({
      type: 'user.created',
      data: { isDemo: false, mustChangePassword: true, areaId: 'nv' },
    });
    expect(
      refusal(() =>
        decideCreateUser(
          null,
          input,
          { area, organisation: { ...org, areaId: 'elsewhere' }, mustChangePassword: true },
          ctx,
        ),
      ),
    ).toMatchObject({ code: 'VALIDATION' });
    expect(
      decideCreateUser(
        null,
        input,
        { area: { ...area, isDemo: true }, organisation: org, mustChangePassword: false },
        ctx,
      ),
    ).toMatchObject({ data: { isDemo: true } });
  });

  it('an administrator cannot disable themselves or change their own role (an area never loses its last administrator by a slip)', () => {
    const me = account({ id: 'admin-1', role: 'admin' });
    expect(refusal(() => decideSetEnabled(me, { isEnabled: false, reason: 'x' }, ctx))).toMatchObject({
      code: 'RULE_VIOLATION',
    });
    expect(
      refusal(() => decideUpdateUser(me, { changes: { role: 'operator' }, reason: 'x' }, null, ctx)),
    ).toMatchObject({ code: 'RULE_VIOLATION' });
    expect(decideUpdateUser(me, { changes: { displayName: 'Ada L' }, reason: '' }, null, ctx)).toMatchObject({
      type: 'user.updated',
    });
  });

  it('an account of another area is not found, and a change that changes nothing is refused', () => {
    expect(
      refusal(() => decideSetEnabled(account({ areaId: 'other' }), { isEnabled: false, reason: 'x' }, ctx)),
    ).toMatchObject({ code: 'NOT_FOUND' });
    expect(
      refusal(() => decideUpdateUser(account(), { changes: { displayName: 'Tess' }, reason: '' }, null, ctx)),
    ).toMatchObject({ code: 'VALIDATION' });
    expect(refusal(() => decideResetMfa(account({ hasMfa: false }), { reason: 'x' }, ctx))).toMatchObject({
      code: 'VALIDATION',
    });
  });

  it('records only the fields that really change', () => {
    const decided = decideUpdateUser(
      account(),
      { changes: { displayName: 'Tess M', role: 'triage-clinician' }, reason: '' },
      null,
      ctx,
    );
    expect(decided).toEqual({ type: 'user.updated', data: { changes: { displayName: 'Tess M' }, reason: '' } });
  });
});
