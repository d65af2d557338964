import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineConfig } from '@playwright/test';
import { CHROMIUM_ARGS, findChromium } from './e2e/support/chromium';

const PORT = Number(process.env.E2E_PORT ?? 3107);
// One fresh database per run for each server the suite starts: the demo, and a real area set up from nothing.
const run = `${process.pid}-${Date.now()}`;
process.env.E2E_DB ??= join(tmpdir(), `concordat-e2e-${run}`, 'concordat.db');
process.env.E2E_GO_LIVE_DB ??= join(tmpdir(), `concordat-e2e-live-${run}`, 'concordat.db');
process.env.E2E_GO_LIVE_URL ??= `http://127.0.0.1:${PORT + 1}`;
// A relay the offline specs put between a tablet and the demo server to slow its link or make it go silent
// (e2e/support/slow-link.ts); the server accepts the tablet's pages from it as it would from a proxy.
process.env.E2E_SLOW_LINK_PORT ??= String(PORT + 2);

export default defineConfig({
  testDir: './e2e',
  // Tablets going offline and coming back take a while on a loaded 2-core machine.
  timeout: 60_000,
  expect: { timeout: 5_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: process.env.CI ? [['list']] : [['list'], ['html', { open: 'never' }]],
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    trace: 'retain-on-failure',
    launchOptions: { executablePath: findChromium()?.path, args: CHROMIUM_ARGS },
  },
  webServer: [
    {
      command: 'npx tsx server/main.ts',
      url: `http://127.0.0.1:${PORT}/readyz`,
      reuseExistingServer: false,
      timeout: 60_000,
      env: {
        PORT: String(PORT),
        CONCORDAT_HOST: '127.0.0.1',
        CONCORDAT_DB: process.env.E2E_DB,
        CONCORDAT_DEMO: 'true',
        CONCORDAT_ALLOWED_ORIGINS: [PORT, Number(process.env.E2E_SLOW_LINK_PORT)]
          .flatMap((port) => [`http://127.0.0.1:${port}`, `http://localhost:${port}`])
          .join(','),
        CONCORDAT_LOGIN_LIMIT_PER_MINUTE: '1000',
        // Every browser here comes from 127.0.0.1; the per-session limits stay at their defaults.
        CONCORDAT_ADDRESS_COMMAND_BURST: '100000',
        CONCORDAT_ADDRESS_READ_BURST: '100000',
        // Specs here move the browser's clock by hours; the idle lock has its own spec on the other server.
        CONCORDAT_IDLE_LOCK_MINUTES:
          'operator=0,duty-manager=0,admin=0,provider=0,pos-staff=0,triage-clinician=0,police-officer=0,ambulance-clinician=0,amhp=0,ig-lead=0',
        LOG_LEVEL: 'warn',
      },
    },
    {
      // A new area from an empty database without the demo: the go-live specs set it up through its own screens.
      command: 'npx tsx server/main.ts',
      url: `${process.env.E2E_GO_LIVE_URL}/readyz`,
      reuseExistingServer: false,
      timeout: 60_000,
      env: {
        PORT: String(PORT + 1),
        CONCORDAT_HOST: '127.0.0.1',
        CONCORDAT_DB: process.env.E2E_GO_LIVE_DB,
        CONCORDAT_DEMO: 'false',
        CONCORDAT_LOGIN_LIMIT_PER_MINUTE: '1000',
        // Every browser here comes from 127.0.0.1; the per-session limits stay at their defaults.
        CONCORDAT_ADDRESS_COMMAND_BURST: '100000',
        CONCORDAT_ADDRESS_READ_BURST: '100000',
        // AMHPs lock after 9 s without input here, so the idle lock can be watched in a test.
        CONCORDAT_IDLE_LOCK_MINUTES: 'amhp=0.15',
        LOG_LEVEL: 'warn',
      },
    },
  ],
});
