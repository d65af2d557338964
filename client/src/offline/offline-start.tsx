import { useEffect } from 'react';
import { backoffDelayMs, browserSignals } from '../socket/connection';
import { outbox, useOutboxEntries } from './outbox';

/**
 * Opened without a connection (the service worker served the app): say so, say what is kept on this
 * device, and keep trying, on the same backoff as the live connection (at most a few seconds apart) and
 * at once when the browser says the network is back or the page comes into view. Once the server
 * answers, the console opens, connects and sends what was waiting.
 */
export function OfflineStart({ onRetry }: { onRetry: () => void }) {
  const waiting = useOutboxEntries().length;
  useEffect(() => {
    outbox.load().catch(() => undefined);
  }, []);
  useEffect(() => {
    let attempt = 0;
    let timer: number | undefined;
    const retryLater = () => {
      timer = window.setTimeout(() => {
        onRetry();
        retryLater();
      }, backoffDelayMs(attempt++));
    };
    const stopListening = browserSignals.subscribe(() => {
      window.clearTimeout(timer);
      attempt = 0;
      onRetry();
      retryLater();
    });
    retryLater();
    return () => {
      window.clearTimeout(timer);
      stopListening();
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
        Trying again every few seconds.{' '}
        <button type="button" onClick={onRetry}>
          Try now
        </button>
      </p>
      <p className="muted">For anything urgent, use your radio or phone.</p>
    </main>
  );
}
