import type { TStreamKind, TStreamStates, TStreamWrite } from '@db/repositories';
import type { TAreaEventData, TOrganisationEventData, TUserEventData } from '@shared/rules/account-events';
import { evolveAccount, evolveArea, evolveOrganisation } from '@shared/rules/account-lifecycle';
import type { TServiceEventData } from '@shared/rules/service-events';
import { evolveService } from '@shared/rules/service-lifecycle';
import type { TUnitEventData } from '@shared/rules/unit-events';
import { evolveUnit } from '@shared/rules/unit-lifecycle';
import type { TActor } from '@shared/schemas/user';

/** Who makes a change, under which commandId, and when: the envelope every new event carries. */
export interface TChangeBy {
  actor: TActor;
  commandId: string;
  at: string;
}

/**
 * A builder of one kind of stream write: numbers the decided events on from the stream's version, wraps
 * each in the envelope (and the stream's id under the name its kind's events use), and folds them into
 * the stream's next state with the kind's own evolve.
 */
function writerFor<K extends TStreamKind, TData extends { type: string; data: unknown }>(
  kind: K,
  idName: 'streamId' | 'unitId' | 'serviceId',
  // The kind's evolve takes its own event type; the envelope built here is exactly that type.
  evolve: (state: TStreamStates[K] | null, event: never) => TStreamStates[K],
) {
  return (id: string, current: TStreamStates[K] | null, datas: readonly TData[], by: TChangeBy): TStreamWrite => {
    let version = current?.version ?? 0;
    let state = current;
    const events = datas.map((data) => {
      const event = {
        ...data,
        version: ++version,
        actor: by.actor,
        commandId: by.commandId,
        at: by.at,
        seq: 0,
        [idName]: id,
      };
      state = evolve(state, event as never);
      return event;
    });
    if (!state) throw new Error('No events to fold');
    return { kind, streamId: id, events, state } as unknown as TStreamWrite;
  };
}

export const userWrite = writerFor<'user', TUserEventData>('user', 'streamId', evolveAccount);
export const areaWrite = writerFor<'area', TAreaEventData>('area', 'streamId', evolveArea);
export const organisationWrite = writerFor<'organisation', TOrganisationEventData>(
  'organisation',
  'streamId',
  evolveOrganisation,
);
export const unitWrite = writerFor<'unit', TUnitEventData>('unit', 'unitId', evolveUnit);
export const serviceWrite = writerFor<'service', TServiceEventData>('service', 'serviceId', evolveService);
