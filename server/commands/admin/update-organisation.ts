import { DomainError } from '@shared/errors';
import { decideUpdateOrganisation } from '@shared/rules/account-lifecycle';
import { organisationAnswer } from './answers';
import { organisationWrite } from './stream-writes';
import type { TAdminHandler } from './types';

/** Renames an organisation (every screen shows the new name) or changes its kind. */
export const updateOrganisation: TAdminHandler<'organisation:update'> = async (input, ctx, services) => {
  const siblings = await services.store.organisations.list(ctx.areaId);
  const ref = { kind: 'organisation' as const, id: input.organisationId };
  return {
    streams: [ref],
    decide: ({ read }) => {
      const found = read(ref);
      const current = found && found.areaId === ctx.areaId ? found : null;
      if (current && current.version !== input.expectedVersion) {
        throw new DomainError('CONFLICT', `${current.name} changed since you opened it; check and try again`);
      }
      const data = decideUpdateOrganisation(current, input, siblings);
      return { writes: [organisationWrite(input.organisationId, current, [data], ctx.by)] };
    },
    answer: ({ seq }) => organisationAnswer(services, input.organisationId, seq),
  };
};
