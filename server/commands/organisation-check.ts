import { assertOrganisationInArea } from '@shared/rules/account-lifecycle';
import type { TServices } from '../services';

/** Loads the organisation a command names and checks it is one of the actor's area (the pure rule). */
export async function assertOrganisationOfArea(
  services: TServices,
  organisationId: string,
  areaId: string,
): Promise<void> {
  assertOrganisationInArea(await services.store.organisations.get(organisationId), areaId);
}
