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
import type { TProjection, TSideWriters } from './stream-store';
import type { TSqlite } from './sqlite-types';

/** Projections of the administration streams: areas, organisations and accounts. */
export function createAccountProjections(sqlite: TSqlite): {
  area: TProjection<TArea>;
  organisation: TProjection<TOrganisation>;
  user: TProjection<TAccount>;
} {
  const s = {
    getArea: sqlite.prepare<[string], TAreaRow>('SELECT * FROM areas WHERE id = ?'),
    upsertArea: sqlite.prepare(
      `INSERT INTO areas (id, name, short_code, is_demo, version, updated_at)
       VALUES (@id, @name, @shortCode, @isDemo, @version, @updatedAt)
       ON CONFLICT(id) DO UPDATE SET name = excluded.name, short_code = excluded.short_code,
         is_demo = excluded.is_demo, version = excluded.version, updated_at = excluded.updated_at`,
    ),
    getOrganisation: sqlite.prepare<[string], TOrganisationRow>('SELECT * FROM organisations WHERE id = ?'),
    upsertOrganisation: sqlite.prepare(
      `INSERT INTO organisations (id, area_id, name, kind, version, updated_at)
       VALUES (@id, @areaId, @name, @kind, @version, @updatedAt)
       ON CONFLICT(id) DO UPDATE SET name = excluded.name, kind = excluded.kind,
         version = excluded.version, updated_at = excluded.updated_at`,
    ),
    getUser: sqlite.prepare<[string], TUserRow>('SELECT * FROM users WHERE id = ?'),
    upsertUser: sqlite.prepare(
      `INSERT INTO users (id, area_id, username, display_name, role, organisation_id, contact, is_enabled, is_demo,
         must_change_password, has_mfa, version, created_at, updated_at)
       VALUES (@id, @areaId, @username, @displayName, @role, @organisationId, @contact, @isEnabled, @isDemo,
         @mustChangePassword, @hasMfa, @version, @createdAt, @updatedAt)
       ON CONFLICT(id) DO UPDATE SET display_name = excluded.display_name, role = excluded.role,
         organisation_id = excluded.organisation_id, contact = excluded.contact, is_enabled = excluded.is_enabled,
         must_change_password = excluded.must_change_password, has_mfa = excluded.has_mfa,
         version = excluded.version, updated_at = excluded.updated_at`,
    ),
  };
  const bool = (b: boolean) => (b ? 1 : 0);
  return {
    area: {
      read: (id) => {
        const row = s.getArea.get(id);
        return row ? toArea(row) : null;
      },
      write: (a) => s.upsertArea.run({ ...a, isDemo: bool(a.isDemo) }),
      areaOf: (a) => a.id,
    },
    organisation: {
      read: (id) => {
        const row = s.getOrganisation.get(id);
        return row ? toOrganisation(row) : null;
      },
      write: (o) => s.upsertOrganisation.run(o),
      areaOf: (o) => o.areaId,
    },
    user: {
      read: (id) => {
        const row = s.getUser.get(id);
        return row ? toAccount(row) : null;
      },
      write: (u) =>
        s.upsertUser.run({
          ...u,
          contact: JSON.stringify(u.contact),
          isEnabled: bool(u.isEnabled),
          isDemo: bool(u.isDemo),
          mustChangePassword: bool(u.mustChangePassword),
          hasMfa: bool(u.hasMfa),
        }),
      areaOf: (u) => u.areaId,
    },
  };
}

/** Credentials and sessions written inside a command's transaction. */
export function createSideWriters(sqlite: TSqlite): Omit<TSideWriters, 'foldReports'> {
  const s = {
    insertCredentials: sqlite.prepare(
      `INSERT INTO credentials (user_id, password_hash, password_changed_at, mfa_secret, mfa_last_step, recovery_codes)
       VALUES (?, ?, ?, NULL, NULL, '[]')`,
    ),
    hasCredentials: sqlite.prepare<[string], { user_id: string }>('SELECT user_id FROM credentials WHERE user_id = ?'),
    setPassword: sqlite.prepare('UPDATE credentials SET password_hash = ?, password_changed_at = ? WHERE user_id = ?'),
    setMfaSecret: sqlite.prepare('UPDATE credentials SET mfa_secret = ?, mfa_last_step = NULL WHERE user_id = ?'),
    setMfaLastStep: sqlite.prepare('UPDATE credentials SET mfa_last_step = ? WHERE user_id = ?'),
    setRecoveryCodes: sqlite.prepare('UPDATE credentials SET recovery_codes = ? WHERE user_id = ?'),
    endAll: sqlite.prepare<[string], { token_hash: string }>(
      'DELETE FROM sessions WHERE user_id = ? RETURNING token_hash',
    ),
    endAllExcept: sqlite.prepare<[string, string], { token_hash: string }>(
      'DELETE FROM sessions WHERE user_id = ? AND token_hash != ? RETURNING token_hash',
    ),
    endOne: sqlite.prepare<[string, string], { token_hash: string }>(
      'DELETE FROM sessions WHERE user_id = ? AND id = ? RETURNING token_hash',
    ),
  };
  return {
    writeCredentials: (change, at) => {
      if (!s.hasCredentials.get(change.userId)) {
        if (change.passwordHash === undefined) throw new Error('A new account needs a password hash');
        s.insertCredentials.run(change.userId, change.passwordHash, at);
      } else if (change.passwordHash !== undefined) {
        s.setPassword.run(change.passwordHash, at, change.userId);
      }
      if (change.mfaSecret !== undefined) s.setMfaSecret.run(change.mfaSecret, change.userId);
      if (change.mfaLastStep !== undefined) s.setMfaLastStep.run(change.mfaLastStep, change.userId);
      if (change.recoveryCodeHashes !== undefined) {
        s.setRecoveryCodes.run(JSON.stringify(change.recoveryCodeHashes), change.userId);
      }
    },
    endSessions: (end) => {
      const rows =
        end.sessionId !== undefined
          ? s.endOne.all(end.userId, end.sessionId)
          : end.exceptTokenHash !== undefined
            ? s.endAllExcept.all(end.userId, end.exceptTokenHash)
            : s.endAll.all(end.userId);
      return rows.map((r) => r.token_hash);
    },
  };
}

export function createAreaRepository(sqlite: TSqlite): TAreaRepository {
  const get = sqlite.prepare<[string], TAreaRow>('SELECT * FROM areas WHERE id = ?');
  const list = sqlite.prepare<[], TAreaRow>('SELECT * FROM areas ORDER BY name');
  return {
    get: async (id) => {
      const row = get.get(id);
      return row ? toArea(row) : null;
    },
    list: async () => list.all().map(toArea),
  };
}

export function createOrganisationRepository(sqlite: TSqlite): TOrganisationRepository {
  const get = sqlite.prepare<[string], TOrganisationRow>('SELECT * FROM organisations WHERE id = ?');
  const list = sqlite.prepare<[string], TOrganisationRow>(
    'SELECT * FROM organisations WHERE area_id = ? ORDER BY name',
  );
  return {
    get: async (id) => {
      const row = get.get(id);
      return row ? toOrganisation(row) : null;
    },
    list: async (areaId) => list.all(areaId).map(toOrganisation),
  };
}

export function createAccountRepository(sqlite: TSqlite): TAccountRepository {
  const s = {
    get: sqlite.prepare<[string], TUserRow>('SELECT * FROM users WHERE id = ?'),
    byUsername: sqlite.prepare<[string], TUserRow>('SELECT * FROM users WHERE username = ?'),
    list: sqlite.prepare<[string], TUserRow>('SELECT * FROM users WHERE area_id = ? ORDER BY display_name'),
    credentials: sqlite.prepare<
      [string],
      {
        password_hash: string;
        password_changed_at: string;
        mfa_secret: string | null;
        mfa_last_step: number | null;
        recovery_codes: string;
      }
    >('SELECT * FROM credentials WHERE user_id = ?'),
    counts: sqlite.prepare<[], { demo: number; real: number }>(
      'SELECT COALESCE(SUM(is_demo), 0) AS demo, COALESCE(SUM(1 - is_demo), 0) AS real FROM users',
    ),
    claimStep: sqlite.prepare(
      'UPDATE credentials SET mfa_last_step = ? WHERE user_id = ? AND (mfa_last_step IS NULL OR mfa_last_step < ?)',
    ),
    codes: sqlite.prepare<[string], { recovery_codes: string }>(
      'SELECT recovery_codes FROM credentials WHERE user_id = ?',
    ),
    setCodes: sqlite.prepare('UPDATE credentials SET recovery_codes = ? WHERE user_id = ?'),
  };
  const consume = sqlite.transaction((userId: string, codeHash: string): number | null => {
    const row = s.codes.get(userId);
    const hashes = row ? (JSON.parse(row.recovery_codes) as string[]) : [];
    if (!hashes.includes(codeHash)) return null;
    const left = hashes.filter((h) => h !== codeHash);
    s.setCodes.run(JSON.stringify(left), userId);
    return left.length;
  });
  return {
    get: async (id) => {
      const row = s.get.get(id);
      return row ? toAccount(row) : null;
    },
    findByUsername: async (username) => {
      const row = s.byUsername.get(username.toLowerCase());
      return row ? toAccount(row) : null;
    },
    list: async (areaId) => s.list.all(areaId).map(toAccount),
    credentials: async (userId): Promise<TCredentials | null> => {
      const row = s.credentials.get(userId);
      if (!row) return null;
      return {
        passwordHash: row.password_hash,
        passwordChangedAt: row.password_changed_at,
        mfaSecret: row.mfa_secret,
        mfaLastStep: row.mfa_last_step,
        recoveryCodeHashes: JSON.parse(row.recovery_codes) as string[],
      };
    },
    counts: async () => s.counts.get() ?? { demo: 0, real: 0 },
    claimTotpStep: async (userId, step) => s.claimStep.run(step, userId, step).changes === 1,
    consumeRecoveryCode: async (userId, codeHash) => consume.immediate(userId, codeHash),
  };
}

export function createSessionRepository(sqlite: TSqlite): TSessionRepository {
  const s = {
    insert: sqlite.prepare(
      `INSERT INTO sessions (token_hash, id, user_id, stage, created_at, expires_at, last_active_at, user_agent, source)
       VALUES (@tokenHash, @id, @userId, @stage, @createdAt, @expiresAt, @lastActiveAt, @userAgent, @source)`,
    ),
    find: sqlite.prepare<[string], TSessionRow & { [K in keyof TUserRow as `u_${K}`]: TUserRow[K] }>(
      `SELECT s.*, u.id AS u_id, u.area_id AS u_area_id, u.username AS u_username, u.display_name AS u_display_name,
         u.role AS u_role, u.organisation_id AS u_organisation_id, u.contact AS u_contact, u.is_enabled AS u_is_enabled,
         u.is_demo AS u_is_demo, u.must_change_password AS u_must_change_password, u.has_mfa AS u_has_mfa,
         u.version AS u_version, u.created_at AS u_created_at, u.updated_at AS u_updated_at
       FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = ?`,
    ),
    delete: sqlite.prepare('DELETE FROM sessions WHERE token_hash = ?'),
    addFailure: sqlite.prepare<[string], { failures: number }>(
      'UPDATE sessions SET failures = failures + 1 WHERE token_hash = ? RETURNING failures',
    ),
    renew: sqlite.prepare('UPDATE sessions SET token_hash = ? WHERE token_hash = ?'),
    forUser: sqlite.prepare<[string], TSessionRow>('SELECT * FROM sessions WHERE user_id = ? ORDER BY created_at DESC'),
    unlocked: sqlite.prepare<[], TSessionRow & { role: string }>(
      `SELECT s.*, u.role AS role FROM sessions s JOIN users u ON u.id = s.user_id
       WHERE s.stage = 'active' AND s.locked_at IS NULL`,
    ),
    withAccountState: sqlite.prepare<[string], TSessionRow & { role: string; is_enabled: number }>(
      `SELECT s.*, u.role AS role, u.is_enabled AS is_enabled FROM sessions s JOIN users u ON u.id = s.user_id
       WHERE s.token_hash IN (SELECT value FROM json_each(?))`,
    ),
    expired: sqlite.prepare<[string], { token_hash: string }>(
      'DELETE FROM sessions WHERE expires_at <= ? RETURNING token_hash',
    ),
  };
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
      s.insert.run(session);
    },
    find: async (tokenHash) => {
      const row = s.find.get(tokenHash);
      if (!row) return null;
      const user = Object.fromEntries(
        Object.entries(row)
          .filter(([k]) => k.startsWith('u_'))
          .map(([k, v]) => [k.slice(2), v]),
      ) as unknown as TUserRow;
      return { session: toSession(row), account: toAccount(user) };
    },
    update: async (tokenHash, changes) => {
      const keys = Object.keys(changes).filter((k) => k in columns);
      if (keys.length === 0) return;
      // Column names come from the fixed map above, never from input.
      sqlite
        .prepare(
          `UPDATE sessions SET ${keys.map((k) => `${columns[k]} = @${k}`).join(', ')} WHERE token_hash = @tokenHash`,
        )
        .run({ ...changes, tokenHash });
    },
    delete: async (tokenHash) => {
      s.delete.run(tokenHash);
    },
    addFailure: async (tokenHash) => s.addFailure.get(tokenHash)?.failures ?? Number.MAX_SAFE_INTEGER,
    renew: async (tokenHash, newTokenHash) => {
      s.renew.run(newTokenHash, tokenHash);
    },
    listForUser: async (userId) => s.forUser.all(userId).map(toSession),
    listUnlocked: async () => s.unlocked.all().map((r) => ({ ...toSession(r), role: r.role as TRole })),
    existing: async (tokenHashes) => {
      if (tokenHashes.length === 0) return new Set();
      const rows = sqlite
        .prepare(`SELECT token_hash FROM sessions WHERE token_hash IN (${tokenHashes.map(() => '?').join(', ')})`)
        .all(...tokenHashes) as { token_hash: string }[];
      return new Set(rows.map((r) => r.token_hash));
    },
    withAccountState: async (tokenHashes) =>
      tokenHashes.length === 0
        ? []
        : s.withAccountState
            .all(JSON.stringify(tokenHashes))
            .map((r) => ({ ...toSession(r), role: r.role as TRole, isEnabled: r.is_enabled === 1 })),
    deleteExpired: async (now) => s.expired.all(now).map((r) => r.token_hash),
  };
}

export function createSignInAttemptRepository(sqlite: TSqlite): TSignInAttemptRepository {
  const s = {
    times: sqlite.prepare<[string, number], { at_ms: number; source_key: string }>(
      'SELECT at_ms, source_key FROM sign_in_attempts WHERE account_key = ? AND at_ms >= ?',
    ),
    insert: sqlite.prepare('INSERT INTO sign_in_attempts (account_key, source_key, at_ms) VALUES (?, ?, ?)'),
    clear: sqlite.prepare('DELETE FROM sign_in_attempts WHERE account_key = ?'),
    forget: sqlite.prepare('DELETE FROM sign_in_attempts WHERE at_ms < ?'),
  };
  // One process writes this file, and the read, the decision and the insert run without yielding.
  const claim = sqlite.transaction((request: Parameters<TSignInAttemptRepository['claim']>[0]) => {
    const rows = s.times.all(request.accountKey, request.sinceMs);
    const refusal = request.decide(
      rows.map((r) => r.at_ms),
      rows.filter((r) => r.source_key === request.sourceKey).map((r) => r.at_ms),
    );
    if (refusal === null) s.insert.run(request.accountKey, request.sourceKey, request.atMs);
    return refusal;
  });
  return {
    claim: async (request) => claim.immediate(request),
    clear: async (accountKey) => {
      s.clear.run(accountKey);
    },
    forget: async (beforeMs) => {
      s.forget.run(beforeMs);
    },
  };
}
