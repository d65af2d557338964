import { DomainError } from '@shared/errors';
import { ADMIN_HISTORY_TYPES, describeAdminEvent } from '@shared/rules/admin-history';
import { canAdminister } from '@shared/rules/permissions';
import type {
  TAccountListItem,
  TAdminHistory,
  TArea,
  TCrewCandidate,
  TDirectory,
  TOrganisation,
  TSessionSummary,
} from '@shared/schemas/account';
import type { TUser } from '@shared/schemas/user';
import { effectiveSessionStage } from '@shared/rules/account-lifecycle';
import { isRegistryRole } from '@shared/rules/capacity';
import { CREW_ROLES } from '@shared/rules/unit-lifecycle';
import type { TServices } from '../services';

function assertAdmin(user: TUser): void {
  if (!canAdminister(user.role)) throw new DomainError('FORBIDDEN', 'Only administrators see this');
}

/** Display names of the area and its organisations, for every console (nothing hard-coded in the client). */
export async function directory(services: TServices, user: TUser): Promise<TDirectory> {
  const [area, organisations] = await Promise.all([
    services.store.areas.get(user.areaId),
    services.store.organisations.list(user.areaId),
  ]);
  return {
    area: {
      id: user.areaId,
      name: area?.name ?? user.areaId,
      shortCode: area?.shortCode ?? '',
      isDemo: area?.isDemo ?? false,
    },
    organisations: organisations.map(({ id, name, kind }) => ({ id, name, kind })),
  };
}

export async function getArea(services: TServices, user: TUser): Promise<TArea> {
  assertAdmin(user);
  const area = await services.store.areas.get(user.areaId);
  if (!area) throw new DomainError('NOT_FOUND', 'No such area');
  return area;
}

export async function listOrganisations(services: TServices, user: TUser): Promise<TOrganisation[]> {
  assertAdmin(user);
  return services.store.organisations.list(user.areaId);
}

/** Every account of the area with the units each crews and their live sessions. */
export async function listAccounts(services: TServices, user: TUser): Promise<TAccountListItem[]> {
  assertAdmin(user);
  const [accounts, units] = await Promise.all([
    services.store.accounts.list(user.areaId),
    services.store.units.list(user.areaId),
  ]);
  const now = services.now();
  return Promise.all(
    accounts.map(async (account) => {
      const sessions = (await services.store.sessions.listForUser(account.id)).filter(
        (s) => effectiveSessionStage(s, account, services.config.idleLockMinutes, now) !== null,
      );
      return {
        ...account,
        unitCallSigns: units.filter((u) => u.members.some((m) => m.userId === account.id)).map((u) => u.callSign),
        sessionCount: sessions.length,
        lastActiveAt:
          sessions
            .map((s) => s.lastActiveAt)
            .sort()
            .at(-1) ?? null,
      };
    }),
  );
}

/** One person's sessions: when, from where, on what, and whether locked. */
export async function sessionsOf(services: TServices, user: TUser, userId: string): Promise<TSessionSummary[]> {
  assertAdmin(user);
  const account = await services.store.accounts.get(userId);
  if (!account || account.areaId !== user.areaId) throw new DomainError('NOT_FOUND', 'No such account');
  const now = services.now();
  return (await services.store.sessions.listForUser(userId)).flatMap((s) => {
    const stage = effectiveSessionStage(s, account, services.config.idleLockMinutes, now);
    if (!stage) return [];
    return [
      {
        id: s.id,
        stage,
        createdAt: s.createdAt,
        expiresAt: s.expiresAt,
        lastActiveAt: s.lastActiveAt,
        isLocked: stage === 'locked',
        userAgent: s.userAgent,
        source: s.source,
      },
    ];
  });
}

/** The administration history of the area, newest first, a page at a time. */
export async function adminHistory(
  services: TServices,
  user: TUser,
  beforeSeq: number | null,
  limit = 100,
): Promise<TAdminHistory> {
  assertAdmin(user);
  const [events, accounts, organisations, units, registry] = await Promise.all([
    services.store.streams.recentEvents(user.areaId, ADMIN_HISTORY_TYPES, beforeSeq ?? Number.MAX_SAFE_INTEGER, limit),
    services.store.accounts.list(user.areaId),
    services.store.organisations.list(user.areaId),
    services.store.units.list(user.areaId),
    services.store.services.list(user.areaId),
  ]);
  const names = {
    accounts: new Map(accounts.map((a) => [a.id, `${a.displayName} · ${a.username}`])),
    organisations: new Map(organisations.map((o) => [o.id, o.name])),
    units: new Map(units.map((u) => [u.id, u.callSign])),
    services: new Map(registry.map((s) => [s.id, s.name])),
  };
  return {
    entries: events.map((e) => ({
      seq: e.seq,
      at: e.at,
      actor: e.actor,
      type: e.type,
      ...describeAdminEvent(e, names),
    })),
    nextBefore: events.length === limit ? (events.at(-1)?.seq ?? null) : null,
  };
}

/**
 * The people a unit can be crewed by: enabled accounts of the area in a crew role, with no more than a
 * duty manager needs to pick them (name, role, organisation). Duty managers keep crews but do not see
 * the account list.
 */
export async function crewCandidates(services: TServices, user: TUser): Promise<TCrewCandidate[]> {
  if (!isRegistryRole(user.role))
    throw new DomainError('FORBIDDEN', 'Only duty managers and administrators keep crews');
  const accounts = await services.store.accounts.list(user.areaId);
  return accounts
    .filter((a) => a.isEnabled && CREW_ROLES.includes(a.role))
    .map(({ id, displayName, role, organisationId }) => ({ id, displayName, role, organisationId }));
}
