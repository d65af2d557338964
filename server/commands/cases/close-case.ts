import { DomainError } from '@shared/errors';
import { closingReason, decideClose } from '@shared/rules/case-lifecycle';
import { decideCloseRelease } from '@shared/rules/service-lifecycle';
import { decideStandDown } from '@shared/rules/unit-lifecycle';
import type { TCaseCloseRequest } from '@shared/schemas/case';
import type { TServices } from '../../services';
import { PlanOutOfDate, type TPlan } from '../pipeline';
import type { TPlanContext } from '../registry';
import { requireCard } from './require-card';

/**
 * Closes a card with a required outcome (R-NTA-1), and in the same transaction stands down every unit
 * still sent to it and releases every place still held for it, each with the close as the reason
 * (R-LINK-CLOSE). The units and services are found before the transaction and checked again inside it:
 * if one was sent or held for the card in between, the command is planned again.
 */
export async function closeCase(input: TCaseCloseRequest, ctx: TPlanContext, services: TServices): Promise<TPlan> {
  const [units, held] = await Promise.all([
    services.store.units.list(ctx.areaId),
    services.store.services.listWithHolds(),
  ]);
  const unitIds = units.filter((u) => u.assignment?.caseId === input.caseId).map((u) => u.id);
  const serviceIds = held
    .filter((s) => s.areaId === ctx.areaId && s.holds.some((h) => h.caseId === input.caseId))
    .map((s) => s.id);
  return {
    streams: [
      { kind: 'case', id: input.caseId, expectedVersion: input.expectedVersion, touches: ['status', 'outcome'] },
      ...unitIds.map((id) => ({ kind: 'unit' as const, id })),
      ...serviceIds.map((id) => ({ kind: 'service' as const, id })),
    ],
    decide: (draft) => {
      const card = requireCard(draft.read('case', input.caseId));
      const concerning = draft.concerning(input.caseId);
      const planned = new Set([...unitIds.map((id) => `unit:${id}`), ...serviceIds.map((id) => `service:${id}`)]);
      if (concerning.some((ref) => !planned.has(`${ref.kind}:${ref.id}`))) throw new PlanOutOfDate();
      draft.append('case', card.id, decideClose(card, input));
      const reason = closingReason(card);
      for (const ref of concerning) {
        if (ref.kind === 'unit') {
          const unit = draft.read('unit', ref.id);
          if (!unit) throw new DomainError('NOT_FOUND', 'No such unit');
          draft.append('unit', ref.id, decideStandDown(unit, reason, card.id));
        } else {
          let service = draft.read('service', ref.id);
          for (const hold of service?.holds.filter((h) => h.caseId === card.id) ?? []) {
            if (!service) break;
            service = draft.append('service', ref.id, decideCloseRelease(service, hold.id, reason));
          }
        }
      }
    },
  };
}
