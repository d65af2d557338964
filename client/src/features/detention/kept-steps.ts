import { DomainError, type TAppError } from '@shared/errors';
import { currentPlace, decideArrival, decideHandover, decideWelfareCheck } from '@shared/rules/detention';
import type { TCaseCard } from '@shared/schemas/case';
import type {
  TRecordArrivalRequest,
  TRecordHandoverRequest,
  TRecordWelfareCheckRequest,
} from '@shared/schemas/detention';

export type TDetentionStep = 'case:record-arrival' | 'case:record-welfare-check' | 'case:record-handover';

/**
 * The card as it will be once the steps this device keeps reach the hub: a kept arrival fills the
 * current place's arrival times. Only what the next step's rule reads is projected.
 */
export function withKeptArrival(card: TCaseCard, keptArrival: TRecordArrivalRequest | null): TCaseCard {
  const d = card.detention;
  const place = d ? currentPlace(d) : null;
  if (!d || !place || !keptArrival) return card;
  const arrived = { ...place, arrivedOnSiteAt: keptArrival.arrivedOnSiteAt, enteredAt: keptArrival.enteredAt };
  return { ...card, detention: { ...d, places: [...d.places.slice(0, -1), arrived] } };
}

/**
 * A detention step checked on the device by the same rule the hub applies, before it is kept: a crew
 * without signal learns at once that an arrival cannot be before the detention, instead of finding the
 * step refused when the signal returns and the legal clock never started. Null when the hub would accept
 * it, as far as the device can tell.
 */
export function checkStepOnDevice(
  card: TCaseCard,
  keptArrival: TRecordArrivalRequest | null,
  name: TDetentionStep,
  input: Record<string, unknown>,
  now: Date,
): TAppError | null {
  const projected = withKeptArrival(card, keptArrival);
  try {
    if (name === 'case:record-arrival') decideArrival(projected, input as TRecordArrivalRequest, now);
    else if (name === 'case:record-welfare-check')
      decideWelfareCheck(projected, input as TRecordWelfareCheckRequest, now);
    else decideHandover(projected, input as TRecordHandoverRequest, now);
    return null;
  } catch (error) {
    if (error instanceof DomainError) return error.toJSON();
    throw error;
  }
}
