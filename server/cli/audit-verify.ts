import { existsSync } from 'node:fs';
import type { TChainReport } from '@db/repositories';
import { createSqliteStore } from '@db/sqlite/sqlite-store';
import { loadConfig } from '../config';

/**
 * `npm run audit:verify`: walks the hash chains of the event log and the access log of the configured
 * database (CONCORDAT_DB, as the server) and proves nothing in them was altered, removed or reordered
 * (R-IG-AUDIT). Prints the rows checked and each chain's head; on the first broken link prints which
 * log, which row and why, and exits 1. Read-only apart from bringing an older database up to date, and
 * safe while the server runs.
 */
const NAMES: Record<TChainReport['log'], string> = { events: 'event log', access_log: 'access log' };

function describeReport(report: TChainReport): { line: string; isIntact: boolean } {
  const name = NAMES[report.log];
  if (report.broken) {
    const key = report.log === 'events' ? 'seq' : 'id';
    return {
      line:
        `BROKEN ${name} (${report.log}) at row ${key} ${report.broken.row}: ${report.broken.reason}. ` +
        `${report.rows} rows before it are intact.`,
      isIntact: false,
    };
  }
  if (report.missingGuards && report.missingGuards.length > 0) {
    return {
      line:
        `UNGUARDED ${name} (${report.log}): ${report.rows} rows checked and linked, but its append-only ` +
        `trigger(s) ${report.missingGuards.join(', ')} are missing, so rows can be changed.`,
      isIntact: false,
    };
  }
  return {
    line: `ok ${name} (${report.log}): ${report.rows} rows checked, chain intact, head ${report.head}`,
    isIntact: true,
  };
}

async function main(): Promise<number> {
  const config = loadConfig({ ...process.env, LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent' });
  if (config.databasePath !== ':memory:' && !existsSync(config.databasePath)) {
    console.error(`No database at ${config.databasePath} (set CONCORDAT_DB to the server's database).`);
    return 2;
  }
  const store = createSqliteStore(config.databasePath);
  try {
    const reports = await store.integrity.verifyChains();
    console.log(`Verifying ${config.databasePath}`);
    let isIntact = true;
    for (const report of reports) {
      const described = describeReport(report);
      console.log(described.line);
      isIntact &&= described.isIntact;
    }
    console.log(isIntact ? 'Both logs verify.' : 'Verification FAILED.');
    return isIntact ? 0 : 1;
  } finally {
    store.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(2);
  },
);
