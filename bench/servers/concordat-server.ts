import { startApp } from '@server/app';
import { loadConfig } from '@server/config';
import { prepareInstance } from '@server/setup/prepare-instance';
import { serveHarness } from '../lib/processes';

/** The real Concordat server (same code as `npm start`), with the harness's IPC for readiness and heap. */
const config = loadConfig(process.env);
const app = await startApp(config, { prepare: prepareInstance });
serveHarness(app.port, () => app.close());
