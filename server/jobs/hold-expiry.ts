import { DomainError } from '@shared/errors';
import { expiredHolds } from '@shared/rules/capacity';
import { decideExpireHold } from '@shared/rules/service-lifecycle';
import { commitPlan, onService } from '../commands/pipeline';
import type { TServices } from '../services';
import { SYSTEM_ACTOR } from './detention-alerts';

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
      try {
        const result = await commitPlan(
          services,
          { actor: SYSTEM_ACTOR, areaId: service.areaId, viewer: 'duty-manager' },
          { name: 'system:expire-hold', commandId: `hold-expired:${hold.id}` },
          onService({
            serviceId: service.id,
            expectedVersion: null,
            decide: (current) => {
              if (!current) throw new DomainError('NOT_FOUND', 'No such service');
              return decideExpireHold(current, hold.id, now);
            },
          }),
          now,
        );
        if (result.kind === 'applied') expired++;
      } catch (error) {
        if (!(error instanceof DomainError))
          services.logger.error({ err: error, serviceId: service.id }, 'expiring a hold failed');
      }
    }
  }
  return expired;
}
