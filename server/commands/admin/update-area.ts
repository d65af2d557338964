import { DomainError } from '@shared/errors';
import { decideUpdateArea } from '@shared/rules/account-lifecycle';
import { areaAnswer } from './answers';
import { areaWrite } from './stream-writes';
import type { TAdminHandler } from './types';

/** Renames the administrator's own area or changes its short code (unique across the installation). */
export const updateArea: TAdminHandler<'area:update'> = async (input, ctx, services) => {
  const code = input.changes.shortCode;
  if (code !== undefined) {
    const taken = (await services.store.areas.list()).find((a) => a.shortCode === code && a.id !== ctx.areaId);
    if (taken) {
      throw new DomainError('VALIDATION', `${taken.name} already uses the code ${code}`, {
        issues: [{ path: 'changes.shortCode', message: 'Already used' }],
      });
    }
  }
  const ref = { kind: 'area' as const, id: ctx.areaId };
  return {
    streams: [ref],
    decide: ({ read }) => {
      const area = read(ref);
      if (area && area.version !== input.expectedVersion) {
        throw new DomainError('CONFLICT', `${area.name} changed since you opened it; check and try again`);
      }
      return { writes: [areaWrite(ctx.areaId, area, [decideUpdateArea(area, input)], ctx.by)] };
    },
    answer: ({ seq }) => areaAnswer(services, ctx.areaId, seq),
  };
};
