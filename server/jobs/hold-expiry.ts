import { DomainError } from '@shared/errors';
import { expiredHolds } from '@shared/rules/capacity';
import { decideExpireHold } from '@shared/rules/service-lifecycle';
import { onService } from '../commands/pipeline';
import type { TServices } from '../services';
import { commitSystemStep } from './system-commit';

/**
 * Returns every place whose hold has run out. Each expiry's commandId is the hold's own
 * (`hold-expired:<hold>`), and a hold that has already ended cannot end again, so a second pass, a
 * restart in between or a second server returns the place exactly once (SPEC S-21).
 */
export async function expireDueHolds(services: TServices): Promise<number> {
  const now = services.now();
  let expired = 0;
  for (const service of await services.store.services.listWithHolds()) {
    for (const hold of expiredHolds(service, now)) {
      const plan = onService({
        serviceId: service.id,
        expectedVersion: null,
        decide: (current) => {
          if (!current) throw new DomainError('NOT_FOUND', 'No such service');
          return decideExpireHold(current, hold.id, now);
        },
      });
      const step = {
        areaId: service.areaId,
        name: 'system:expire-hold',
        commandId: `hold-expired:${hold.id}`,
        plan,
        now,
      };
      if (await commitSystemStep(services, step, 'expiring a hold', { serviceId: service.id })) expired++;
    }
  }
  return expired;
}
