import { useEffect } from 'react';
import { outbox, useOutboxEntries } from './outbox';

const RETRY_MS = 10_000;

/**
 * Opened without a connection (the service worker served the app): say so, say what is kept on this
 * device, and keep trying. Once the server answers, the console opens and sends what was waiting.
 */
export function OfflineStart({ onRetry }: { onRetry: () => void }) {
  const waiting = useOutboxEntries().length;
  useEffect(() => {
    outbox.load().catch(() => undefined);
  }, []);
  useEffect(() => {
    const id = window.setInterval(onRetry, RETRY_MS);
    window.addEventListener('online', onRetry);
    return () => {
      window.clearInterval(id);
      window.removeEventListener('online', onRetry);
    };
  }, [onRetry]);
  return (
    <main className="centre-message">
      <h1>No connection to Concordat</h1>
      <p role="status" data-testid="offline-start-waiting">
        {waiting === 0
          ? 'Nothing is waiting to send from this device.'
          : `${waiting === 1 ? '1 change is' : `${waiting} changes are`} kept on this device and will be sent when the connection returns.`}
      </p>
      <p>
        Trying again every 10 seconds.{' '}
        <button type="button" onClick={onRetry}>
          Try now
        </button>
      </p>
      <p className="muted">For anything urgent, use your radio or phone.</p>
    </main>
  );
}
