import { queryOptions } from '@tanstack/react-query';
import type { TAccountListItem } from '@shared/schemas/account';
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
