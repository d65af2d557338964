import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { TChainReport, TChainedLog } from '@db/repositories';
import { GENESIS_HASH } from '@db/sqlite/hash-chain';
import { openStore } from '@db/open-store';
import { redactUrl } from '@db/postgres/connection';
import { loadConfig } from '../config';

/**
 * `npm run audit:verify`: walks the hash chains of the event log and the access log of the configured
 * database (CONCORDAT_DB, as the server) and proves nothing in them was altered, removed or reordered
 * (R-IG-AUDIT). Prints the rows checked and each chain's head; on the first broken link prints which
 * log, which row and why, and exits 1. Read-only apart from bringing an older database up to date, and
 * safe while the server runs.
 *
 * `-- --expect events:<seq>:<hash> --expect access_log:<id>:<hash>` (any number, as the server logs them
 * in its `audit chain head` lines) also checks that each such row is in the verified chain with that
 * hash: a log cut short or rewritten since the head was recorded fails, naming the expectation.
 */
const NAMES: Record<TChainReport['log'], string> = { events: 'event log', access_log: 'access log' };
const KEYS: Record<TChainReport['log'], string> = { events: 'seq', access_log: 'id' };
const USAGE =
  'Usage: npm run audit:verify [-- --expect events:<seq>:<hash> [--expect access_log:<id>:<hash> ...]]\n' +
  "  Each --expect is a head from the server's `audit chain head` log lines (their `expect` field).";

class UsageError extends Error {}

/** A head recorded earlier: that row must be in the verified chain with that hash. */
interface TExpectation {
  log: TChainedLog;
  key: number;
  hash: string;
  text: string;
}

function parseExpectation(text: string): TExpectation {
  const match = /^(events|access_log):(\d+):([0-9a-fA-F]{64})$/.exec(text.trim());
  const [, log, key, hash] = match ?? [];
  if (!log || !key || !hash) {
    throw new UsageError(
      `"${text}" is not a head: expected events:<seq>:<hash> or access_log:<id>:<hash> (a 64-character hex hash).`,
    );
  }
  const expectation = { log: log as TChainedLog, key: Number(key), hash: hash.toLowerCase(), text: text.trim() };
  if (!Number.isSafeInteger(expectation.key)) throw new UsageError(`"${text}": ${key} is not a row key.`);
  if (expectation.key === 0 && expectation.hash !== GENESIS_HASH) {
    throw new UsageError(`"${text}": key 0 is the head of an empty log, whose hash is 64 zeros.`);
  }
  return expectation;
}

function readExpectations(args: string[]): TExpectation[] {
  let values: { expect?: string[] };
  try {
    values = parseArgs({ args, options: { expect: { type: 'string', multiple: true } }, strict: true }).values;
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  return (values.expect ?? []).map(parseExpectation);
}

function describeReport(report: TChainReport): { line: string; isIntact: boolean } {
  const name = NAMES[report.log];
  if (report.broken) {
    const key = KEYS[report.log];
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

/** Whether the row a recorded head names is in the verified part of its chain, with that hash, and why not. */
function describeExpectation(expected: TExpectation, report: TChainReport): { line: string; isMet: boolean } {
  const name = `the ${NAMES[expected.log]} (${expected.log})`;
  const row = `${KEYS[expected.log]} ${expected.key}`;
  const failed = (why: string) => ({ line: `FAILED expected head ${expected.text}: ${why}.`, isMet: false });
  if (expected.key === 0) {
    return { line: `ok expected head ${expected.text}: ${name} was empty then, nothing to compare`, isMet: true };
  }
  const found = report.found.find((f) => f.key === expected.key);
  if (found) {
    if (found.hash === expected.hash) {
      return { line: `ok expected head ${expected.text}: ${name} holds row ${row} with that hash`, isMet: true };
    }
    return failed(
      `row ${row} of ${name} now has hash ${found.hash}, not the one recorded: the chain was rewritten at or ` +
        `before that row since the head was recorded`,
    );
  }
  if (report.broken && expected.key >= report.broken.row) {
    return failed(
      `row ${row} of ${name} is at or after its broken link (${KEYS[expected.log]} ${report.broken.row}), so ` +
        `it cannot be vouched for`,
    );
  }
  if (expected.key > report.headKey) {
    return failed(
      `${name} ends at ${KEYS[expected.log]} ${report.headKey}, before row ${row}: rows were removed from its ` +
        `end since the head was recorded`,
    );
  }
  return failed(`${name} has no row ${row}: it was removed since the head was recorded`);
}

async function main(): Promise<number> {
  let expectations: TExpectation[];
  try {
    expectations = readExpectations(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(`${error.message}\n${USAGE}`);
    return 2;
  }
  const config = loadConfig({ ...process.env, LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent' });
  if (config.databaseUrl === null && config.databasePath !== ':memory:' && !existsSync(config.databasePath)) {
    console.error(`No database at ${config.databasePath} (set CONCORDAT_DB to the server's database).`);
    return 2;
  }
  const store = await openStore(config);
  try {
    const find: Partial<Record<TChainedLog, number[]>> = {};
    for (const e of expectations) (find[e.log] ??= []).push(e.key);
    const reports = await store.integrity.verifyChains(find);
    console.log(`Verifying ${config.databaseUrl ? redactUrl(config.databaseUrl) : config.databasePath}`);
    let isIntact = true;
    for (const report of reports) {
      const described = describeReport(report);
      console.log(described.line);
      isIntact &&= described.isIntact;
    }
    for (const expected of expectations) {
      const report = reports.find((r) => r.log === expected.log);
      if (!report) throw new Error(`No report for ${expected.log}`);
      const described = describeExpectation(expected, report);
      console.log(described.line);
      isIntact &&= described.isMet;
    }
    console.log(
      isIntact
        ? `Both logs verify.${expectations.length > 0 ? ' Every expected head is in them.' : ''}`
        : 'Verification FAILED.',
    );
    return isIntact ? 0 : 1;
  } finally {
    await store.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(2);
  },
);
