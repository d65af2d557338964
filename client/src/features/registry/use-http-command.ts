import { useCallback, useState } from 'react';
import type { TAck, TAppError } from '@shared/errors';
import { ApiError, api } from '../../api/http';

/** A request that never reached an answer: the change may or may not have been made. */
const UNREACHABLE: TAppError = {
  code: 'INTERNAL',
  message: 'Could not reach the server, so the change may not have been saved. Check the list, then try again.',
};

/** Turns a thrown API error into the same acknowledgement shape the socket commands give. */
export async function ackOf<T>(request: Promise<T>): Promise<TAck<T>> {
  try {
    return { ok: true, data: await request };
  } catch (error) {
    if (error instanceof ApiError) return { ok: false, error: error.body };
    return { ok: false, error: UNREACHABLE };
  }
}

/**
 * Registry and crew changes go over HTTP (they are administration, not live casework). Each form or
 * button row keeps its own sending flag and refusal, as the socket commands do with `useAckState`.
 * `send` resolves to the whole acknowledgement, so a form can put field problems next to its fields.
 */
export function useHttpCommand() {
  const [error, setError] = useState<TAppError | null>(null);
  const [isSending, setIsSending] = useState(false);
  const send = useCallback(async <T>(method: 'POST' | 'PATCH' | 'PUT', path: string, body: object) => {
    setIsSending(true);
    setError(null);
    try {
      const ack = await ackOf(api<T>(path, { method, body }));
      if (!ack.ok) setError(ack.error);
      return ack;
    } finally {
      setIsSending(false);
    }
  }, []);
  return { send, error, isSending, clearError: useCallback(() => setError(null), []) };
}
