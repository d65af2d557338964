import { queryOptions } from '@tanstack/react-query';
import type { TAccountListItem, TCrewCandidate } from '@shared/schemas/account';
import { api } from '../../api/http';
import { queryKeys } from '../../api/query-keys';

/**
 * Every account of the area, for administrators choosing crew (duty managers get 403 here). Under the
 * admin key, so `admin:changed` from the socket refetches it when an account is disabled or renamed.
 */
export const adminUsersQuery = queryOptions({
  queryKey: queryKeys.admin.users(),
  queryFn: () => api<{ users: TAccountListItem[] }>('/admin/users'),
});

/** Enabled accounts in crew roles, for duty managers choosing crew (they do not see the account list). */
export const crewCandidatesQuery = queryOptions({
  queryKey: [...queryKeys.admin.all(), 'crew-candidates'] as const,
  queryFn: () => api<{ candidates: TCrewCandidate[] }>('/crew-candidates'),
});
