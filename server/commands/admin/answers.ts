import { DomainError } from '@shared/errors';
import type { TAccountCommandResult, TAreaCommandResult, TOrganisationCommandResult } from '@shared/schemas/account';
import type { TServices } from '../../services';

/** The answer to an account command: the account as it now is (and a temporary password, once). */
export async function accountAnswer(
  services: TServices,
  userId: string,
  seq: number,
  temporaryPassword: string | null = null,
): Promise<TAccountCommandResult> {
  const account = await services.store.accounts.get(userId);
  if (!account) throw new DomainError('NOT_FOUND', 'No such account');
  return { account, temporaryPassword, seq };
}

export async function organisationAnswer(
  services: TServices,
  id: string,
  seq: number,
): Promise<TOrganisationCommandResult> {
  const organisation = await services.store.organisations.get(id);
  if (!organisation) throw new DomainError('NOT_FOUND', 'No such organisation');
  return { organisation, seq };
}

export async function areaAnswer(services: TServices, id: string, seq: number): Promise<TAreaCommandResult> {
  const area = await services.store.areas.get(id);
  if (!area) throw new DomainError('NOT_FOUND', 'No such area');
  return { area, seq };
}
