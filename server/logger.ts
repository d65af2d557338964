import { pino, type Logger } from 'pino';

/**
 * Structured logs. Never log a card, a note or a person's details: only ids, codes and counts.
 * Cookies and passwords are redacted in case a request object is ever logged.
 */
export function createLogger(level: string): Logger {
  return pino({
    level,
    base: { service: 'concordat' },
    redact: ['req.headers.cookie', 'password', '*.password', 'token'],
  });
}
export type { Logger };
