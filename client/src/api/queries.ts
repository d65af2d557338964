import { queryOptions } from '@tanstack/react-query';
import type { TCaseList } from '@shared/schemas/case';
import { api } from './http';
import { queryKeys } from './query-keys';

/** The open-case queue, defined once so the start-up prefetch and the console share it. */
export const caseListQuery = queryOptions({
  queryKey: queryKeys.cases.list(),
  queryFn: () => api<TCaseList>('/cases'),
});
