import type { TestProject } from 'vitest/node';
import { startTestPostgres } from './test-postgres';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The test PostgreSQL server (its `postgres` database): tests make their own databases on it. */
    postgresUrl: string;
  }
}

/** One PostgreSQL for the whole integration run, shared by every worker (db/postgres/test-postgres.ts). */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const server = await startTestPostgres();
  project.provide('postgresUrl', server.url);
  return server.stop;
}
