import { claimDatabase } from '@db/sqlite/backup';
import { loadConfig, type TConfig } from './config';
import { startApp } from './app';
import { DEMO_AREA, DEMO_USERS } from './demo/seed-demo-area';
import type { TServices } from './services';
import { prepareInstance } from './setup/prepare-instance';
import { setupTokenPath } from './setup/setup-mode';

function baseUrl(config: TConfig, port: number): string {
  if (config.publicUrl) return config.publicUrl.replace(/\/$/, '');
  const host = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
  return `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
}

/** What the person who started the server needs to know, printed once it is ready. */
function banner(services: TServices, port: number): string {
  const url = baseUrl(services.config, port);
  const { mode, setupToken } = services.instance;
  if (mode === 'setup' && setupToken) {
    const file = setupTokenPath(services.config.databasePath);
    // On a terminal the person who started it sees the link; under a service manager stdout goes to logs
    // other people can read, so only the file (0600) holds the token.
    const link = process.stdout.isTTY
      ? [`    ${url}/setup#token=${setupToken}`, '', `  (The token is also in ${file}, readable only by this user.`]
      : [`    ${url}/setup  and paste the token in ${file}`, '', '  (The file is readable only by this user.'];
    return [
      '',
      `  Concordat is running on ${url} and is not set up yet.`,
      '  Open this one-time link to create the area and its first administrator:',
      '',
      ...link,
      '   Or script it: npm run admin -- create-area, then create-user with --role admin.)',
      '',
    ].join('\n');
  }
  if (mode === 'demo') {
    const password =
      services.config.demoPassword === 'crisis-care-demo' ? 'crisis-care-demo' : 'as set in CONCORDAT_DEMO_PASSWORD';
    return [
      '',
      `  Concordat is running on ${url}`,
      `  Demo area: ${DEMO_AREA.name} — fictional people and places`,
      `  Demo logins (password: ${password}):`,
      ...DEMO_USERS.map((u) => `    ${u.username.padEnd(22)} ${u.displayName}`),
      '',
    ].join('\n');
  }
  return `Concordat is running on ${url}`;
}

/** Entry point for `npm start`: configuration, migrations, demo or setup, serve, then say so. */
async function main(): Promise<void> {
  const config = loadConfig();
  // SQLite: one server per file, and `npm run restore` will not replace it while this one runs.
  // PostgreSQL: as many servers as the load needs, all on one database.
  const release =
    config.databaseUrl !== null || config.databasePath === ':memory:' ? () => {} : claimDatabase(config.databasePath);
  const app = await startApp(config, { prepare: prepareInstance });
  console.log(banner(app.services, app.port));
  const stop = () => {
    void app.close().then(() => {
      release();
      process.exit(0);
    });
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
