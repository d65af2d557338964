import { defineConfig } from 'drizzle-kit';

/** PostgreSQL's migrations, generated from its own schema (SQLite's are in drizzle.config.ts). */
export default defineConfig({
  dialect: 'postgresql',
  schema: './db/postgres/schema.ts',
  out: './db/postgres/migrations',
});
