import { startApp } from '@server/app';
import { loadConfig } from '@server/config';
import { seedDemoArea } from '@server/demo/seed-demo-area';
import { serveHarness } from '../lib/processes';

/** The real Concordat server (same code as `npm start`), with the harness's IPC for readiness and heap. */
const config = loadConfig(process.env);
const app = await startApp(config);
if (config.isDemo) await seedDemoArea(app.services, config.demoPassword);
serveHarness(app.port, () => app.close());
