import type { TAppError } from '@shared/errors';
import { lockConsole } from '../features/auth/lock-state';

/** An error answer from the API, carrying the typed error body. */
export class ApiError extends Error {
  readonly status: number;
  readonly body: TAppError;
  constructor(status: number, body: TAppError) {
    super(body.message);
    this.status = status;
    this.body = body;
  }
}

/** fetch for our JSON API: same-origin cookie, typed errors, 204 → undefined. */
export async function api<T>(path: string, init: { method?: string; body?: unknown } = {}): Promise<T> {
  const res = await fetch(`/api/v1${path}`, {
    method: init.method ?? 'GET',
    credentials: 'same-origin',
    headers: init.body === undefined ? {} : { 'content-type': 'application/json' },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  if (res.status === 204) return undefined as T;
  const body: unknown = await res.json().catch(() => ({ code: 'INTERNAL', message: res.statusText }));
  if (!res.ok) {
    const error = new ApiError(res.status, body as TAppError);
    // Any request may be the first to learn the session locked while idle: lock the screen, keep it.
    if (error.body.code === 'SESSION_LOCKED') lockConsole();
    throw error;
  }
  return body as T;
}
