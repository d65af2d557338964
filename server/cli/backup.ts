import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { backupDatabase, checkDatabase, restoreDatabase, type TDatabaseCheck } from '@db/sqlite/backup';
import { loadConfig } from '../config';

/**
 * `npm run backup [-- FILE]` takes a consistent copy of the server's database (CONCORDAT_DB) while it
 * runs, then checks the copy; `npm run restore FILE` checks a backup and puts it in place of the
 * database, with the server stopped (R-OPS-BACKUP). Exit 0 when done, 1 when refused or the check
 * fails, 2 for a usage mistake.
 */
const USAGE = [
  'Usage: npm run backup [-- FILE]     a copy of CONCORDAT_DB (default: backups/concordat-<time>.db beside it)',
  '       npm run restore FILE         put a backup in place of CONCORDAT_DB (stop the server first)',
].join('\n');

const megabytes = (bytes: number) => `${(bytes / 1_048_576).toFixed(1)} MB`;

function describe(check: TDatabaseCheck): string[] {
  return [
    `  ${check.path}: ${megabytes(check.bytes)}, ${check.counts.events} events (last ${check.lastSeq}), ` +
      `${check.counts.cards} cards, ${check.counts.services} services, ${check.counts.units} units`,
    `  SQLite integrity check: ${check.integrity}`,
    ...check.chains.map((c) =>
      c.broken
        ? `  BROKEN ${c.log} chain at row ${c.broken.row}: ${c.broken.reason}`
        : `  ${c.log} chain intact: ${c.rows} rows, head ${c.head}`,
    ),
  ];
}

function stamp(now: Date): string {
  return now.toISOString().replace(/[-:]/g, '').replace('T', '-').replace(/\..*/, '');
}

async function main(command: string | undefined, args: string[]): Promise<number> {
  const config = loadConfig({ ...process.env, LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent' });
  if (config.databaseUrl !== null) {
    console.error(
      'CONCORDAT_DATABASE_URL is set: the store is PostgreSQL, backed up with its own tools (pg_dump, or ' +
        'continuous archiving for point-in-time recovery). See docs/deploy/README.md.',
    );
    return 2;
  }
  const database = resolve(config.databasePath);
  if (command === 'backup' && args.length <= 1) {
    const target = resolve(args[0] ?? join(dirname(database), 'backups', `concordat-${stamp(new Date())}.db`));
    mkdirSync(dirname(target), { recursive: true, mode: 0o700 });
    const check = await backupDatabase(database, target);
    console.log([`Backed up ${database} to ${target}`, ...describe(check)].join('\n'));
    return check.isSound ? 0 : 1;
  }
  if (command === 'restore' && args.length === 1 && args[0]) {
    const backup = resolve(args[0]);
    const before = checkDatabase(backup);
    if (!before.isSound) {
      console.error([`${backup} failed its check; nothing was changed.`, ...describe(before)].join('\n'));
      return 1;
    }
    const { check, setAside } = await restoreDatabase(backup, database);
    console.log(
      [
        `Restored ${backup} as ${database}`,
        ...describe(check),
        ...(setAside.length ? [`  The files it replaced are kept: ${setAside.join(', ')}`] : []),
        '  Every session was ended: start the server, then everyone signs in again and reloads their console.',
      ].join('\n'),
    );
    return 0;
  }
  console.error(USAGE);
  return 2;
}

main(process.argv[2], process.argv.slice(3)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  },
);
