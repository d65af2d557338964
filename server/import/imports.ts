import { randomUUID } from 'node:crypto';
import { StoreUniqueViolation, type TStreamWrite } from '@db/repositories';
import { DomainError } from '@shared/errors';
import { decideCreateUser } from '@shared/rules/account-lifecycle';
import {
  checkServiceRows,
  checkUserRows,
  SERVICE_IMPORT_COLUMNS,
  USER_IMPORT_COLUMNS,
  type TRowCheck,
} from '@shared/rules/import-rows';
import { decideRegister } from '@shared/rules/service-lifecycle';
import type { TImportReport, TImportRow } from '@shared/schemas/account';
import type { TActor, TUser } from '@shared/schemas/user';
import { assertPasswordAcceptable } from '../auth/login-flow';
import { hashPassword } from '../auth/passwords';
import { newTemporaryPassword } from '../auth/recovery-codes';
import { commitStreams } from '../commands/commit-streams';
import { serviceWrite, userWrite } from '../commands/admin/stream-writes';
import type { TServices } from '../services';
import { parseCsv, type TParsedCsv } from './csv';

/** Every problem of a file, row by row, as the report and as typed error issues. */
function reportOf<T>(
  parsed: TParsedCsv,
  checks: TRowCheck<T>[],
  outcome: 'dry-run' | 'refused' | 'applied',
  passwords: ReadonlyMap<number, string> = new Map(),
): TImportReport {
  const rows: TImportRow[] = [
    ...checks.map((c) => ({
      line: c.line,
      label: c.label,
      action: c.errors.length === 0 ? ('create' as const) : ('error' as const),
      errors: c.errors,
      temporaryPassword: passwords.get(c.line) ?? null,
    })),
    ...parsed.rowErrors.map((e) => ({
      line: e.line,
      label: `line ${e.line}`,
      action: 'error' as const,
      errors: [e.message],
      temporaryPassword: null,
    })),
  ].sort((a, b) => a.line - b.line);
  return { isDryRun: outcome === 'dry-run', isApplied: outcome === 'applied', fileErrors: parsed.fileErrors, rows };
}

/** An import with any problem is refused whole: a 4xx naming every problem, and nothing written. */
function refuse(report: TImportReport): never {
  const issues = [
    ...report.fileErrors.map((message) => ({ path: 'file', message })),
    ...report.rows.flatMap((r) =>
      r.errors.map((message) => ({ path: `line ${r.line}`, message: `${r.label}: ${message}` })),
    ),
  ];
  throw new DomainError(
    'VALIDATION',
    `Nothing was imported: ${issues.length} problem${issues.length === 1 ? '' : 's'} to fix first`,
    {
      issues,
    },
  );
}

function hasProblems(parsed: TParsedCsv, checks: TRowCheck<unknown>[]): boolean {
  return parsed.fileErrors.length > 0 || parsed.rowErrors.length > 0 || checks.some((c) => c.errors.length > 0);
}

/**
 * Users from a spreadsheet. The dry run reports every row (what will be created, every error); the real
 * import creates every account in one transaction, or none. Each gets a temporary password (from the
 * file, or generated), shown once in the answer and to be changed at the first login.
 */
export async function importUsers(
  services: TServices,
  user: TUser,
  actor: TActor,
  csv: string,
  isDryRun: boolean,
): Promise<TImportReport> {
  const parsed = parseCsv(csv, USER_IMPORT_COLUMNS);
  const [organisations, accounts] = await Promise.all([
    services.store.organisations.list(user.areaId),
    services.store.accounts.list(user.areaId),
  ]);
  // Usernames are unique across the whole installation, not just this area.
  const taken = new Set(accounts.map((a) => a.username));
  for (const record of parsed.records) {
    const name = (record.values.username ?? '').trim().toLowerCase();
    if (name && !taken.has(name) && (await services.store.accounts.findByUsername(name))) taken.add(name);
  }
  const checks = checkUserRows(parsed.records, { organisations, takenUsernames: taken });
  if (isDryRun) return reportOf(parsed, checks, 'dry-run');
  if (hasProblems(parsed, checks)) refuse(reportOf(parsed, checks, 'refused'));
  for (const check of checks) {
    const given = check.value?.temporaryPassword;
    if (given) await assertPasswordAcceptable(given, [check.value?.username ?? ''], `line ${check.line}`);
  }

  const rows = checks.flatMap((c) => (c.value ? [{ line: c.line, value: c.value, id: randomUUID() }] : []));
  const passwords = new Map(rows.map((r) => [r.line, r.value.temporaryPassword ?? newTemporaryPassword()]));
  const hashes = await Promise.all(rows.map((r) => hashPassword(passwords.get(r.line) ?? '')));
  const commandId = randomUUID();
  const by = { actor, commandId, at: services.now().toISOString() };
  const areaRef = { kind: 'area' as const, id: user.areaId };
  const reason = `Imported from a spreadsheet (${rows.length} accounts)`;
  try {
    await commitStreams(
      services,
      { name: 'import:users', commandId, actorId: actor.id },
      {
        streams: [
          areaRef,
          ...organisations.map((o) => ({ kind: 'organisation' as const, id: o.id })),
          ...rows.map((r) => ({ kind: 'user' as const, id: r.id })),
        ],
        decide: ({ read }) => {
          const area = read(areaRef);
          const writes: TStreamWrite[] = rows.map((r) => {
            const { temporaryPassword: _t, ...fields } = r.value;
            const data = decideCreateUser(
              read({ kind: 'user', id: r.id }),
              { ...fields, reason },
              {
                area,
                organisation: read({ kind: 'organisation', id: fields.organisationId }),
                mustChangePassword: true,
              },
              { areaId: user.areaId },
            );
            return userWrite(r.id, null, [data], by);
          });
          return { writes, credentials: rows.map((r, i) => ({ userId: r.id, passwordHash: hashes[i] ?? '' })) };
        },
      },
    );
  } catch (error) {
    if (error instanceof StoreUniqueViolation) {
      throw new DomainError('CONFLICT', 'Someone created one of these usernames meanwhile; check the file again');
    }
    throw error;
  }
  services.logger.info({ event: 'import-users', count: rows.length, userId: actor.id }, 'users imported');
  return reportOf(parsed, checks, 'applied', passwords);
}

/**
 * Services from a spreadsheet: the same dry run and all-or-nothing import. Each appears on the board
 * and in the place finder at once, with its totals free until its staff record otherwise.
 */
export async function importServices(
  services: TServices,
  user: TUser,
  actor: TActor,
  csv: string,
  isDryRun: boolean,
): Promise<TImportReport> {
  const parsed = parseCsv(csv, SERVICE_IMPORT_COLUMNS);
  const [organisations, registry] = await Promise.all([
    services.store.organisations.list(user.areaId),
    services.store.services.list(user.areaId),
  ]);
  const checks = checkServiceRows(parsed.records, {
    organisations,
    takenNames: new Set(registry.map((s) => s.name.toLowerCase())),
  });
  if (isDryRun) return reportOf(parsed, checks, 'dry-run');
  if (hasProblems(parsed, checks)) refuse(reportOf(parsed, checks, 'refused'));

  const rows = checks.flatMap((c) => (c.value ? [{ value: c.value, id: randomUUID() }] : []));
  const commandId = randomUUID();
  const now = services.now();
  const by = { actor, commandId, at: now.toISOString() };
  const ctx = { actor, organisationId: user.organisationId, areaId: user.areaId, now };
  await commitStreams(
    services,
    { name: 'import:services', commandId, actorId: actor.id },
    {
      streams: rows.map((r) => ({ kind: 'service' as const, id: r.id })),
      decide: ({ read }) => ({
        writes: rows.map((r) => {
          const current = read({ kind: 'service', id: r.id });
          const data = decideRegister(current, { ...r.value, commandId, serviceId: r.id }, ctx);
          return serviceWrite(r.id, current, [data], by);
        }),
      }),
    },
  );
  services.logger.info({ event: 'import-services', count: rows.length, userId: actor.id }, 'services imported');
  return reportOf(parsed, checks, 'applied');
}
