import { queryOptions } from '@tanstack/react-query';
import type { TDirectory } from '@shared/schemas/account';
import type { TUnit } from '@shared/schemas/unit';
import type { TBoard, TOccupancyHistory, TOccupancyRange } from '@shared/schemas/board';
import type { TCaseList } from '@shared/schemas/case';
import type { TIncomingList } from '@shared/schemas/incoming';
import { api } from './http';
import { queryKeys } from './query-keys';
import { keepNewerItems, type TServiceListData } from './service-cache';

/** The open-case queue, defined once so the start-up prefetch and the console share it. */
export const caseListQuery = queryOptions({
  queryKey: queryKeys.cases.list(),
  queryFn: () => api<TCaseList>('/cases'),
});

/** The area's service registry with live capacity; kept current by `service:changed`. */
export const serviceListQuery = queryOptions({
  queryKey: queryKeys.services.list(),
  queryFn: () => api<TServiceListData>('/services'),
  structuralSharing: keepNewerItems('services'),
});

/** The board's counts and escalation level; refreshed on every service change and every 15 s. */
export const boardQuery = queryOptions({
  queryKey: queryKeys.services.board(),
  queryFn: () => api<TBoard>('/capacity/board'),
  refetchInterval: 15_000,
});

export const occupancyQuery = (range: TOccupancyRange) =>
  queryOptions({
    queryKey: queryKeys.services.history(range),
    queryFn: () => api<TOccupancyHistory>(`/capacity/history?range=${range}`),
    refetchInterval: 5 * 60_000,
  });

/**
 * The people coming to the reader's own services (R-LINK-RECEIVING): fetched again whenever one of
 * their cards or services changes, and every minute so "expected" and "left" stay true.
 */
export const incomingQuery = queryOptions({
  queryKey: queryKeys.services.incoming(),
  queryFn: () => api<TIncomingList>('/cases/incoming'),
  refetchInterval: 60_000,
});

/** Units of the area; kept current by `unit:changed`. */
export const unitListQuery = queryOptions({
  queryKey: queryKeys.units(),
  queryFn: () => api<{ units: TUnit[] }>('/units'),
  structuralSharing: keepNewerItems('units'),
});

/** Names of the area and its organisations; refetched when `directory:changed` says they changed. */
export const directoryQuery = queryOptions({
  queryKey: queryKeys.directory(),
  queryFn: () => api<TDirectory>('/directory'),
});

/** An organisation's name from the directory (its id until the directory has loaded). */
export function organisationName(directory: TDirectory | undefined, id: string): string {
  return directory?.organisations.find((o) => o.id === id)?.name ?? id;
}
