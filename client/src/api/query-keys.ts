/** The one place query keys are made, so invalidation after a reconnect gap can reach them all. */
export const queryKeys = {
  session: () => ['session'] as const,
  cases: {
    all: () => ['cases'] as const,
    list: () => ['cases', 'list'] as const,
    detail: (caseId: string) => ['cases', 'detail', caseId] as const,

    /** A person's previous contacts and suggested links, for one card. */
    person: (caseId: string) => ['cases', 'person', caseId] as const,
    /** Lists built from many cards (closed cards, the handover): fetched again when cards change. */
    views: () => ['cases', 'views'] as const,
    closed: (filters: object) => ['cases', 'views', 'closed', filters] as const,
    /** Search results, so a card opened or changed since shows in a list still on screen. */
    search: (query: string) => ['cases', 'views', 'search', query] as const,
    handover: () => ['cases', 'views', 'handover'] as const,
    record: (caseId: string) => ['cases', 'record', caseId] as const,
  },
  services: {
    all: () => ['services'] as const,
    list: () => ['services', 'list'] as const,
    board: () => ['services', 'board'] as const,
    history: (range: string) => ['services', 'history', range] as const,
    /** A receiving service's people coming (under services, so a reconnect refetches it with them). */
    incoming: () => ['services', 'incoming'] as const,
  },
  units: () => ['units'] as const,
  /** Reports by period; the cards behind a figure; the Home Office return's validation (R-REPORT-*). */
  reports: {
    all: () => ['reports'] as const,
    period: (query: object) => ['reports', 'period', query] as const,
    cards: (query: object) => ['reports', 'cards', query] as const,
    validation: (year: string) => ['reports', 'validation', year] as const,
  },
  directory: () => ['directory'] as const,
  /** Administration: accounts, organisations, the area, sessions and the history. */
  admin: {
    all: () => ['admin'] as const,
    users: () => ['admin', 'users'] as const,
    sessions: (userId: string) => ['admin', 'sessions', userId] as const,
    organisations: () => ['admin', 'organisations'] as const,
    area: () => ['admin', 'area'] as const,
    history: () => ['admin', 'history'] as const,
  },
  presence: (caseId: string) => ['presence', caseId] as const,
  /** The audit viewer's searches (each one is itself logged, so they are never refetched on their own). */
  audit: {
    all: () => ['audit'] as const,
    search: (filters: object) => ['audit', 'search', filters] as const,
  },
};
