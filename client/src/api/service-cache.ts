import type { QueryClient } from '@tanstack/react-query';
import type { TService } from '@shared/schemas/service';
import type { TUnit } from '@shared/schemas/unit';
import { queryKeys } from './query-keys';

export interface TServiceListData {
  services: TService[];
}

/** Puts a service into the list unless the list already holds a newer version (messages can cross). */
export function applyServiceToList(
  list: TServiceListData | undefined,
  service: TService,
): TServiceListData | undefined {
  if (!list) return list;
  const current = list.services.find((s) => s.id === service.id);
  if (current && current.version >= service.version) return list;
  const services = current
    ? list.services.map((s) => (s.id === service.id ? service : s))
    : [...list.services, service].sort((a, b) => a.name.localeCompare(b.name));
  return { services };
}

/**
 * Fetches a list or card again so that it includes a change that has just arrived. A fetch already on
 * its way may have started before the change; when nothing has loaded yet TanStack Query hands back
 * that same fetch instead of starting another (a reopened tablet's first list fetch racing the kept
 * change it has just sent), so it is dropped first (SPEC S-10).
 */
export function fetchAfresh(queryClient: QueryClient, queryKey: readonly unknown[]): void {
  const isFetching = queryClient.getQueryState(queryKey)?.fetchStatus === 'fetching';
  void (isFetching ? queryClient.cancelQueries({ queryKey, exact: true }) : Promise.resolve())
    .then(() => queryClient.invalidateQueries({ queryKey, exact: true }))
    .catch(() => undefined);
}

/**
 * A change that arrives before its list has loaded cannot be folded in, and the fetch already on its
 * way may have started before the change: fetch the list afresh so it includes it (SPEC S-10).
 */
function refetchIfNotLoaded(queryClient: QueryClient, queryKey: readonly unknown[]): boolean {
  if (queryClient.getQueryData(queryKey) !== undefined) return false;
  fetchAfresh(queryClient, queryKey);
  return true;
}

/** Folds a changed service into the cache; the board's derived counts are fetched again. */
export function applyServiceChange(queryClient: QueryClient, service: TService): void {
  if (!refetchIfNotLoaded(queryClient, queryKeys.services.list())) {
    queryClient.setQueryData<TServiceListData>(queryKeys.services.list(), (l) => applyServiceToList(l, service));
  }
  void queryClient.invalidateQueries({ queryKey: queryKeys.services.board() });
}

/** Puts a unit into the list unless the list already holds a newer version. */
export function applyUnitChange(queryClient: QueryClient, unit: TUnit): void {
  if (refetchIfNotLoaded(queryClient, queryKeys.units())) return;
  queryClient.setQueryData<{ units: TUnit[] }>(queryKeys.units(), (list) => {
    if (!list) return list;
    const current = list.units.find((u) => u.id === unit.id);
    if (current && current.version >= unit.version) return list;
    const units = current ? list.units.map((u) => (u.id === unit.id ? unit : u)) : [...list.units, unit];
    return { units: units.sort((a, b) => a.callSign.localeCompare(b.callSign)) };
  });
}

type TVersioned = { id: string; version: number };

/**
 * For a list query's `structuralSharing`: a fetched list never takes a unit or service back to an
 * older version than the one on screen. A fetch started before a change can answer after the change
 * has arrived on the socket (SPEC S-10).
 */
export function keepNewerItems(key: 'units' | 'services') {
  return (shown: unknown, fetched: unknown): unknown => {
    const before = (shown as Record<string, TVersioned[]> | undefined)?.[key];
    const after = (fetched as Record<string, TVersioned[]> | undefined)?.[key];
    if (!before || !after) return fetched;
    const byId = new Map(before.map((item) => [item.id, item]));
    const items = after.map((item) => {
      const current = byId.get(item.id);
      return current && current.version > item.version ? current : item;
    });
    return { ...(fetched as object), [key]: items };
  };
}
