import { DomainError } from '@shared/errors';
import { currentPlace, decideArrival, decideEndDetention, decidePlaceOfSafety } from '@shared/rules/detention';
import {
  decideArriveAtPlace,
  decideLeavePlace,
  decidePlaceOfSafetyHold,
  registryPlace,
} from '@shared/rules/place-of-safety';
import type { TServiceEventData } from '@shared/rules/service-events';
import type { TCaseCard } from '@shared/schemas/case';
import type { TService } from '@shared/schemas/service';
import type {
  TChoosePlaceOfSafetyRequest,
  TEndDetentionRequest,
  TPlaceOfSafety,
  TRecordArrivalRequest,
} from '@shared/schemas/detention';
import type { TServices } from '../../services';
import { requireCard } from '../cases/require-card';
import { PlanOutOfDate, type TDraft, type TPlan, type TPlannedStream } from '../pipeline';
import type { TPlanContext } from '../registry';

/**
 * The Mental Health Act steps that move a room at a place of safety from the registry (R-POS-REGISTRY):
 * choosing or transferring, arrival, and the end of the detention change the card and the service in
 * one transaction. The card is read before the transaction to name the service; if its place changed
 * in between, the command is planned again.
 */

/** The registry service of the card's current place of safety, as the card stands now. */
async function currentPlaceServiceId(services: TServices, caseId: string): Promise<string | null> {
  const card = await services.store.cases.get(caseId);
  const place = card?.detention ? currentPlace(card.detention) : null;
  return place?.serviceId ?? null;
}

const serviceStream = (id: string | null): TPlannedStream[] => (id ? [{ kind: 'service', id }] : []);

/** The card's current place inside the transaction, checked against the plan. */
function placeAsPlanned(card: TCaseCard, plannedServiceId: string | null) {
  const place = card.detention ? currentPlace(card.detention) : null;
  if ((place?.serviceId ?? null) !== plannedServiceId) throw new PlanOutOfDate();
  return place;
}

function appendService(draft: TDraft, serviceId: string, decide: (s: TService) => TServiceEventData | null) {
  const service = draft.read('service', serviceId);
  if (!service) return;
  const event = decide(service);
  if (event) draft.append('service', serviceId, event);
}

/**
 * Chooses the first place of safety or a transfer (R-POS-CHILD, R-POS-ADULT, R-S136-TRANSFER). A place
 * from the registry takes its kind and name from there and holds the room the person needs; a transfer
 * releases the room held at the place before, or sends it to cleaning if the person was there.
 */
export async function planChoosePlaceOfSafety(
  input: TChoosePlaceOfSafetyRequest,
  ctx: TPlanContext,
  services: TServices,
): Promise<TPlan> {
  const previousServiceId = await currentPlaceServiceId(services, input.caseId);
  const streams: TPlannedStream[] = [
    { kind: 'case', id: input.caseId, expectedVersion: input.expectedVersion, touches: ['detention'] },
    ...serviceStream(input.serviceId ?? null),
    ...(previousServiceId !== input.serviceId ? serviceStream(previousServiceId) : []),
  ];
  return {
    streams,
    decide: (draft) => {
      const card = requireCard(draft.read('case', input.caseId));
      const previous = placeAsPlanned(card, previousServiceId);
      let chosen = input;
      let registry: Parameters<typeof decidePlaceOfSafety>[3] = null;
      let hold: Parameters<typeof decidePlaceOfSafetyHold>[0] | null = null;
      const holdId = ctx.newId();
      if (input.serviceId && input.serviceId === previous?.serviceId) {
        throw new DomainError('RULE_VIOLATION', `${previous.name} is already the place of safety`, {
          ruleId: 'R-POS-REGISTRY',
        });
      }
      if (input.serviceId) {
        const ageStatement = input.ageStatement ?? card.detention?.ageStatement ?? null;
        const place = registryPlace(draft.read('service', input.serviceId), card, ageStatement, ctx.now);
        chosen = { ...input, kind: place.kind, name: place.name };
        registry = { serviceId: place.serviceId, holdId: place.category ? holdId : null, category: place.category };
        if (place.category) hold = { ...place, category: place.category };
      }
      for (const event of decidePlaceOfSafety(card, chosen, ctx.now, registry)) draft.append('case', card.id, event);
      if (previous?.serviceId) {
        const reason = `${card.ref} moved to ${chosen.name}`;
        appendService(draft, previous.serviceId, (s) => decideLeavePlace(s, previous, card.ref, reason));
      }
      if (hold && input.serviceId) {
        draft.append(
          'service',
          input.serviceId,
          decidePlaceOfSafetyHold(hold, { id: holdId, caseId: card.id, caseRef: card.ref }, ctx.now),
        );
      }
    },
  };
}

/**
 * A step on the card's detention that also moves the room at its current registry place: the card and
 * that service (if any) in one plan; `decide` appends the card's event and the service's, if one.
 */
async function planStepAtPlace(
  input: { caseId: string; expectedVersion: number },
  services: TServices,
  decide: (draft: TDraft, card: TCaseCard, place: TPlaceOfSafety | null, serviceId: string | null) => void,
): Promise<TPlan> {
  const serviceId = await currentPlaceServiceId(services, input.caseId);
  return {
    streams: [
      { kind: 'case', id: input.caseId, expectedVersion: input.expectedVersion, touches: ['detention'] },
      ...serviceStream(serviceId),
    ],
    decide: (draft) => {
      const card = requireCard(draft.read('case', input.caseId));
      decide(draft, card, placeAsPlanned(card, serviceId), serviceId);
    },
  };
}

/** Arrival on site and entry (R-S136-CLOCK-1): a held room at a registry place becomes occupied. */
export function planRecordArrival(
  input: TRecordArrivalRequest,
  ctx: TPlanContext,
  services: TServices,
): Promise<TPlan> {
  return planStepAtPlace(input, services, (draft, card, place, serviceId) => {
    draft.append('case', card.id, decideArrival(card, input, ctx.now));
    if (place && serviceId) appendService(draft, serviceId, (s) => decideArriveAtPlace(s, place, card.ref));
  });
}

/** Ends the detention with its outcome (R-S136-END): the room at a registry place goes to cleaning. */
export function planEndDetention(input: TEndDetentionRequest, _ctx: TPlanContext, services: TServices): Promise<TPlan> {
  return planStepAtPlace(input, services, (draft, card, place, serviceId) => {
    draft.append('case', card.id, decideEndDetention(card, input));
    if (place && serviceId) {
      const reason = `The detention on ${card.ref} ended`;
      appendService(draft, serviceId, (s) => decideLeavePlace(s, place, card.ref, reason));
    }
  });
}
