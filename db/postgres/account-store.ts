import type { TAccount, TArea, TOrganisation } from '@shared/schemas/account';
import type { TRole } from '@shared/schemas/user';
import type {
  TAccountRepository,
  TAreaRepository,
  TCredentials,
  TOrganisationRepository,
  TSessionRepository,
  TSignInAttemptRepository,
} from '../repositories';
import {
  toAccount,
  toArea,
  toOrganisation,
  toSession,
  type TAreaRow,
  type TOrganisationRow,
  type TSessionRow,
  type TUserRow,
} from '../account-rows';
import { inTransaction } from './connection';
import { SIGN_IN_LOCK, type TPgPool, type TPgProjection, type TPgQueryable, type TPgSideWriters } from './pg-types';

interface TCredentialsRow {
  password_hash: string;
  password_changed_at: string;
  mfa_secret: string | null;
  mfa_last_step: number | null;
  recovery_codes: string;
}

/** The one row a query found, or null. */
async function one<TRow>(db: TPgQueryable, text: string, values: unknown[]): Promise<TRow | null> {
  const result = await db.query<TRow & Record<string, unknown>>(text, values);
  return result.rows[0] ?? null;
}

async function all<TRow>(db: TPgQueryable, text: string, values: unknown[] = []): Promise<TRow[]> {
  const result = await db.query<TRow & Record<string, unknown>>(text, values);
  return result.rows;
}

const SQL = {
  getArea: 'SELECT * FROM areas WHERE id = $1',
  upsertArea: `INSERT INTO areas (id, name, short_code, is_demo, version, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT(id) DO UPDATE SET name = excluded.name, short_code = excluded.short_code,
       is_demo = excluded.is_demo, version = excluded.version, updated_at = excluded.updated_at`,
  getOrganisation: 'SELECT * FROM organisations WHERE id = $1',
  upsertOrganisation: `INSERT INTO organisations (id, area_id, name, kind, version, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT(id) DO UPDATE SET name = excluded.name, kind = excluded.kind,
       version = excluded.version, updated_at = excluded.updated_at`,
  getUser: 'SELECT * FROM users WHERE id = $1',
  upsertUser: `INSERT INTO users (id, area_id, username, display_name, role, organisation_id, contact, is_enabled,
       is_demo, must_change_password, has_mfa, version, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
     ON CONFLICT(id) DO UPDATE SET display_name = excluded.display_name, role = excluded.role,
       organisation_id = excluded.organisation_id, contact = excluded.contact, is_enabled = excluded.is_enabled,
       must_change_password = excluded.must_change_password, has_mfa = excluded.has_mfa,
       version = excluded.version, updated_at = excluded.updated_at`,
} as const;

/** Projections of the administration streams: areas, organisations and accounts. */
export function createAccountProjections(): {
  area: TPgProjection<TArea>;
  organisation: TPgProjection<TOrganisation>;
  user: TPgProjection<TAccount>;
} {
  return {
    area: {
      read: async (db, id) => {
        const row = await one<TAreaRow>(db, SQL.getArea, [id]);
        return row ? toArea(row) : null;
      },
      write: async (db, a) => {
        await db.query(SQL.upsertArea, [a.id, a.name, a.shortCode, a.isDemo, a.version, a.updatedAt]);
      },
      areaOf: (a) => a.id,
    },
    organisation: {
      read: async (db, id) => {
        const row = await one<TOrganisationRow>(db, SQL.getOrganisation, [id]);
        return row ? toOrganisation(row) : null;
      },
      write: async (db, o) => {
        await db.query(SQL.upsertOrganisation, [o.id, o.areaId, o.name, o.kind, o.version, o.updatedAt]);
      },
      areaOf: (o) => o.areaId,
    },
    user: {
      read: async (db, id) => {
        const row = await one<TUserRow>(db, SQL.getUser, [id]);
        return row ? toAccount(row) : null;
      },
      write: async (db, u) => {
        await db.query(SQL.upsertUser, [
          u.id,
          u.areaId,
          u.username,
          u.displayName,
          u.role,
          u.organisationId,
          JSON.stringify(u.contact),
          u.isEnabled,
          u.isDemo,
          u.mustChangePassword,
          u.hasMfa,
          u.version,
          u.createdAt,
          u.updatedAt,
        ]);
      },
      areaOf: (u) => u.areaId,
    },
  };
}

/** Credentials and sessions written inside a command's transaction. */
export function createSideWriters(): Omit<TPgSideWriters, 'foldReports'> {
  return {
    writeCredentials: async (db, change, at) => {
      const existing = await one<{ user_id: string }>(db, 'SELECT user_id FROM credentials WHERE user_id = $1', [
        change.userId,
      ]);
      if (!existing) {
        if (change.passwordHash === undefined) throw new Error('A new account needs a password hash');
        await db.query(
          `INSERT INTO credentials (user_id, password_hash, password_changed_at, mfa_secret, mfa_last_step, recovery_codes)
           VALUES ($1, $2, $3, NULL, NULL, '[]')`,
          [change.userId, change.passwordHash, at],
        );
      } else if (change.passwordHash !== undefined) {
        await db.query('UPDATE credentials SET password_hash = $1, password_changed_at = $2 WHERE user_id = $3', [
          change.passwordHash,
          at,
          change.userId,
        ]);
      }
      if (change.mfaSecret !== undefined) {
        await db.query('UPDATE credentials SET mfa_secret = $1, mfa_last_step = NULL WHERE user_id = $2', [
          change.mfaSecret,
          change.userId,
        ]);
      }
      if (change.mfaLastStep !== undefined) {
        await db.query('UPDATE credentials SET mfa_last_step = $1 WHERE user_id = $2', [
          change.mfaLastStep,
          change.userId,
        ]);
      }
      if (change.recoveryCodeHashes !== undefined) {
        await db.query('UPDATE credentials SET recovery_codes = $1 WHERE user_id = $2', [
          JSON.stringify(change.recoveryCodeHashes),
          change.userId,
        ]);
      }
    },
    endSessions: async (db, end) => {
      const rows =
        end.sessionId !== undefined
          ? await all<{ token_hash: string }>(
              db,
              'DELETE FROM sessions WHERE user_id = $1 AND id = $2 RETURNING token_hash',
              [end.userId, end.sessionId],
            )
          : end.exceptTokenHash !== undefined
            ? await all<{ token_hash: string }>(
                db,
                'DELETE FROM sessions WHERE user_id = $1 AND token_hash <> $2 RETURNING token_hash',
                [end.userId, end.exceptTokenHash],
              )
            : await all<{ token_hash: string }>(db, 'DELETE FROM sessions WHERE user_id = $1 RETURNING token_hash', [
                end.userId,
              ]);
      return rows.map((r) => r.token_hash);
    },
  };
}

/*
 * Lists sort text as SQLite does, by its bytes (COLLATE "C"), whatever the database's own collation, so
 * both backends list in the same order.
 */

export function createAreaRepository(pool: TPgPool): TAreaRepository {
  return {
    get: async (id) => {
      const row = await one<TAreaRow>(pool, SQL.getArea, [id]);
      return row ? toArea(row) : null;
    },
    list: async () => (await all<TAreaRow>(pool, 'SELECT * FROM areas ORDER BY name COLLATE "C"')).map(toArea),
  };
}

export function createOrganisationRepository(pool: TPgPool): TOrganisationRepository {
  return {
    get: async (id) => {
      const row = await one<TOrganisationRow>(pool, SQL.getOrganisation, [id]);
      return row ? toOrganisation(row) : null;
    },
    list: async (areaId) =>
      (
        await all<TOrganisationRow>(pool, 'SELECT * FROM organisations WHERE area_id = $1 ORDER BY name COLLATE "C"', [
          areaId,
        ])
      ).map(toOrganisation),
  };
}

export function createAccountRepository(pool: TPgPool): TAccountRepository {
  /** Removes the code's hash under a row lock, so two logins with the same code cannot both use it. */
  const consume = (userId: string, codeHash: string) =>
    inTransaction(pool, async (db): Promise<number | null> => {
      const row = await one<{ recovery_codes: string }>(
        db,
        'SELECT recovery_codes FROM credentials WHERE user_id = $1 FOR UPDATE',
        [userId],
      );
      const hashes = row ? (JSON.parse(row.recovery_codes) as string[]) : [];
      if (!hashes.includes(codeHash)) return null;
      const left = hashes.filter((h) => h !== codeHash);
      await db.query('UPDATE credentials SET recovery_codes = $1 WHERE user_id = $2', [JSON.stringify(left), userId]);
      return left.length;
    });
  return {
    get: async (id) => {
      const row = await one<TUserRow>(pool, SQL.getUser, [id]);
      return row ? toAccount(row) : null;
    },
    findByUsername: async (username) => {
      const row = await one<TUserRow>(pool, 'SELECT * FROM users WHERE username = $1', [username.toLowerCase()]);
      return row ? toAccount(row) : null;
    },
    list: async (areaId) =>
      (
        await all<TUserRow>(pool, 'SELECT * FROM users WHERE area_id = $1 ORDER BY display_name COLLATE "C"', [areaId])
      ).map(toAccount),
    credentials: async (userId): Promise<TCredentials | null> => {
      const row = await one<TCredentialsRow>(pool, 'SELECT * FROM credentials WHERE user_id = $1', [userId]);
      if (!row) return null;
      return {
        passwordHash: row.password_hash,
        passwordChangedAt: row.password_changed_at,
        mfaSecret: row.mfa_secret,
        mfaLastStep: row.mfa_last_step,
        recoveryCodeHashes: JSON.parse(row.recovery_codes) as string[],
      };
    },
    counts: async () =>
      (await one<{ demo: number; real: number }>(
        pool,
        `SELECT (count(*) FILTER (WHERE is_demo))::int AS demo, (count(*) FILTER (WHERE NOT is_demo))::int AS "real"
           FROM users`,
        [],
      )) ?? { demo: 0, real: 0 },
    // One statement: a second claim of the same step waits for the first's row lock, then finds it taken.
    claimTotpStep: async (userId, step) =>
      (
        await pool.query(
          'UPDATE credentials SET mfa_last_step = $2 WHERE user_id = $1 AND (mfa_last_step IS NULL OR mfa_last_step < $2)',
          [userId, step],
        )
      ).rowCount === 1,
    consumeRecoveryCode: (userId, codeHash) => consume(userId, codeHash),
  };
}

export function createSessionRepository(pool: TPgPool): TSessionRepository {
  const columns: Record<string, string> = {
    stage: 'stage',
    expiresAt: 'expires_at',
    lastActiveAt: 'last_active_at',
    lockedAt: 'locked_at',
    pendingMfaSecret: 'pending_mfa_secret',
    failures: 'failures',
  };
  return {
    create: async (session) => {
      await pool.query(
        `INSERT INTO sessions (token_hash, id, user_id, stage, created_at, expires_at, last_active_at, user_agent, source)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
        [
          session.tokenHash,
          session.id,
          session.userId,
          session.stage,
          session.createdAt,
          session.expiresAt,
          session.lastActiveAt,
          session.userAgent,
          session.source,
        ],
      );
    },
    find: async (tokenHash) => {
      // The account comes as one JSON object of its row (flags as JSON booleans).
      const row = await one<TSessionRow & { account: TUserRow }>(
        pool,
        'SELECT s.*, to_json(u) AS account FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = $1',
        [tokenHash],
      );
      if (!row) return null;
      return { session: toSession(row), account: toAccount(row.account) };
    },
    update: async (tokenHash, changes) => {
      const keys = Object.keys(changes).filter((k) => k in columns);
      if (keys.length === 0) return;
      // Column names come from the fixed map above, never from input.
      await pool.query(
        `UPDATE sessions SET ${keys.map((k, i) => `${columns[k]} = $${i + 1}`).join(', ')}
          WHERE token_hash = $${keys.length + 1}`,
        [...keys.map((k) => changes[k as keyof typeof changes]), tokenHash],
      );
    },
    delete: async (tokenHash) => {
      await pool.query('DELETE FROM sessions WHERE token_hash = $1', [tokenHash]);
    },
    addFailure: async (tokenHash) =>
      (
        await one<{ failures: number }>(
          pool,
          'UPDATE sessions SET failures = failures + 1 WHERE token_hash = $1 RETURNING failures',
          [tokenHash],
        )
      )?.failures ?? Number.MAX_SAFE_INTEGER,
    renew: async (tokenHash, newTokenHash) => {
      await pool.query('UPDATE sessions SET token_hash = $1 WHERE token_hash = $2', [newTokenHash, tokenHash]);
    },
    listForUser: async (userId) =>
      (
        await all<TSessionRow>(pool, 'SELECT * FROM sessions WHERE user_id = $1 ORDER BY created_at COLLATE "C" DESC', [
          userId,
        ])
      ).map(toSession),
    listUnlocked: async () =>
      (
        await all<TSessionRow & { role: string }>(
          pool,
          `SELECT s.*, u.role AS role FROM sessions s JOIN users u ON u.id = s.user_id
            WHERE s.stage = 'active' AND s.locked_at IS NULL`,
        )
      ).map((r) => ({ ...toSession(r), role: r.role as TRole })),
    existing: async (tokenHashes) => {
      if (tokenHashes.length === 0) return new Set();
      const rows = await all<{ token_hash: string }>(
        pool,
        'SELECT token_hash FROM sessions WHERE token_hash = ANY($1::text[])',
        [[...tokenHashes]],
      );
      return new Set(rows.map((r) => r.token_hash));
    },
    withAccountState: async (tokenHashes) =>
      tokenHashes.length === 0
        ? []
        : (
            await all<TSessionRow & { role: string; is_enabled: boolean }>(
              pool,
              `SELECT s.*, u.role AS role, u.is_enabled AS is_enabled FROM sessions s JOIN users u ON u.id = s.user_id
                WHERE s.token_hash = ANY($1::text[])`,
              [[...tokenHashes]],
            )
          ).map((r) => ({ ...toSession(r), role: r.role as TRole, isEnabled: r.is_enabled })),
    // Instants compared as text by their bytes, as on SQLite.
    deleteExpired: async (now) =>
      (
        await all<{ token_hash: string }>(
          pool,
          'DELETE FROM sessions WHERE expires_at COLLATE "C" <= $1 RETURNING token_hash',
          [now],
        )
      ).map((r) => r.token_hash),
  };
}

export function createSignInAttemptRepository(pool: TPgPool): TSignInAttemptRepository {
  return {
    claim: (request) =>
      inTransaction(pool, async (db) => {
        // Claims on one account wait for each other, on every node; other accounts are not held up.
        await db.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [SIGN_IN_LOCK, request.accountKey]);
        const rows = await all<{ at_ms: number; source_key: string }>(
          db,
          'SELECT at_ms, source_key FROM sign_in_attempts WHERE account_key = $1 AND at_ms >= $2',
          [request.accountKey, request.sinceMs],
        );
        const refusal = request.decide(
          rows.map((r) => r.at_ms),
          rows.filter((r) => r.source_key === request.sourceKey).map((r) => r.at_ms),
        );
        if (refusal === null) {
          await db.query('INSERT INTO sign_in_attempts (account_key, source_key, at_ms) VALUES ($1, $2, $3)', [
            request.accountKey,
            request.sourceKey,
            request.atMs,
          ]);
        }
        return refusal;
      }),
    clear: async (accountKey) => {
      await pool.query('DELETE FROM sign_in_attempts WHERE account_key = $1', [accountKey]);
    },
    forget: async (beforeMs) => {
      await pool.query('DELETE FROM sign_in_attempts WHERE at_ms < $1', [beforeMs]);
    },
  };
}
