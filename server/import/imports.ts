import type { TStreamWrite } from '@db/repositories';
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
import { IMPORT_MAX_COLUMNS, IMPORT_MAX_ROWS, type TImportReport, type TImportRow } from '@shared/schemas/account';
import type { TActor, TUser } from '@shared/schemas/user';
import { passwordProblem, personalWords } from '../auth/password-policy';
import { hashPassword } from '../auth/passwords';
import { newTemporaryPassword } from '../auth/recovery-codes';
import { commitStreams } from '../commands/commit-streams';
import { assertSameCommand } from '../commands/guard-command';
import { serviceWrite, userWrite } from '../commands/admin/stream-writes';
import type { TServices } from '../services';
import { parseCsv, type TParsedCsv } from './csv';

/** What an import is asked to do: the file, whether only to check it, and its commandId. */
export interface TImportInput {
  csv: string;
  isDryRun: boolean;
  commandId: string;
}

type TOutcome = 'dry-run' | 'refused' | 'applied' | 'repeat';

/**
 * A repeat of an import already applied (a retried request) answers at once, before the file is
 * checked again — its accounts would now look taken — and shows no passwords a second time.
 */
async function earlierImport(
  services: TServices,
  user: TUser,
  actor: TActor,
  name: string,
  commandId: string,
): Promise<TImportReport | null> {
  const seen = await services.store.streams.findCommand(commandId);
  if (!seen) return null;
  assertSameCommand(seen, { ...user, id: actor.id }, name);
  return { isDryRun: false, isApplied: true, isRepeat: true, fileErrors: [], rows: [] };
}

/** Every problem of a file, row by row, as the report and as typed error issues. */
function reportOf<T>(
  parsed: TParsedCsv,
  checks: TRowCheck<T>[],
  outcome: TOutcome,
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
  return {
    isDryRun: outcome === 'dry-run',
    isApplied: outcome === 'applied' || outcome === 'repeat',
    isRepeat: outcome === 'repeat',
    fileErrors: parsed.fileErrors,
    rows,
  };
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
    { issues },
  );
}

function hasProblems(parsed: TParsedCsv, checks: TRowCheck<unknown>[]): boolean {
  return parsed.fileErrors.length > 0 || parsed.rowErrors.length > 0 || checks.some((c) => c.errors.length > 0);
}

/**
 * Reads the file within the limits: too many columns is refused before anything else is looked at
 * (so a runaway header cannot hold the server), too many rows is a file error.
 */
function readWithinLimits(csv: string, columns: { required: readonly string[]; optional: readonly string[] }) {
  const firstLine = csv.slice(0, csv.search(/\r?\n|$/));
  if (firstLine.split(',').length > IMPORT_MAX_COLUMNS) {
    return {
      records: [],
      rowErrors: [],
      fileErrors: [`More than ${IMPORT_MAX_COLUMNS} columns: this is not an import file`],
    } satisfies TParsedCsv;
  }
  const parsed = parseCsv(csv, columns);
  if (parsed.records.length + parsed.rowErrors.length > IMPORT_MAX_ROWS) {
    return {
      records: [],
      rowErrors: [],
      fileErrors: [`More than ${IMPORT_MAX_ROWS} rows: split the file and import it in parts`],
    } satisfies TParsedCsv;
  }
  return parsed;
}

/** Runs `work` over `items` two at a time: scrypt shares Node's small thread pool with every login. */
async function twoAtATime<T, R>(items: readonly T[], work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index] as T);
    }
  };
  await Promise.all([worker(), worker()]);
  return results;
}

/**
 * Users from a spreadsheet. The dry run reports every row (what will be created, every error, weak
 * temporary passwords included); the real import creates every account in one transaction, or none.
 * Each gets a temporary password (from the file, or generated), shown once in the answer and to be
 * changed at the first login.
 */
export async function importUsers(
  services: TServices,
  user: TUser,
  actor: TActor,
  input: TImportInput,
): Promise<TImportReport> {
  const earlier = input.isDryRun ? null : await earlierImport(services, user, actor, 'import:users', input.commandId);
  if (earlier) return earlier;
  const parsed = readWithinLimits(input.csv, USER_IMPORT_COLUMNS);
  const [organisations, accounts, area] = await Promise.all([
    services.store.organisations.list(user.areaId),
    services.store.accounts.list(user.areaId),
    services.store.areas.get(user.areaId),
  ]);
  // Usernames are unique across the whole installation, not just this area.
  const taken = new Set(accounts.map((a) => a.username));
  for (const record of parsed.records) {
    const name = (record.values.username ?? '').trim().toLowerCase();
    if (name && !taken.has(name) && (await services.store.accounts.findByUsername(name))) taken.add(name);
  }
  const checks = checkUserRows(parsed.records, { organisations, takenUsernames: taken });
  for (const check of checks) {
    const given = check.value?.temporaryPassword;
    const problem = given
      ? await passwordProblem(given, personalWords(check.value ?? { username: '', displayName: '' }, area))
      : null;
    if (problem && check.value) {
      check.errors.push(`temporary_password: ${problem}`);
      check.value = null;
    }
  }
  if (input.isDryRun) return reportOf(parsed, checks, 'dry-run');
  if (hasProblems(parsed, checks)) refuse(reportOf(parsed, checks, 'refused'));

  const rows = checks.flatMap((c) => (c.value ? [{ line: c.line, value: c.value, id: crypto.randomUUID() }] : []));
  const passwords = new Map(rows.map((r) => [r.line, r.value.temporaryPassword ?? newTemporaryPassword()]));
  const hashes = await twoAtATime(rows, (r) => hashPassword(passwords.get(r.line) ?? ''));
  const by = { actor, commandId: input.commandId, at: services.now().toISOString() };
  const areaRef = { kind: 'area' as const, id: user.areaId };
  const reason = `Imported from a spreadsheet (${rows.length} accounts)`;
  const result = await commitStreams(
    services,
    { name: 'import:users', commandId: input.commandId, actorId: actor.id },
    {
      streams: [
        areaRef,
        ...organisations.map((o) => ({ kind: 'organisation' as const, id: o.id })),
        ...rows.map((r) => ({ kind: 'user' as const, id: r.id })),
      ],
      decide: ({ read }) => {
        const current = read(areaRef);
        const writes: TStreamWrite[] = rows.map((r) => {
          const { temporaryPassword: _t, ...fields } = r.value;
          const data = decideCreateUser(
            read({ kind: 'user', id: r.id }),
            { ...fields, reason },
            {
              area: current,
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
  if (result.kind === 'repeat') return reportOf(parsed, checks, 'repeat');
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
  input: TImportInput,
): Promise<TImportReport> {
  const earlier = input.isDryRun
    ? null
    : await earlierImport(services, user, actor, 'import:services', input.commandId);
  if (earlier) return earlier;
  const parsed = readWithinLimits(input.csv, SERVICE_IMPORT_COLUMNS);
  const [organisations, registry] = await Promise.all([
    services.store.organisations.list(user.areaId),
    services.store.services.list(user.areaId),
  ]);
  const checks = checkServiceRows(parsed.records, {
    organisations,
    takenNames: new Set(registry.map((s) => s.name.toLowerCase())),
  });
  if (input.isDryRun) return reportOf(parsed, checks, 'dry-run');
  if (hasProblems(parsed, checks)) refuse(reportOf(parsed, checks, 'refused'));

  const rows = checks.flatMap((c) => (c.value ? [{ value: c.value, id: crypto.randomUUID() }] : []));
  const now = services.now();
  const by = { actor, commandId: input.commandId, at: now.toISOString() };
  const ctx = { actor, organisationId: user.organisationId, areaId: user.areaId, now };
  const result = await commitStreams(
    services,
    { name: 'import:services', commandId: input.commandId, actorId: actor.id },
    {
      streams: rows.map((r) => ({ kind: 'service' as const, id: r.id })),
      decide: ({ read }) => ({
        writes: rows.map((r) => {
          const current = read({ kind: 'service', id: r.id });
          const data = decideRegister(current, { ...r.value, commandId: input.commandId, serviceId: r.id }, ctx);
          return serviceWrite(r.id, current, [data], by);
        }),
      }),
    },
  );
  if (result.kind === 'repeat') return reportOf(parsed, checks, 'repeat');
  services.logger.info({ event: 'import-services', count: rows.length, userId: actor.id }, 'services imported');
  return reportOf(parsed, checks, 'applied');
}
