import { useOutboxEntries } from '../offline/outbox';
import { useSocket } from '../socket/socket-provider';

const LABELS = {
  connecting: 'Connecting…',
  live: 'Live',
  offline: 'Offline — reconnecting',
  outdated: 'Update needed',
  'too-many-windows': 'Not connected — too many windows',
};

/**
 * Always visible: whether this screen is live, and how many changes are still waiting — those on
 * their way now and those kept on this device until there is signal.
 */
/** `userId`: whose outbox to count (the wall board has none). */
export function ConnectionIndicator({ userId }: { userId?: string }) {
  const { connection, pendingCount } = useSocket();
  const entries = useOutboxEntries();
  const waiting = pendingCount + entries.filter((e) => e.state === 'waiting' && e.userId === userId).length;
  return (
    <div className={`connection connection-${connection}`} role="status" aria-live="polite">
      <span className="dot" aria-hidden="true" />
      {LABELS[connection]}
      <span className="pending" data-testid="waiting-count" data-count={waiting}>
        {waiting > 0 && ` · ${waiting} waiting to send`}
      </span>
    </div>
  );
}
