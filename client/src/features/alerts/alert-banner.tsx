import { Link } from 'wouter';
import { mayAcknowledge, isEscalated, type TLiveAlert } from '@shared/rules/alerts';
import type { TRole } from '@shared/schemas/user';
import { formatClock, formatWaiting } from '../../lib/time';
import { useNow } from '../../lib/use-now';
import { ErrorMessage, useCaseCommand } from '../cases/use-case-command';
import { useUnitCommand } from '../units/use-unit-command';

/**
 * The red banner (R-ALERT-SEVERITY): every open critical alert this console must see — an SOS, a
 * detention past its time limit, a dispatch nobody has accepted — until someone acknowledges it, naming
 * the card and what happened, on every console that must see it. Several can be acknowledged at once.
 */
export function AlertBanner({ alerts, role }: { alerts: readonly TLiveAlert[]; role: TRole }) {
  const now = useNow(1000);
  const cases = useCaseCommand();
  const units = useUnitCommand();
  if (alerts.length === 0) return null;
  const acknowledgeable = alerts.filter((a) => mayAcknowledge(role, a.kind) && a.kind !== 'dispatch-unaccepted');

  const acknowledge = async (alert: TLiveAlert) => {
    if (alert.kind === 'sos' && alert.unitId) await units.run('unit:acknowledge-sos', { unitId: alert.unitId });
    else if (alert.caseId) await cases.run('case:acknowledge-alert', { caseId: alert.caseId, alertId: alert.key });
  };
  const acknowledgeAll = async () => {
    for (const alert of acknowledgeable) await acknowledge(alert);
  };
  const isSending = cases.isSending || units.isSending;

  return (
    <section className="alert-banner" role="alert" aria-label="Critical alerts">
      <ul>
        {alerts.map((a) => (
          <li key={a.key}>
            <strong>{a.text}</strong>{' '}
            <span className="alert-when">
              {a.kind === 'dispatch-unaccepted'
                ? `time to accept ran out at ${formatClock(a.raisedAt)} · ${formatWaiting(a.raisedAt, now)} ago`
                : `since ${formatClock(a.raisedAt)} · unacknowledged for ${formatWaiting(a.raisedAt, now)}`}
              {/* An unaccepted dispatch is itself the escalation, back to the hub. */}
              {isEscalated(a) && a.kind !== 'dispatch-unaccepted' && ' · escalated to the duty manager'}
            </span>{' '}
            {a.caseId ? (
              <Link href={`/cases/${a.caseId}`}>Open {a.caseRef ?? 'card'}</Link>
            ) : (
              a.kind === 'sos' && <Link href="/map">Show on the map</Link>
            )}{' '}
            {a.kind === 'dispatch-unaccepted' ? (
              <span className="alert-hint">Clears when the crew accepts, or when you send another unit.</span>
            ) : (
              mayAcknowledge(role, a.kind) && (
                <button
                  type="button"
                  disabled={isSending}
                  aria-label={`Acknowledge ${a.text}`}
                  onClick={() => void acknowledge(a)}
                >
                  Acknowledge
                </button>
              )
            )}
          </li>
        ))}
      </ul>
      {acknowledgeable.length > 1 && (
        <button type="button" disabled={isSending} onClick={() => void acknowledgeAll()}>
          Acknowledge all {acknowledgeable.length}
        </button>
      )}
      <ErrorMessage error={cases.error ?? units.error} />
    </section>
  );
}
