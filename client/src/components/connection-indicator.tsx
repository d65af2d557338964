import { useOutboxEntries } from '../offline/outbox';
import { useSocket, type TConnectionState } from '../socket/socket-provider';

/** What the indicator says, and (after a dash) what happens next: on a crowded desk header only the first part shows. */
const LABELS: Record<TConnectionState, { label: string; detail?: string }> = {
  connecting: { label: 'Connecting…' },
  live: { label: 'Live' },
  offline: { label: 'Offline', detail: 'reconnecting' },
  outdated: { label: 'Update needed' },
  'too-many-windows': { label: 'Not connected', detail: 'too many windows' },
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
      {LABELS[connection].label}
      {LABELS[connection].detail && <span className="connection-detail"> — {LABELS[connection].detail}</span>}
      <span className="pending" data-testid="waiting-count" data-count={waiting}>
        {waiting > 0 && ` · ${waiting} waiting to send`}
      </span>
    </div>
  );
}
