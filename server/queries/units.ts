import { DomainError } from '@shared/errors';
import { canReadCases } from '@shared/rules/permissions';
import { unitForReader } from '@shared/rules/redaction';
import { responseIntervals } from '@shared/rules/unit-lifecycle';
import type { TResponseIntervals, TUnit } from '@shared/schemas/unit';
import type { TUser } from '@shared/schemas/user';
import type { TServices } from '../services';

/**
 * Units of the user's area as they may see them, by call sign: all of them for the hub, registry
 * records for administrators, a crew member's own units, and none for anyone else (R-IG-MIN).
 */
export async function listUnits(services: TServices, user: TUser): Promise<TUnit[]> {
  const units = await services.store.units.list(user.areaId);
  return units.flatMap((u) => unitForReader(u, user) ?? []).sort((a, b) => a.callSign.localeCompare(b.callSign));
}

/** A case's response-interval stamps, each from the first event that records it. */
export async function caseResponseIntervals(
  services: TServices,
  user: TUser,
  caseId: string,
): Promise<TResponseIntervals> {
  if (!canReadCases(user.role)) throw new DomainError('FORBIDDEN', 'Your role does not see case cards');
  const card = await services.store.cases.get(caseId);
  if (!card || card.areaId !== user.areaId) throw new DomainError('NOT_FOUND', 'No such case');
  await services.disclosures.record(user, [caseId], 'intervals');
  const [caseEvents, unitEvents] = await Promise.all([
    services.store.cases.history(caseId),
    services.store.units.eventsForCase(caseId),
  ]);
  return responseIntervals(caseEvents, unitEvents, caseId);
}
