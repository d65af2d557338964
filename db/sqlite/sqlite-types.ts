import type { openDatabase } from '../connection';

/** The raw better-sqlite3 handle the backend prepares its statements on. */
export type TSqlite = ReturnType<typeof openDatabase>['sqlite'];
