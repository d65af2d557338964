import { decideCreateOrganisation } from '@shared/rules/account-lifecycle';
import { organisationAnswer } from './answers';
import { organisationWrite } from './stream-writes';
import type { TAdminHandler } from './types';

/** Adds an organisation (a trust, police force, ambulance service, charity) to the area. */
export const createOrganisation: TAdminHandler<'organisation:create'> = async (input, ctx, services) => {
  const siblings = await services.store.organisations.list(ctx.areaId);
  const ref = { kind: 'organisation' as const, id: input.organisationId };
  return {
    streams: [ref],
    decide: ({ read }) => {
      const current = read(ref);
      const data = decideCreateOrganisation(current, input, siblings, ctx);
      return { writes: [organisationWrite(input.organisationId, current, [data], ctx.by)] };
    },
    answer: ({ seq }) => organisationAnswer(services, input.organisationId, seq),
  };
};
