import { loadConfig } from './config';
import { startApp } from './app';
import { raiseDueAlerts } from './jobs/detention-alerts';
import { DEMO_AREA, DEMO_USERS, seedDemoArea } from './demo/seed-demo-area';

/** Entry point for `npm start`: configuration, migrations, demo seed, serve. */
async function main(): Promise<void> {
  const config = loadConfig();
  const app = await startApp(config);
  if (config.isDemo) {
    const seeded = await seedDemoArea(app.services, config.demoPassword);
    // The demo story has clocks already running: raise what is due now rather than at the next check.
    if (seeded) await raiseDueAlerts(app.services);
    const lines = DEMO_USERS.map((u) => `    ${u.username.padEnd(22)} ${u.displayName}, ${u.organisation}`);
    console.log(
      [
        '',
        `  Concordat is running on http://localhost:${app.port}`,
        `  Demo area: ${DEMO_AREA.name}${seeded ? ' (just seeded)' : ''}`,
        `  Demo logins (password: ${config.demoPassword === 'crisis-care-demo' ? 'crisis-care-demo' : 'as set in CONCORDAT_DEMO_PASSWORD'}):`,
        ...lines,
        '',
      ].join('\n'),
    );
  } else {
    console.log(`Concordat is running on http://localhost:${app.port}`);
  }
  const stop = () => {
    void app.close().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
