import { DomainError } from '@shared/errors';
import type { TServiceCommand, TServiceCommandInput } from '@shared/protocol';
import { arrivalAt, currentPlace, decideArrival } from '@shared/rules/detention';
import type { TServiceEventData } from '@shared/rules/service-events';
import {
  decideAcceptHold,
  decideArriveHold,
  decideConfirm,
  decideDeclineHold,
  decideMovePlaces,
  decidePlaceHold,
  decideRegister,
  decideReleaseHold,
  decideSetPlaces,
  decideSetStatus,
  decideSetTotals,
  decideUpdateDetails,
  type TServiceContext,
} from '@shared/rules/service-lifecycle';
import type { TService } from '@shared/schemas/service';
import type { TServices } from '../../services';
import { openCard } from '../cases/require-card';
import { assertOrganisationOfArea } from '../organisation-check';
import type { TDraft, TPlan } from '../pipeline';

/** What a service command asks of the runner: which service, the version it saw, a pure decision. */
export interface TServicePlan {
  serviceId: string;
  expectedVersion: number | null;
  /** Called inside the transaction; `service` is null only for registration. */
  decide: (service: TService | null) => TServiceEventData;
}

type THandler<C extends TServiceCommand> = (
  input: TServiceCommandInput<C>,
  ctx: TServiceContext,
  services: TServices,
) => TServicePlan | TPlan | Promise<TServicePlan | TPlan>;

/** Most commands act on an existing service; a missing one (or one in another area) is not found. */
const existing =
  (decide: (service: TService) => TServiceEventData) =>
  (service: TService | null): TServiceEventData => {
    if (!service) throw new DomainError('NOT_FOUND', 'No such service');
    return decide(service);
  };

const on = (
  input: { serviceId: string },
  decide: (service: TService) => TServiceEventData,
  expectedVersion = null,
) => ({
  serviceId: input.serviceId,
  expectedVersion,
  decide: existing(decide),
});

/** Every service command, by its socket event name. */
export const SERVICE_HANDLERS: { [C in TServiceCommand]: THandler<C> } = {
  'service:register': async (input, ctx, services) => {
    await assertOrganisationOfArea(services, input.organisationId, ctx.areaId);
    return {
      serviceId: input.serviceId,
      expectedVersion: null,
      decide: (service: TService | null) => decideRegister(service, input, ctx),
    };
  },
  'service:update-details': async (input, ctx, services) => {
    if (input.changes.organisationId !== undefined) {
      await assertOrganisationOfArea(services, input.changes.organisationId, ctx.areaId);
    }
    return { ...on(input, (s) => decideUpdateDetails(s, input, ctx)), expectedVersion: input.expectedVersion };
  },
  'service:set-totals': (input) => ({
    ...on(input, (s) => decideSetTotals(s, input)),
    expectedVersion: input.expectedVersion,
  }),
  'service:move-places': (input, ctx) => on(input, (s) => decideMovePlaces(s, input, ctx)),
  'service:set-places': (input, ctx) => ({
    ...on(input, (s) => decideSetPlaces(s, input, ctx)),
    expectedVersion: input.expectedVersion,
  }),
  'service:set-status': (input, ctx) => on(input, (s) => decideSetStatus(s, input, ctx)),
  'service:confirm': (input, ctx) => on(input, (s) => decideConfirm(s, ctx)),
  // The card must exist, be open and be in the actor's area, read in the same transaction (R-LINK-CLOSED);
  // its reference is kept with the hold.
  'hold:place': (input, ctx) => ({
    streams: [
      { kind: 'service', id: input.serviceId },
      { kind: 'case', id: input.caseId },
    ],
    decide: (draft: TDraft) => {
      const card = openCard(draft.read('case', input.caseId));
      const service = draft.read('service', input.serviceId);
      if (!service) throw new DomainError('NOT_FOUND', 'No such service');
      draft.append('service', input.serviceId, decidePlaceHold(service, input, card.ref, ctx));
    },
  }),
  'hold:accept': (input, ctx) => on(input, (s) => decideAcceptHold(s, input.holdId, ctx)),
  'hold:decline': (input, ctx) => on(input, (s) => decideDeclineHold(s, input, ctx)),
  // A place of safety's room (R-POS-REGISTRY): the suite's staff receiving the person also record their
  // arrival on the card, so the legal clock starts when the room fills, not when someone remembers.
  'hold:arrive': async (input, ctx, services) => {
    const caseId = (await services.store.services.get(input.serviceId))?.holds.find(
      (h) => h.id === input.holdId && h.purpose === 'place-of-safety',
    )?.caseId;
    if (!caseId) return on(input, (s) => decideArriveHold(s, input.holdId, ctx));
    return {
      streams: [
        { kind: 'service', id: input.serviceId },
        { kind: 'case', id: caseId },
      ],
      decide: (draft: TDraft) => {
        const service = draft.read('service', input.serviceId);
        if (!service) throw new DomainError('NOT_FOUND', 'No such service');
        draft.append('service', input.serviceId, decideArriveHold(service, input.holdId, ctx));
        const card = draft.read('case', caseId);
        const place = card?.detention ? currentPlace(card.detention) : null;
        if (card && place?.holdId === input.holdId && !arrivalAt(place)) {
          const arrival = {
            commandId: input.commandId,
            caseId,
            expectedVersion: card.version,
            arrivedOnSiteAt: ctx.now.toISOString(),
            enteredAt: null,
          };
          draft.append('case', caseId, decideArrival(card, arrival, ctx.now));
        }
      },
    };
  },
  'hold:release': (input, ctx) => on(input, (s) => decideReleaseHold(s, input, ctx)),
};
