import type { TAccessQuery, TAccessRecord } from '@db/repositories';
import { DomainError } from '@shared/errors';
import { asCaseRef, canReadAudit } from '@shared/rules/audit';
import { caseRefFromId } from '@shared/rules/case-lifecycle';
import { toCsv } from '@shared/rules/csv';
import {
  ACCESS_ACTION_LABELS,
  DISCLOSURE_WINDOW_MINUTES,
  ZAccessQuery,
  type TAccessEntryView,
  type TAccessPage,
} from '@shared/schemas/audit';
import { issuesFromZod } from '@shared/errors';
import { ROLE_LABELS, ZRole, type TUser } from '@shared/schemas/user';
import type { TServices } from '../services';

/** At most this many entries in one export; narrow the filters for more. */
export const AUDIT_EXPORT_LIMIT = 20_000;
const EXPORT_PAGE = 500;

function assertAuditor(user: TUser): void {
  if (!canReadAudit(user.role)) {
    throw new DomainError('FORBIDDEN', 'Only the information governance lead and duty managers read the audit', {
      ruleId: 'R-IG-AUDIT',
    });
  }
}

/** The request's filters as a store query in the caller's area; bad input is VALIDATION, never a 500. */
async function toStoreQuery(services: TServices, user: TUser, raw: unknown): Promise<TAccessQuery> {
  const parsed = ZAccessQuery.safeParse(raw);
  if (!parsed.success) {
    throw new DomainError('VALIDATION', 'Some filters need attention', { issues: issuesFromZod(parsed.error) });
  }
  const q = parsed.data;
  const query: TAccessQuery = { areaId: user.areaId, limit: q.limit };
  if (q.card !== undefined) {
    const ref = asCaseRef(q.card);
    if (ref) query.caseRef = ref;
    else query.caseId = q.card;
  }
  if (q.user !== undefined) {
    const account =
      (await services.store.accounts.findByUsername(q.user.toLowerCase())) ??
      (await services.store.accounts.get(q.user));
    // Someone in another area is no one here: the answer does not say they exist.
    if (!account || account.areaId !== user.areaId) {
      throw new DomainError('NOT_FOUND', `No account "${q.user}" in your area`);
    }
    query.userId = account.id;
  }
  if (q.from !== undefined) query.from = new Date(q.from).toISOString();
  if (q.to !== undefined) query.to = new Date(q.to).toISOString();
  if (query.from && query.to && query.from >= query.to) {
    throw new DomainError('VALIDATION', 'The start must be before the end', {
      issues: [{ path: 'from', message: 'The start must be before the end' }],
    });
  }
  if (q.action !== undefined) query.actions = [q.action];
  if (q.before !== undefined) query.beforeId = q.before;
  return query;
}

async function organisationNames(services: TServices, areaId: string): Promise<Map<string, string>> {
  return new Map((await services.store.organisations.list(areaId)).map((o) => [o.id, o.name]));
}

function toView(record: TAccessRecord, organisations: Map<string, string>): TAccessEntryView {
  return {
    id: record.id,
    at: record.at,
    action: record.action,
    userId: record.userId,
    username: record.username,
    displayName: record.displayName,
    role: record.role,
    organisationName: record.organisationId ? (organisations.get(record.organisationId) ?? null) : null,
    caseId: record.caseId,
    caseRef: record.caseId ? caseRefFromId(record.caseId) : null,
    source: record.source,
  };
}

/** The one card a search was about, if it named one, so the audit of that card shows who searched it. */
function cardSearched(query: TAccessQuery, records: readonly TAccessRecord[]): string {
  if (query.caseId !== undefined) return query.caseId;
  const ids = new Set(records.map((r) => r.caseId));
  return query.caseRef !== undefined && ids.size === 1 ? ([...ids][0] ?? '') : '';
}

/**
 * One page of the access log of the caller's area, newest first, with who each person is and each
 * card's reference (R-IG-AUDIT). The search is itself written to the access log.
 */
export async function searchAccessLog(services: TServices, user: TUser, raw: unknown): Promise<TAccessPage> {
  assertAuditor(user);
  const query = await toStoreQuery(services, user, raw);
  const [records, organisations] = await Promise.all([
    services.store.accessLog.search(query),
    organisationNames(services, user.areaId),
  ]);
  await services.disclosures.record(user, [cardSearched(query, records)], 'audit-view');
  const last = records[records.length - 1];
  return {
    entries: records.map((r) => toView(r, organisations)),
    nextBefore: records.length === query.limit && last ? last.id : null,
    windowMinutes: DISCLOSURE_WINDOW_MINUTES,
  };
}

const CSV_HEADER = [
  'when (UTC)',
  'what',
  'action',
  'card',
  'card id',
  'name',
  'username',
  'role',
  'organisation',
  'source',
  'entry',
];

const actionLabel = (action: string) => (ACCESS_ACTION_LABELS as Record<string, string | undefined>)[action] ?? action;

const roleLabel = (role: string) => {
  const parsed = ZRole.safeParse(role);
  return parsed.success ? ROLE_LABELS[parsed.data] : role;
};

/**
 * The same search as CSV (every page, up to AUDIT_EXPORT_LIMIT entries), formulas neutralised. The
 * export is written to the access log.
 */
export async function exportAccessLogCsv(
  services: TServices,
  user: TUser,
  raw: unknown,
): Promise<{ csv: string; rows: number }> {
  assertAuditor(user);
  const first = await toStoreQuery(services, user, raw);
  const organisations = await organisationNames(services, user.areaId);
  const records: TAccessRecord[] = [];
  let query: TAccessQuery = { ...first, limit: EXPORT_PAGE };
  for (;;) {
    const page = await services.store.accessLog.search({
      ...query,
      limit: Math.min(EXPORT_PAGE, AUDIT_EXPORT_LIMIT - records.length),
    });
    records.push(...page);
    const last = page[page.length - 1];
    if (!last || page.length < EXPORT_PAGE || records.length >= AUDIT_EXPORT_LIMIT) break;
    query = { ...query, beforeId: last.id };
  }
  await services.disclosures.record(user, [cardSearched(first, records)], 'audit-export');
  const rows = records.map((r) => {
    const v = toView(r, organisations);
    return [
      v.at,
      actionLabel(v.action),
      v.action,
      v.caseRef ?? '',
      v.caseId,
      v.displayName ?? '',
      v.username ?? '',
      roleLabel(v.role),
      v.organisationName ?? '',
      v.source,
      String(v.id),
    ];
  });
  return { csv: toCsv([CSV_HEADER, ...rows]), rows: rows.length };
}
