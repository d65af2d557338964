import { useCallback, useState } from 'react';
import type { TAck, TAppError } from '@shared/errors';

/**
 * Tracks one command at a time for a form or button row: whether it is sending, and the error to show
 * when the server refused it. `track` returns the result, or null when refused.
 */
export function useAckState() {
  const [error, setError] = useState<TAppError | null>(null);
  const [isSending, setIsSending] = useState(false);
  const track = useCallback(async <T>(send: () => Promise<TAck<T>>): Promise<T | null> => {
    setIsSending(true);
    setError(null);
    try {
      const ack = await send();
      if (ack.ok) return ack.data;
      setError(ack.error);
      return null;
    } finally {
      setIsSending(false);
    }
  }, []);
  return { track, error, isSending, clearError: useCallback(() => setError(null), []) };
}
