import type { TAppError, TErrorCode } from '@shared/errors';

/** The one mapping from error codes to HTTP statuses. */
export const HTTP_STATUS: Record<TErrorCode, number> = {
  VALIDATION: 400,
  UNAUTHENTICATED: 401,
  SESSION_LOCKED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  IDEMPOTENCY_MISMATCH: 409,
  RULE_VIOLATION: 422,
  PROTOCOL_MISMATCH: 426,
  RATE_LIMITED: 429,
  TOO_MANY_CONNECTIONS: 429,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  INTERNAL: 500,
};

export function httpStatusFor(error: TAppError): number {
  return HTTP_STATUS[error.code];
}
