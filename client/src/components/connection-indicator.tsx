import { useSocket } from '../socket/socket-provider';

const LABELS = {
  connecting: 'Connecting…',
  live: 'Live',
  offline: 'Offline — reconnecting',
  outdated: 'Update needed',
};

/** Always visible: whether this screen is live, and how many changes are still waiting to be confirmed. */
export function ConnectionIndicator() {
  const { connection, pendingCount } = useSocket();
  return (
    <div className={`connection connection-${connection}`} role="status" aria-live="polite">
      <span className="dot" aria-hidden="true" />
      {LABELS[connection]}
      {pendingCount > 0 && <span className="pending"> · {pendingCount} waiting to send</span>}
    </div>
  );
}
