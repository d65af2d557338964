import { DomainError } from '@shared/errors';
import type { TUnitCommand, TUnitCommandInput } from '@shared/protocol';
import type { TUnitEventData } from '@shared/rules/unit-events';
import {
  decideAccept,
  decideAcknowledgeSos,
  decideStandDown,
  decideDecline,
  decideDispatch,
  assertCrewable,
  decideRegisterUnit,
  decideSetCrew,
  decideUpdateUnitDetails,
  decideSetLocation,
  decideSetShift,
  decideSetStatus,
  decideSos,
  type TUnitContext,
} from '@shared/rules/unit-lifecycle';
import type { TUnit } from '@shared/schemas/unit';
import type { TServices } from '../../services';
import { openCard } from '../cases/require-card';
import { assertOrganisationOfArea } from '../organisation-check';
import type { TDraft, TPlan } from '../pipeline';

/** What a unit command asks of the runner: which unit, the version it saw, a pure decision. */
export interface TUnitPlan {
  unitId: string;
  expectedVersion: number | null;
  decide: (unit: TUnit | null) => TUnitEventData;
}

type THandler<C extends TUnitCommand> = (
  input: TUnitCommandInput<C>,
  ctx: TUnitContext,
  services: TServices,
) => TUnitPlan | TPlan | Promise<TUnitPlan | TPlan>;

const on = (unitId: string, decide: (unit: TUnit) => TUnitEventData, expectedVersion: number | null = null) => ({
  unitId,
  expectedVersion,
  decide: (unit: TUnit | null) => {
    if (!unit) throw new DomainError('NOT_FOUND', 'No such unit');
    return decide(unit);
  },
});

/** A call sign names one unit in an area: the hub says it on the radio. */
async function assertCallSignFree(
  services: TServices,
  callSign: string,
  unitId: string,
  areaId: string,
): Promise<void> {
  const taken = (await services.store.units.list(areaId)).find((u) => u.callSign === callSign && u.id !== unitId);
  if (taken) {
    throw new DomainError('VALIDATION', `Another unit is already called ${callSign}`, {
      issues: [{ path: 'callSign', message: 'Already used in this area' }],
    });
  }
}

/** The accounts named as crew, checked (hazard "stale unit crew"). */
async function crewFor(services: TServices, ids: readonly string[], areaId: string): Promise<TUnit['members']> {
  const accounts = await Promise.all(ids.map((id) => services.store.accounts.get(id)));
  return assertCrewable(
    accounts.filter((a) => a !== null),
    ids,
    areaId,
  );
}

/** Every unit command, by its socket event name. */
export const UNIT_HANDLERS: { [C in TUnitCommand]: THandler<C> } = {
  'unit:register': async (input, ctx, services) => {
    await assertOrganisationOfArea(services, input.organisationId, ctx.areaId);
    await assertCallSignFree(services, input.callSign, input.unitId, ctx.areaId);
    const members = await crewFor(services, input.memberUserIds, ctx.areaId);
    return {
      unitId: input.unitId,
      expectedVersion: null,
      decide: (unit: TUnit | null) => decideRegisterUnit(unit, input, members, ctx),
    };
  },
  'unit:update-details': async (input, ctx, services) => {
    if (input.changes.callSign !== undefined) {
      await assertCallSignFree(services, input.changes.callSign, input.unitId, ctx.areaId);
    }
    if (input.changes.organisationId !== undefined) {
      await assertOrganisationOfArea(services, input.changes.organisationId, ctx.areaId);
    }
    return on(input.unitId, (u) => decideUpdateUnitDetails(u, input), input.expectedVersion);
  },
  'unit:set-crew': async (input, ctx, services) => {
    const members = await crewFor(services, input.memberUserIds, ctx.areaId);
    return on(input.unitId, (u) => decideSetCrew(u, members, input.reason), input.expectedVersion);
  },
  'unit:set-shift': (input, ctx) => on(input.unitId, (u) => decideSetShift(u, input.isOnShift, ctx)),
  // The card is read in the same transaction: a card closed a moment ago is never dispatched to (R-LINK-CLOSED).
  'unit:dispatch': (input, ctx) => ({
    streams: [
      { kind: 'unit', id: input.unitId },
      { kind: 'case', id: input.caseId },
    ],
    decide: (draft: TDraft) => {
      const card = openCard(draft.read('case', input.caseId));
      const unit = draft.read('unit', input.unitId);
      if (!unit) throw new DomainError('NOT_FOUND', 'No such unit');
      draft.append('unit', input.unitId, decideDispatch(unit, input, card.ref, ctx));
    },
  }),
  'unit:accept': (input, ctx) => on(input.unitId, (u) => decideAccept(u, ctx)),
  'unit:decline': (input, ctx) => on(input.unitId, (u) => decideDecline(u, input.reason, ctx)),
  'unit:set-status': (input, ctx) =>
    on(input.unitId, (u) => decideSetStatus(u, input.status, ctx, input.occurredAt), input.expectedVersion),
  'unit:set-location': (input, ctx) => on(input.unitId, (u) => decideSetLocation(u, input, ctx)),
  'unit:sos': (input, ctx) => on(input.unitId, (u) => decideSos(u, ctx, input)),
  'unit:acknowledge-sos': (input) => on(input.unitId, (u) => decideAcknowledgeSos(u)),
  'unit:stand-down': (input) => on(input.unitId, (u) => decideStandDown(u, input.reason)),
};
