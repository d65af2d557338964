import { isUtf8 } from 'node:buffer';
import type { NextFunction, Request, Response } from 'express';
import type { TAppError } from '@shared/errors';
import { hasNulCharacter, NUL_REFUSAL } from '@shared/rules/text';
import { sendError } from './respond';

/** Does the request carry a body at all (a length above zero, or a chunked one)? */
function hasBody(req: Request): boolean {
  const length = req.headers['content-length'];
  if (length !== undefined) return Number(length) > 0;
  return req.headers['transfer-encoding'] !== undefined;
}

/**
 * The API reads JSON in UTF-8, nothing else: a body of any other type is refused with 415 before it is
 * read, instead of being ignored and answered as if it were empty; so is JSON in another charset.
 */
export function requireJsonBody(req: Request, res: Response, next: NextFunction): void {
  if (req.method === 'GET' || req.method === 'HEAD' || !hasBody(req)) return next();
  const charset = /;\s*charset\s*=\s*"?([^";\s]+)/i.exec(req.headers['content-type'] ?? '')?.[1]?.toLowerCase();
  if (
    req.is(['application/json', 'application/*+json']) &&
    (charset === undefined || charset === 'utf-8' || charset === 'utf8')
  ) {
    return next();
  }
  sendError(res, {
    code: 'UNSUPPORTED_MEDIA_TYPE',
    message: 'Send the body as JSON (Content-Type: application/json; charset=utf-8)',
  });
}

/**
 * For the JSON parser's `verify`: bytes that are not UTF-8 are refused (400) rather than read with
 * replacement characters into a note.
 */
export function verifyUtf8(_req: unknown, _res: unknown, body: Buffer): void {
  if (!isUtf8(body)) {
    throw Object.assign(new Error('The body is not valid UTF-8'), { status: 400, type: 'encoding.invalid' });
  }
}

/** For the JSON parser's `reviver`: a string holding U+0000 refuses the whole body (R-TEXT-NUL). */
export function refuseNul(_key: string, value: unknown): unknown {
  if (hasNulCharacter(_key) || (typeof value === 'string' && hasNulCharacter(value))) throw new NulTextError();
  return value;
}
class NulTextError extends Error {
  readonly status = 400;
  readonly type = 'text.nul';
  constructor() {
    super(NUL_REFUSAL);
  }
}

/**
 * What the body parser's refusals mean to a client (its errors carry a `type` and a 4xx `status`):
 * too large → 413, a charset or content encoding it cannot read → 415, anything else wrong with the
 * bytes (malformed JSON, a bad encoding, a body cut short, a length that does not match) → 400. Also a
 * path that is not valid percent-encoding (400 from the router). null: not a client's mistake.
 */
export function bodyError(error: unknown): TAppError | null {
  if (typeof error !== 'object' || error === null) return null;
  const { type, status } = error as { type?: unknown; status?: unknown };
  if (type === 'entity.too.large' || status === 413) {
    return { code: 'PAYLOAD_TOO_LARGE', message: 'The request is too large' };
  }
  if (type === 'charset.unsupported' || type === 'encoding.unsupported' || status === 415) {
    return {
      code: 'UNSUPPORTED_MEDIA_TYPE',
      message: 'Send the body as JSON in UTF-8, uncompressed or with gzip, deflate or br',
    };
  }
  if (type === 'text.nul' || (error as { message?: unknown }).message === NUL_REFUSAL) {
    return { code: 'VALIDATION', message: NUL_REFUSAL };
  }
  if (error instanceof SyntaxError || (typeof status === 'number' && status >= 400 && status < 500)) {
    return { code: 'VALIDATION', message: 'The body could not be read as JSON' };
  }
  return null;
}
