import type { TStreamWrite } from '@db/repositories';
import type { TAreaEventData, TOrganisationEventData, TUserEventData } from '@shared/rules/account-events';
import { evolveAccount, evolveArea, evolveOrganisation } from '@shared/rules/account-lifecycle';
import type { TServiceEventData } from '@shared/rules/service-events';
import { evolveService } from '@shared/rules/service-lifecycle';
import type { TUnitEventData } from '@shared/rules/unit-events';
import { evolveUnit } from '@shared/rules/unit-lifecycle';
import type { TAccount, TArea, TOrganisation } from '@shared/schemas/account';
import type { TService } from '@shared/schemas/service';
import type { TUnit } from '@shared/schemas/unit';
import type { TActor } from '@shared/schemas/user';

/** Who makes a change, under which commandId, and when: the envelope every new event carries. */
export interface TChangeBy {
  actor: TActor;
  commandId: string;
  at: string;
}

/** Numbers events on from the stream's version and folds them into its next state. */
function fold<TState extends { version: number }, TData, TEvent>(
  current: TState | null,
  datas: readonly TData[],
  by: TChangeBy,
  toEvent: (data: TData, version: number) => TEvent,
  evolve: (state: TState | null, event: TEvent) => TState,
) {
  let version = current?.version ?? 0;
  let state = current;
  const events = datas.map((data) => {
    const event = toEvent(data, ++version);
    state = evolve(state, event);
    return event;
  });
  if (!state) throw new Error('No events to fold');
  return { events, state: state };
}

const envelope = (by: TChangeBy, version: number) => ({ version, actor: by.actor, commandId: by.commandId, at: by.at });

export function userWrite(id: string, current: TAccount | null, datas: TUserEventData[], by: TChangeBy): TStreamWrite {
  const { events, state } = fold(
    current,
    datas,
    by,
    (data, version) => ({ ...data, ...envelope(by, version), seq: 0, streamId: id }),
    evolveAccount,
  );
  return { kind: 'user', streamId: id, events, state };
}

export function areaWrite(id: string, current: TArea | null, datas: TAreaEventData[], by: TChangeBy): TStreamWrite {
  const { events, state } = fold(
    current,
    datas,
    by,
    (data, version) => ({ ...data, ...envelope(by, version), seq: 0, streamId: id }),
    evolveArea,
  );
  return { kind: 'area', streamId: id, events, state };
}

export function organisationWrite(
  id: string,
  current: TOrganisation | null,
  datas: TOrganisationEventData[],
  by: TChangeBy,
): TStreamWrite {
  const { events, state } = fold(
    current,
    datas,
    by,
    (data, version) => ({ ...data, ...envelope(by, version), seq: 0, streamId: id }),
    evolveOrganisation,
  );
  return { kind: 'organisation', streamId: id, events, state };
}

export function unitWrite(id: string, current: TUnit | null, datas: TUnitEventData[], by: TChangeBy): TStreamWrite {
  const { events, state } = fold(
    current,
    datas,
    by,
    (data, version) => ({ ...data, ...envelope(by, version), seq: 0, unitId: id }),
    evolveUnit,
  );
  return { kind: 'unit', streamId: id, events, state };
}

export function serviceWrite(
  id: string,
  current: TService | null,
  datas: TServiceEventData[],
  by: TChangeBy,
): TStreamWrite {
  const { events, state } = fold(
    current,
    datas,
    by,
    (data, version) => ({ ...data, ...envelope(by, version), seq: 0, serviceId: id }),
    evolveService,
  );
  return { kind: 'service', streamId: id, events, state };
}
