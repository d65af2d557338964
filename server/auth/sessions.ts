import { createHash, randomBytes } from 'node:crypto';
import { parse as parseCookie } from 'cookie';
import type { TStore } from '@db/repositories';
import type { TUser } from '@shared/schemas/user';
import { DUMMY_HASH, verifyPassword } from './passwords';

export const SESSION_COOKIE = 'concordat_session';

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}

export function tokenFromCookieHeader(header: string | undefined): string | null {
  if (!header) return null;
  return parseCookie(header)[SESSION_COOKIE] ?? null;
}

/**
 * Server-side sessions: the cookie carries a random token, the database keeps only its hash.
 * A session lasts one shift (CONCORDAT_SESSION_HOURS) and is not silently extended; the display-only
 * board, which sees no one's details, lasts CONCORDAT_BOARD_SESSION_DAYS so a wall screen keeps running.
 */
export function createSessionService(store: TStore, hours: { shift: number; board: number }, now: () => Date) {
  return {
    async login(username: string, password: string): Promise<{ token: string; user: TUser; expiresAt: Date } | null> {
      const record = await store.users.findByUsername(username);
      const isValid = await verifyPassword(password, record?.passwordHash ?? DUMMY_HASH);
      if (!record || !isValid) return null;
      const token = randomBytes(32).toString('base64url');
      const lifetime = record.role === 'board' ? hours.board : hours.shift;
      const expiresAt = new Date(now().getTime() + lifetime * 3_600_000);
      await store.sessions.create({
        tokenHash: hashToken(token),
        userId: record.id,
        expiresAt: expiresAt.toISOString(),
      });
      const { passwordHash: _omit, ...user } = record;
      return { token, user, expiresAt };
    },

    async userForToken(token: string | null): Promise<TUser | null> {
      if (!token) return null;
      return store.sessions.findUser(hashToken(token), now().toISOString());
    },

    async logout(token: string): Promise<string> {
      const tokenHash = hashToken(token);
      await store.sessions.delete(tokenHash);
      return tokenHash;
    },

    async sweepExpired(): Promise<string[]> {
      return store.sessions.deleteExpired(now().toISOString());
    },
  };
}
export type TSessionService = ReturnType<typeof createSessionService>;
