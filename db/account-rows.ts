import type { TAccount, TArea, TContact, TOrganisation } from '@shared/schemas/account';
import type { TRole, TSessionStage } from '@shared/schemas/user';
import type { TSessionRecord } from './repositories';

/**
 * The administration tables' rows as every backend reads them, and what they are. A flag is 0 or 1 on
 * SQLite and a boolean on PostgreSQL.
 */
export type TFlag = number | boolean;
const flag = (value: TFlag): boolean => value === true || value === 1;

export interface TAreaRow {
  id: string;
  name: string;
  short_code: string;
  is_demo: TFlag;
  version: number;
  updated_at: string;
}
export interface TOrganisationRow {
  id: string;
  area_id: string;
  name: string;
  kind: string;
  version: number;
  updated_at: string;
}
export interface TUserRow {
  id: string;
  area_id: string;
  username: string;
  display_name: string;
  role: string;
  organisation_id: string;
  contact: string;
  is_enabled: TFlag;
  is_demo: TFlag;
  must_change_password: TFlag;
  has_mfa: TFlag;
  version: number;
  created_at: string;
  updated_at: string;
}
export interface TSessionRow {
  token_hash: string;
  id: string;
  user_id: string;
  stage: string;
  created_at: string;
  expires_at: string;
  last_active_at: string;
  locked_at: string | null;
  pending_mfa_secret: string | null;
  failures: number;
  user_agent: string;
  source: string;
}

export const toArea = (r: TAreaRow): TArea => ({
  id: r.id,
  name: r.name,
  shortCode: r.short_code,
  isDemo: flag(r.is_demo),
  version: r.version,
  updatedAt: r.updated_at,
});

export const toOrganisation = (r: TOrganisationRow): TOrganisation => ({
  id: r.id,
  areaId: r.area_id,
  name: r.name,
  kind: r.kind as TOrganisation['kind'],
  version: r.version,
  updatedAt: r.updated_at,
});

export const toAccount = (r: TUserRow): TAccount => ({
  id: r.id,
  areaId: r.area_id,
  username: r.username,
  displayName: r.display_name,
  role: r.role as TRole,
  organisationId: r.organisation_id,
  contact: JSON.parse(r.contact) as TContact,
  isEnabled: flag(r.is_enabled),
  isDemo: flag(r.is_demo),
  mustChangePassword: flag(r.must_change_password),
  hasMfa: flag(r.has_mfa),
  version: r.version,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

export const toSession = (r: TSessionRow): TSessionRecord => ({
  tokenHash: r.token_hash,
  id: r.id,
  userId: r.user_id,
  stage: r.stage as TSessionStage,
  createdAt: r.created_at,
  expiresAt: r.expires_at,
  lastActiveAt: r.last_active_at,
  lockedAt: r.locked_at,
  pendingMfaSecret: r.pending_mfa_secret,
  failures: r.failures,
  userAgent: r.user_agent,
  source: r.source,
});
