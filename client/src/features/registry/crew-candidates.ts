import { CREW_ROLES } from '@shared/rules/unit-lifecycle';
import type { TAccountListItem, TCrewCandidate as TServerCandidate } from '@shared/schemas/account';
import type { TUnit } from '@shared/schemas/unit';
import type { TRole } from '@shared/schemas/user';

/**
 * Someone who could crew a unit, as far as this person can tell. Administrators see every account
 * (organisation, enabled or not); duty managers only know the people already on some unit's crew, so
 * `organisationId` and `isEnabled` are null for them.
 */
export interface TCrewCandidate {
  id: string;
  name: string;
  role: TRole;
  organisationId: string | null;
  isEnabled: boolean | null;
  unitCallSigns: string[];
}

/** Whether the server would accept this person on a crew: an enabled account in a crew role. */
export function canCrew(candidate: TCrewCandidate): boolean {
  return candidate.isEnabled !== false && CREW_ROLES.includes(candidate.role);
}

/** Why someone cannot be added to a crew, in words; null when they can. */
export function crewProblem(candidate: TCrewCandidate): string | null {
  if (candidate.isEnabled === false) return 'account disabled';
  if (!CREW_ROLES.includes(candidate.role)) return 'not in a crew role';
  return null;
}

const byName = (a: TCrewCandidate, b: TCrewCandidate) => a.name.localeCompare(b.name);

/**
 * Administrators' candidates: every account in a crew role, disabled ones included so they can be seen
 * (and taken off a crew) but not added. Anyone already on `keep` stays listed whatever their role.
 */
export function candidatesFromAccounts(accounts: readonly TAccountListItem[], keep: readonly string[] = []) {
  return accounts
    .filter((a) => CREW_ROLES.includes(a.role) || keep.includes(a.id))
    .map((a): TCrewCandidate => ({
      id: a.id,
      name: a.displayName,
      role: a.role,
      organisationId: a.organisationId,
      isEnabled: a.isEnabled,
      unitCallSigns: a.unitCallSigns,
    }))
    .sort(byName);
}

/**
 * Duty managers' candidates: the server's list of enabled accounts in crew roles, with the units each
 * already crews; anyone on a crew but no longer a candidate (disabled meanwhile) stays listed to be taken off.
 */
export function candidatesFromServer(server: readonly TServerCandidate[], units: readonly TUnit[]): TCrewCandidate[] {
  const onUnits = new Map(candidatesFromUnits(units).map((c) => [c.id, c]));
  const listed = server.map((c): TCrewCandidate => ({
    id: c.id,
    name: c.displayName,
    role: c.role,
    organisationId: c.organisationId,
    isEnabled: true,
    unitCallSigns: onUnits.get(c.id)?.unitCallSigns ?? [],
  }));
  const gone = [...onUnits.values()]
    .filter((c) => !server.some((s) => s.id === c.id))
    .map((c) => ({ ...c, isEnabled: false }));
  return [...listed, ...gone].sort(byName);
}

/** Everyone on any unit's crew, with the units they are on. */
export function candidatesFromUnits(units: readonly TUnit[]): TCrewCandidate[] {
  const byId = new Map<string, TCrewCandidate>();
  for (const unit of units) {
    for (const m of unit.members) {
      const known = byId.get(m.userId);
      if (known) known.unitCallSigns.push(unit.callSign);
      else {
        byId.set(m.userId, {
          id: m.userId,
          name: m.name,
          role: m.role,
          organisationId: null,
          isEnabled: null,
          unitCallSigns: [unit.callSign],
        });
      }
    }
  }
  return [...byId.values()].map((c) => ({ ...c, unitCallSigns: [...c.unitCallSigns].sort() })).sort(byName);
}

/** Case-insensitive search over what the picker shows: name, role label, organisation, call signs. */
export function matchesCrewSearch(candidate: TCrewCandidate, needle: string, describe: (c: TCrewCandidate) => string) {
  const text = needle.trim().toLowerCase();
  if (text === '') return true;
  return `${candidate.name} ${describe(candidate)}`.toLowerCase().includes(text);
}
