import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { parseArgs } from 'node:util';
import { openStore } from '@db/open-store';
import { decideCreateArea } from '@shared/rules/account-lifecycle';
import type { TAdminCommand, TAdminCommandResult } from '@shared/protocol';
import { ORGANISATION_KINDS, ZAreaCode, type TArea, type TImportReport } from '@shared/schemas/account';
import { ROLES, ZRole, type TUser } from '@shared/schemas/user';
import { createQuietBroadcaster } from '../broadcaster';
import { areaWrite } from '../commands/admin/stream-writes';
import { runAdminCommand } from '../commands/admin/run-admin-command';
import { commitStreams } from '../commands/commit-streams';
import { loadConfig } from '../config';
import { readLookupFile } from '../import/deprivation-files';
import { importServices, importUsers } from '../import/imports';
import { createLogger } from '../logger';
import { createServices, systemClock, type TServices } from '../services';

const HELP = `Concordat administration from the command line. It acts on the database directly
(CONCORDAT_DB, default ./data/concordat.db), records its own events in the administration history,
and works while the server runs. Use it to set up an area by script, or to recover when every
administrator is locked out.

  npm run admin -- create-area --name "Kestrel Vale" --code KV
  npm run admin -- create-organisation --name "Kestrel Vale Mental Health Trust" --kind nhs-trust [--area KV]
  npm run admin -- create-user --username jsmith --name "Jo Smith" --role admin --organisation "Kestrel Vale Mental Health Trust" [--area KV]
  npm run admin -- reset-password USERNAME --reason "Forgot it; identity checked by phone"
  npm run admin -- reset-mfa USERNAME --reason "Lost phone"
  npm run admin -- disable-user USERNAME --reason "Left the trust"
  npm run admin -- enable-user USERNAME --reason "Returned from leave"
  npm run admin -- import-users FILE.csv [--dry-run] [--area KV]
  npm run admin -- import-services FILE.csv [--dry-run] [--area KV]
  npm run admin -- list-users [--area KV]
  npm run admin -- import-imd ONSPD.csv File_1_IoD2025.xlsx   (postcode → small area → deprivation decile)

Roles: ${ROLES.join(', ')}
Organisation kinds: ${ORGANISATION_KINDS.join(', ')}
New accounts and reset passwords get a temporary password, printed once, to be changed at first login.`;

class CliError extends Error {}

async function open(): Promise<{ services: TServices; close: () => Promise<void> }> {
  const config = loadConfig({ ...process.env, LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent' });
  const store = await openStore(config);
  const services = createServices(config, store, {
    broadcaster: createQuietBroadcaster(),
    logger: createLogger(config.logLevel),
    now: systemClock,
    instance: { mode: 'live', isReady: true, setupToken: null },
  });
  return { services, close: () => store.close() };
}

/** The command line acts as itself, named with the operating-system account that ran it. */
const actor = () => ({ id: 'command-line', name: `Command line (${userInfo().username})`, role: 'admin' as const });

async function areaFor(services: TServices, code: string | undefined): Promise<TArea> {
  const areas = await services.store.areas.list();
  if (code) {
    const area = areas.find((a) => a.shortCode === code.toUpperCase());
    if (!area)
      throw new CliError(
        `No area with the code ${code}. Areas: ${areas.map((a) => a.shortCode).join(', ') || 'none yet'}`,
      );
    return area;
  }
  const [only, ...others] = areas;
  if (!only) throw new CliError('There is no area yet: create-area first');
  if (others.length > 0) throw new CliError(`Say which area with --area (${areas.map((a) => a.shortCode).join(', ')})`);
  return only;
}

/** The command line as an administrator of one area. */
function asAdmin(area: TArea): TUser {
  return {
    id: 'command-line',
    username: 'command-line',
    displayName: actor().name,
    role: 'admin',
    organisationId: '',
    areaId: area.id,
  };
}

async function run<C extends TAdminCommand>(
  services: TServices,
  area: TArea,
  name: C,
  payload: object,
): Promise<TAdminCommandResult<C>> {
  const ack = await runAdminCommand(services, asAdmin(area), name, { commandId: randomUUID(), ...payload }, actor());
  if (!ack.ok) {
    const issues = (ack.error.issues ?? []).map((i) => `  ${i.path}: ${i.message}`).join('\n');
    throw new CliError(`${ack.error.message}${issues ? `\n${issues}` : ''}`);
  }
  return ack.data;
}

async function accountByUsername(services: TServices, username: string | undefined) {
  if (!username) throw new CliError('Name the account: USERNAME');
  const account = await services.store.accounts.findByUsername(username);
  if (!account) throw new CliError(`No account ${username}`);
  const area = await services.store.areas.get(account.areaId);
  if (!area) throw new CliError(`The area of ${username} is missing`);
  return { account, area };
}

function required(value: string | undefined, flag: string): string {
  if (!value) throw new CliError(`--${flag} is needed`);
  return value;
}

function printReport(report: TImportReport): void {
  for (const e of report.fileErrors) console.log(`  file: ${e}`);
  for (const row of report.rows) {
    const what = row.action === 'create' ? 'create' : 'ERROR ';
    console.log(
      `  line ${String(row.line).padEnd(4)} ${what} ${row.label}${row.errors.length ? `: ${row.errors.join('; ')}` : ''}`,
    );
    if (row.temporaryPassword) console.log(`             temporary password: ${row.temporaryPassword}`);
  }
}

async function main(argv: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      name: { type: 'string' },
      code: { type: 'string' },
      area: { type: 'string' },
      kind: { type: 'string' },
      username: { type: 'string' },
      role: { type: 'string' },
      organisation: { type: 'string' },
      phone: { type: 'string' },
      email: { type: 'string' },
      reason: { type: 'string' },
      'dry-run': { type: 'boolean' },
      help: { type: 'boolean' },
    },
  });
  const [verb, target] = positionals;
  if (!verb || values.help || verb === 'help') {
    console.log(HELP);
    return;
  }
  const { services, close } = await open();
  try {
    switch (verb) {
      case 'create-area': {
        const counts = await services.store.accounts.counts();
        if (counts.demo > 0) {
          throw new CliError('This database holds the demo: use a new CONCORDAT_DB for a real area');
        }
        const code = ZAreaCode.safeParse(required(values.code, 'code'));
        if (!code.success) throw new CliError(`--code: ${code.error.issues[0]?.message ?? 'not valid'}`);
        if ((await services.store.areas.list()).some((a) => a.shortCode === code.data)) {
          throw new CliError(`An area with the code ${code.data} exists already`);
        }
        const id = randomUUID();
        const commandId = randomUUID();
        const by = { actor: actor(), commandId, at: services.now().toISOString() };
        const input = {
          name: required(values.name, 'name'),
          shortCode: code.data,
          isDemo: false,
          reason: 'Command line',
        };
        await commitStreams(
          services,
          { name: 'area:create', commandId, actorId: by.actor.id },
          {
            streams: [{ kind: 'area', id }],
            decide: ({ read }) => ({
              writes: [areaWrite(id, read({ kind: 'area', id }), [decideCreateArea(null, input)], by)],
            }),
          },
        );
        console.log(
          `Area ${input.name} (${code.data}) created. Next: create-organisation, then create-user --role admin.`,
        );
        return;
      }
      case 'create-organisation': {
        const area = await areaFor(services, values.area);
        const { organisation } = await run(services, area, 'organisation:create', {
          organisationId: randomUUID(),
          name: required(values.name, 'name'),
          kind: values.kind ?? 'other',
          reason: values.reason ?? '',
        });
        console.log(`Organisation ${organisation.name} added to ${area.name}.`);
        return;
      }
      case 'create-user': {
        const area = await areaFor(services, values.area);
        const orgName = required(values.organisation, 'organisation');
        const organisations = await services.store.organisations.list(area.id);
        const organisation = organisations.find((o) => o.name.toLowerCase() === orgName.toLowerCase());
        if (!organisation) {
          throw new CliError(
            `No organisation "${orgName}" in ${area.name}. Organisations: ${organisations.map((o) => o.name).join('; ') || 'none yet'}`,
          );
        }
        const role = ZRole.safeParse(required(values.role, 'role'));
        if (!role.success) throw new CliError(`--role must be one of ${ROLES.join(', ')}`);
        const result = await run(services, area, 'user:create', {
          userId: randomUUID(),
          username: required(values.username, 'username'),
          displayName: required(values.name, 'name'),
          role: role.data,
          organisationId: organisation.id,
          contact: { phone: values.phone ?? '', email: values.email ?? '' },
          reason: values.reason ?? '',
        });
        console.log(`Account ${result.account.username} created in ${area.name}.`);
        console.log(`Temporary password (shown once; to be changed at first login): ${result.temporaryPassword ?? ''}`);
        return;
      }
      case 'reset-password': {
        const { account, area } = await accountByUsername(services, target);
        const result = await run(services, area, 'user:set-temporary-password', {
          userId: account.id,
          reason: required(values.reason, 'reason'),
        });
        console.log(`New temporary password for ${account.username} (shown once): ${result.temporaryPassword ?? ''}`);
        console.log('Their sessions have ended; they choose a new password at their next login.');
        return;
      }
      case 'reset-mfa': {
        const { account, area } = await accountByUsername(services, target);
        const result = await run(services, area, 'user:reset-mfa', {
          userId: account.id,
          reason: required(values.reason, 'reason'),
        });
        console.log(
          `MFA reset for ${account.username}. Temporary password (shown once): ${result.temporaryPassword ?? ''}`,
        );
        console.log('At their next login they choose a password and set up a new authenticator.');
        return;
      }
      case 'disable-user':
      case 'enable-user': {
        const { account, area } = await accountByUsername(services, target);
        const isEnabled = verb === 'enable-user';
        await run(services, area, 'user:set-enabled', {
          userId: account.id,
          isEnabled,
          reason: required(values.reason, 'reason'),
        });
        console.log(`${account.username} ${isEnabled ? 'enabled' : 'disabled; their sessions have ended'}.`);
        return;
      }
      case 'import-users':
      case 'import-services': {
        const area = await areaFor(services, values.area);
        const csv = readFileSync(required(target, 'FILE'), 'utf8');
        const isDryRun = values['dry-run'] === true;
        const importer = verb === 'import-users' ? importUsers : importServices;
        try {
          const report = await importer(services, asAdmin(area), actor(), { csv, isDryRun, commandId: randomUUID() });
          printReport(report);
          const problems = report.fileErrors.length + report.rows.filter((r) => r.action === 'error').length;
          if (problems > 0) {
            throw new CliError(`Dry run: ${problems} problem${problems === 1 ? '' : 's'} to fix; nothing written.`);
          }
          console.log(
            isDryRun
              ? `Dry run: nothing written (${report.rows.length} rows ready).`
              : `Imported ${report.rows.length} rows into ${area.name}.`,
          );
        } catch (error) {
          if (error instanceof CliError) throw error;
          if (error instanceof Error && 'issues' in error) {
            for (const i of (error as { issues?: { path: string; message: string }[] }).issues ?? []) {
              console.log(`  ${i.path}: ${i.message}`);
            }
          }
          throw error;
        }
        return;
      }
      case 'import-imd': {
        const files = positionals.slice(1);
        if (files.length === 0)
          throw new CliError('Name the ONS Postcode Directory and the Indices of Deprivation files.');
        const lookups: Parameters<typeof services.store.reports.replaceLookups>[0] = {};
        for (const file of files) {
          const read = await readLookupFile(file);
          if (read.kind === 'postcodes') {
            lookups.postcodes = read.rows;
            console.log(`${file}: ${read.rows.length} postcodes (small areas from ${read.lsoaColumn}).`);
          } else {
            lookups.deprivation = { edition: read.edition, rows: read.rows };
            console.log(`${file}: ${read.rows.length} small areas with a deprivation decile (${read.edition}).`);
          }
        }
        const counts = await services.store.reports.replaceLookups(lookups);
        console.log(
          `Now held: ${counts.postcodes} postcodes, ${counts.areas} small areas (${counts.edition ?? 'no deprivation file yet'}). Reports use them at once.`,
        );
        return;
      }
      case 'list-users': {
        const areas = values.area ? [await areaFor(services, values.area)] : await services.store.areas.list();
        for (const area of areas) {
          const organisations = new Map((await services.store.organisations.list(area.id)).map((o) => [o.id, o.name]));
          console.log(`${area.name} (${area.shortCode})${area.isDemo ? ' — demo' : ''}`);
          for (const a of await services.store.accounts.list(area.id)) {
            const flags = [
              a.isEnabled ? '' : 'DISABLED',
              a.hasMfa ? 'MFA' : 'no MFA',
              a.mustChangePassword ? 'temporary password' : '',
            ]
              .filter(Boolean)
              .join(', ');
            console.log(
              `  ${a.username.padEnd(24)} ${a.role.padEnd(20)} ${a.displayName} — ${organisations.get(a.organisationId) ?? ''} [${flags}]`,
            );
          }
        }
        return;
      }
      default:
        throw new CliError(`Unknown command ${verb}.\n\n${HELP}`);
    }
  } finally {
    await close();
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
