import { createHash } from 'node:crypto';
import type { Logger } from 'pino';

/** A username as the logs may carry it: enough to follow one account's events, not to read it. */
export function userHash(username: string): string {
  return createHash('sha256').update(username.trim().toLowerCase()).digest('hex').slice(0, 16);
}

/** Security events, each logged at warn with `security: true` so a log pipeline can pick them out. */
export type TSecurityEvent =
  'login-failed' | 'logout' | 'forbidden' | 'rate-limited' | 'socket-cap-reached' | 'session-closed';

/**
 * Logs a security event with who (a hash of the username, and the account id) and where from (the
 * client address), and what was refused (a command or route name, an error code). Never a payload,
 * never a person's details: the fields are named here, nothing else is passed through.
 */
export function logSecurityEvent(
  logger: Logger,
  event: TSecurityEvent,
  fields: {
    username?: string | undefined;
    userId?: string | undefined;
    source: string;
    /** The command, or the HTTP method and path (with ids, never a body or query). */
    action?: string;
    code?: string;
    retryAfterSeconds?: number;
    reason?: string;
  },
): void {
  const level = event === 'logout' || event === 'session-closed' ? 'info' : 'warn';
  logger[level](
    {
      event,
      security: true,
      ...(fields.username !== undefined ? { user: userHash(fields.username) } : {}),
      ...(fields.userId !== undefined ? { userId: fields.userId } : {}),
      source: fields.source,
      ...(fields.action !== undefined ? { action: fields.action } : {}),
      ...(fields.code !== undefined ? { code: fields.code } : {}),
      ...(fields.retryAfterSeconds !== undefined ? { retryAfterSeconds: fields.retryAfterSeconds } : {}),
      ...(fields.reason !== undefined ? { reason: fields.reason } : {}),
    },
    event,
  );
}
