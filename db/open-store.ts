import type { TStore } from './repositories';
import { createPostgresStore } from './postgres/postgres-store';
import { createSqliteStore } from './sqlite/sqlite-store';

/**
 * The store the configuration names: PostgreSQL when a connection string is set (several nodes share
 * it), otherwise the SQLite file (one server, the embedded default).
 */
export function openStore(config: { databasePath: string; databaseUrl: string | null }): Promise<TStore> {
  return config.databaseUrl
    ? createPostgresStore(config.databaseUrl)
    : Promise.resolve(createSqliteStore(config.databasePath));
}
