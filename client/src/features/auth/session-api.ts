import type { TSessionState } from '@shared/schemas/user';
import { api, ApiError } from '../../api/http';
import { rememberPassword } from './password-verifier';

/** The session as the server sees it: active, a login step, locked — or none (null). */
export async function fetchSession(): Promise<TSessionState | null> {
  try {
    return await api<TSessionState>('/session');
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return null;
    throw error;
  }
}

/** Posts a step that carries the password, and keeps an in-memory verifier for an offline unlock. */
export async function postWithPassword<T>(path: string, body: object, password: string): Promise<T> {
  const result = await api<T>(path, { method: 'POST', body });
  await rememberPassword(password).catch(() => undefined);
  return result;
}

/** A server error as words for the person, with the message for each field that has one. */
export function describeError(error: unknown): { message: string; fields: Record<string, string> } {
  if (error instanceof ApiError) {
    const fields = Object.fromEntries((error.body.issues ?? []).map((i) => [i.path, i.message]));
    return { message: error.body.message, fields };
  }
  return { message: 'Cannot reach Concordat. Check the connection and try again.', fields: {} };
}
