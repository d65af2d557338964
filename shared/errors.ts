import { z } from 'zod';
import { ZCaseCard } from './schemas/case';
import { ZActor } from './schemas/user';

/** The closed set of error codes. Each transport maps them once (HTTP: see server/http/errors.ts). */
export const ERROR_CODES = [
  'VALIDATION',
  'UNAUTHENTICATED',
  /** The session is locked after being idle: the password unlocks it without losing the screen. */
  'SESSION_LOCKED',
  'FORBIDDEN',
  'NOT_FOUND',
  'CONFLICT',
  'RULE_VIOLATION',
  'IDEMPOTENCY_MISMATCH',
  'PROTOCOL_MISMATCH',
  'RATE_LIMITED',
  /** A session already has as many consoles (sockets) open as it may. */
  'TOO_MANY_CONNECTIONS',
  'PAYLOAD_TOO_LARGE',
  /** A body in a content type or charset the API does not read (it reads JSON in UTF-8). */
  'UNSUPPORTED_MEDIA_TYPE',
  'INTERNAL',
] as const;
export const ZErrorCode = z.enum(ERROR_CODES);
export type TErrorCode = z.infer<typeof ZErrorCode>;

/** What changed between the version a command was based on and now, so the user can decide. */
export const ZConflictChange = z.object({ seq: z.int(), at: z.string(), actor: ZActor, fields: z.array(z.string()) });
export const ZConflict = z.object({
  current: ZCaseCard,
  changes: z.array(ZConflictChange),
  overlappingFields: z.array(z.string()),
});
export type TConflict = z.infer<typeof ZConflict>;

export const ZAppError = z
  .object({
    code: ZErrorCode,
    message: z.string(),
    issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
    ruleId: z.string().optional(),
    conflict: ZConflict.optional(),
    /** RATE_LIMITED: wait at least this many seconds before trying again (also the HTTP Retry-After). */
    retryAfterSeconds: z.int().min(1).optional(),
  })
  .meta({ id: 'Error' });
export type TAppError = z.infer<typeof ZAppError>;

export type TAck<T> = { ok: true; data: T } | { ok: false; error: TAppError };

/** Thrown by rules and commands; turned into a typed error at the transport edge. */
export class DomainError extends Error {
  readonly code: TErrorCode;
  readonly ruleId: string | undefined;
  readonly conflict: TConflict | undefined;
  readonly issues: TAppError['issues'];
  readonly retryAfterSeconds: number | undefined;

  constructor(
    code: TErrorCode,
    message: string,
    extra: { ruleId?: string; conflict?: TConflict; issues?: TAppError['issues']; retryAfterSeconds?: number } = {},
  ) {
    super(message);
    this.name = 'DomainError';
    this.code = code;
    this.ruleId = extra.ruleId;
    this.conflict = extra.conflict;
    this.issues = extra.issues;
    this.retryAfterSeconds = extra.retryAfterSeconds;
  }

  toJSON(): TAppError {
    return {
      code: this.code,
      message: this.message,
      ...(this.issues ? { issues: this.issues } : {}),
      ...(this.ruleId ? { ruleId: this.ruleId } : {}),
      ...(this.conflict ? { conflict: this.conflict } : {}),
      ...(this.retryAfterSeconds ? { retryAfterSeconds: this.retryAfterSeconds } : {}),
    };
  }
}

/** Turns zod issues into the flat `{path, message}` list every client renders the same way. */
export function issuesFromZod(error: z.ZodError): NonNullable<TAppError['issues']> {
  return error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message }));
}
