/** The one place query keys are made, so invalidation after a reconnect gap can reach them all. */
export const queryKeys = {
  session: () => ['session'] as const,
  cases: {
    all: () => ['cases'] as const,
    list: () => ['cases', 'list'] as const,
    detail: (caseId: string) => ['cases', 'detail', caseId] as const,
  },
  services: {
    all: () => ['services'] as const,
    list: () => ['services', 'list'] as const,
    board: () => ['services', 'board'] as const,
    history: (range: string) => ['services', 'history', range] as const,
  },
  units: () => ['units'] as const,
  presence: (caseId: string) => ['presence', caseId] as const,
};
