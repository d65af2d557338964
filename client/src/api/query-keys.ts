/** The one place query keys are made, so invalidation after a reconnect gap can reach them all. */
export const queryKeys = {
  session: () => ['session'] as const,
  cases: {
    all: () => ['cases'] as const,
    list: () => ['cases', 'list'] as const,
    detail: (caseId: string) => ['cases', 'detail', caseId] as const,
  },
  presence: (caseId: string) => ['presence', caseId] as const,
};
