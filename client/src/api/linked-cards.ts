import type { QueryClient } from '@tanstack/react-query';
import type { TService } from '@shared/schemas/service';
import type { TUnit } from '@shared/schemas/unit';
import { queryKeys } from './query-keys';
import type { TServiceListData } from './service-cache';

/**
 * A card's timeline includes its crews' and places' events (R-LINK-TIMELINE). These say which cards a
 * unit or service change concerns, so an open card is fetched again; a change that moves nothing on a
 * card (a location, a count) concerns none, so a crew sharing its location does not refetch every card.
 */
export function cardsTouchedByUnit(before: TUnit | undefined, after: TUnit): string[] {
  const was = before?.assignment;
  const is = after.assignment;
  const same =
    before !== undefined &&
    before.status === after.status &&
    was?.caseId === is?.caseId &&
    was?.acceptedAt === is?.acceptedAt &&
    was?.escalatedAt === is?.escalatedAt &&
    before.stoodDown?.at === after.stoodDown?.at;
  if (same) return [];
  return [...new Set([was?.caseId, is?.caseId].filter((id): id is string => typeof id === 'string'))];
}

export function cardsTouchedByService(before: TService | undefined, after: TService): string[] {
  const key = (s: TService | undefined) => (s?.holds ?? []).map((h) => `${h.id}:${h.state}`).join(',');
  if (before !== undefined && key(before) === key(after)) return [];
  const ids = [...(before?.holds ?? []), ...after.holds].map((h) => h.caseId);
  return [...new Set(ids.filter((id): id is string => typeof id === 'string'))];
}

/** Fetches again the cards a change concerns, if they are loaded; call before folding the change in. */
export function refreshLinkedCards(queryClient: QueryClient, change: { unit: TUnit } | { service: TService }): void {
  const caseIds =
    'unit' in change
      ? cardsTouchedByUnit(
          queryClient.getQueryData<{ units: TUnit[] }>(queryKeys.units())?.units.find((u) => u.id === change.unit.id),
          change.unit,
        )
      : cardsTouchedByService(
          queryClient
            .getQueryData<TServiceListData>(queryKeys.services.list())
            ?.services.find((s) => s.id === change.service.id),
          change.service,
        );
  for (const caseId of caseIds) void queryClient.invalidateQueries({ queryKey: queryKeys.cases.detail(caseId) });
}
