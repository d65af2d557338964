import { startApp } from '@server/app';
import { loadConfig } from '@server/config';
import { prepareInstance } from '@server/setup/prepare-instance';
import { serveHarness } from '../lib/processes';

/** The real Concordat server (same code as `npm start`), with the harness's IPC for readiness and heap. */
/**
 * The benchmarks' consoles share a few logins and all come from 127.0.0.1, so the abuse limits are
 * raised out of the way unless a benchmark sets them (the flood benchmark measures them at their defaults).
 */
const OUT_OF_THE_WAY = {
  CONCORDAT_SESSION_COMMAND_BURST: '1000000000',
  CONCORDAT_SESSION_COMMANDS_PER_SECOND: '1000000000',
  CONCORDAT_ADDRESS_COMMAND_BURST: '1000000000',
  CONCORDAT_ADDRESS_COMMANDS_PER_SECOND: '1000000000',
  CONCORDAT_SESSION_READ_BURST: '1000000000',
  CONCORDAT_SESSION_READS_PER_SECOND: '1000000000',
  CONCORDAT_ADDRESS_READ_BURST: '1000000000',
  CONCORDAT_ADDRESS_READS_PER_SECOND: '1000000000',
  CONCORDAT_SOCKETS_PER_SESSION: '1000000',
  CONCORDAT_SOCKETS_PER_PERSON: '1000000',
};
const config = loadConfig({ ...OUT_OF_THE_WAY, ...process.env });
const app = await startApp(config, { prepare: prepareInstance });
serveHarness(app.port, () => app.close());
