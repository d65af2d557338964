import { z } from 'zod';

/**
 * How a card's personal data reached someone (R-IG-AUDIT). Each is an entry in the access log, recorded
 * at most once per card, per session and per kind in that kind's window (`recordingWindowMinutes`).
 */
export const DISCLOSURE_ACTIONS = [
  /** The card opened with its timeline. */
  'view',
  /** The card opened in a wider view under break-glass (R-IG-BREAKGLASS). */
  'break-glass-view',
  /** The open-cases queue listed it. */
  'queue',
  /** A console catching up (socket `sync:since`, `GET /events`) was sent it. */
  'replay',
  /** The detentions list showed it. */
  'detentions',
  /** A receiving service's Incoming list showed it (R-LINK-RECEIVING). */
  'incoming',
  /** Its response intervals were read. */
  'intervals',
  /** A command's answer carried it. */
  'command',
  /** A refused (stale) change was answered with it as it now is. */
  'conflict',
  /** A live change pushed it to a console. */
  'push',
  /** The Home Office s136 return exported it. */
  'home-office-export',
  /** A search listed it (R-SEARCH). */
  'search',
  /** Another card's history strip or link suggestions showed it (R-PERSON-HISTORY). */
  'history',
  /** The closed-cards list showed it. */
  'closed-list',
  /** The shift handover page showed it. */
  'handover',
  /** Its record was printed or saved (R-IG-AUDIT): every time. */
  'print',
  /** A report listed it as one of the cards behind a figure (R-REPORT-DRILL). */
  'report-list',
] as const;
/** Uses of the audit viewer, recorded in the same log. */
export const AUDIT_USE_ACTIONS = ['audit-view', 'audit-export'] as const;
export const ACCESS_ACTIONS = [...DISCLOSURE_ACTIONS, ...AUDIT_USE_ACTIONS] as const;
export type TDisclosureAction = (typeof DISCLOSURE_ACTIONS)[number];
export type TAccessAction = (typeof ACCESS_ACTIONS)[number];

/** Exports and uses of the audit viewer: a person's own deliberate act, recorded every time. */
export const EVERY_TIME_ACTIONS: ReadonlySet<TAccessAction> = new Set([
  'home-office-export',
  'print',
  'report-list',
  'audit-view',
  'audit-export',
]);
/** What reaches a console without anyone asking (queue, replays, pushes, answers): once per card per window. */
export const DISCLOSURE_WINDOW_MINUTES = 15;
/**
 * Opening a card: recorded once per card per console session in this window, so a card opened again and
 * again (a refresh, a back button, a script) is one entry a minute rather than one per request.
 */
export const REOPEN_WINDOW_MINUTES = 1;
const REOPEN_ACTIONS: ReadonlySet<TAccessAction> = new Set(['view', 'break-glass-view']);

/** The aggregation window of an access-log kind in minutes; 0 means every time. */
export function recordingWindowMinutes(action: TAccessAction): number {
  if (EVERY_TIME_ACTIONS.has(action)) return 0;
  return REOPEN_ACTIONS.has(action) ? REOPEN_WINDOW_MINUTES : DISCLOSURE_WINDOW_MINUTES;
}

export const ACCESS_ACTION_LABELS: Record<TAccessAction, string> = {
  view: 'Opened the card',
  'break-glass-view': 'Opened withheld details (break-glass)',
  queue: 'Listed in the queue',
  replay: 'Sent on reconnect',
  detentions: 'Listed in detentions',
  incoming: 'Listed as incoming to their service',
  intervals: 'Read response times',
  command: 'Returned by a change',
  conflict: 'Returned by a refused change',
  push: 'Live update',
  'home-office-export': 'Home Office return export',
  'report-list': 'Listed behind a report figure',
  search: 'Found by a search',
  history: 'Shown as a previous contact',
  'closed-list': 'Listed in closed cards',
  handover: 'Listed on the shift handover',
  print: 'Printed the record',
  'audit-view': 'Searched the audit',
  'audit-export': 'Exported the audit',
};

const ZInstant = z.iso.datetime({ offset: true, error: 'A date and time such as 2026-12-01T09:00:00Z' });

/** `GET /api/v1/audit/access` (and `.csv`) filters. */
export const ZAccessQuery = z.object({
  /** A card's id or its readable reference ("C-3F9A2B"). */
  card: z.string().trim().min(1).max(64).optional(),
  /** A person's username or account id. */
  user: z.string().trim().min(1).max(100).optional(),
  from: ZInstant.optional(),
  to: ZInstant.optional(),
  action: z.enum(ACCESS_ACTIONS).optional(),
  /** Paging, newest first: entries older than this id. */
  before: z.coerce.number().int().positive().optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
export type TAccessQueryInput = z.input<typeof ZAccessQuery>;

export const ZAccessEntry = z
  .object({
    id: z.int(),
    at: z.string(),
    action: z.string(),
    userId: z.string(),
    username: z.string().nullable(),
    displayName: z.string().nullable(),
    /** The role the person had when it happened. */
    role: z.string(),
    organisationName: z.string().nullable(),
    caseId: z.string(),
    caseRef: z.string().nullable(),
    /** `session:<id>` for a console's session; empty otherwise. */
    source: z.string(),
  })
  .meta({ id: 'AccessEntry' });
export type TAccessEntryView = z.infer<typeof ZAccessEntry>;

export const ZAccessPage = z
  .object({
    entries: z.array(ZAccessEntry),
    /** Pass as `before` for the next (older) page; null at the end. */
    nextBefore: z.int().nullable(),
    windowMinutes: z.int(),
  })
  .meta({ id: 'AccessPage' });
export type TAccessPage = z.infer<typeof ZAccessPage>;
