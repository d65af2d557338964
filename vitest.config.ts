import { defineConfig } from 'vitest/config';
import { aliases } from './aliases.ts';

export default defineConfig({
  resolve: { alias: aliases },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          // Pure code, no server or database: rules, the client's logic, and server helpers such as TOTP and CSV.
          include: ['shared/**/*.test.ts', 'client/src/**/*.test.ts', 'server/**/*.test.ts'],
          exclude: ['server/**/*.integration.test.ts', 'client/**/*.integration.test.ts'],
          environment: 'node',
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          // The client's connection against the real socket.io client and a bare socket.io server, too.
          include: [
            'db/**/*.test.ts',
            'server/**/*.integration.test.ts',
            'client/**/*.integration.test.ts',
            'bench/**/*.test.ts',
          ],
          environment: 'node',
          // A real PostgreSQL for the PostgreSQL store's tests (CONCORDAT_TEST_DATABASE_URL, or embedded).
          globalSetup: ['db/postgres/global-setup.ts'],
          testTimeout: 30_000,
          hookTimeout: 30_000,
        },
      },
    ],
  },
});
