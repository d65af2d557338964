import { useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { canMoveTo, isMember, STATUS_TRANSITIONS } from '@shared/rules/unit-lifecycle';
import { UNIT_STATUS_LABELS, type TUnit } from '@shared/schemas/unit';
import type { TUser } from '@shared/schemas/user';
import { unitListQuery } from '../../api/queries';
import { formatClock, formatWaiting } from '../../lib/time';
import { useNow } from '../../lib/use-now';
import { useOutboxEntries } from '../../offline/outbox';
import { unitWithWaitingChanges } from '../../offline/outbox-rules';
import { useOutboxCommand } from '../../offline/use-outbox-command';
import { useSocket } from '../../socket/socket-provider';
import { CaseDetail } from '../cases/case-detail';
import { ErrorMessage } from '../cases/use-case-command';
import { ReasonAction } from '../capacity/provider-page';
import { DispatchState } from './units-panel';
import { useUnitCommand } from './use-unit-command';

const SOS_CONFIRM_MS = 5_000;

/**
 * The crew's tablet: their unit's current card at the top with big status buttons, then the card itself
 * (notes, find a place). Built for a 10-inch tablet in portrait, usable on a phone. Status, accept,
 * decline and notes go through the outbox, so they work without signal; the screen shows them at once.
 */
export function TabletPage({ user }: { user: TUser }) {
  const units = useQuery(unitListQuery);
  const entries = useOutboxEntries();
  const stored = units.data?.units.find((u) => isMember(u, user.id));
  if (units.isPending) return <p className="empty">Loading your unit…</p>;
  if (!stored) return <p className="empty">You are not a member of any unit. Ask the duty manager.</p>;
  const unit = unitWithWaitingChanges(stored, entries);
  return (
    <div className="tablet">
      <UnitControls unit={unit} serverVersion={stored.version} isWaiting={unit !== stored} />
      {unit.assignment ? (
        <CaseDetail key={unit.assignment.caseId} caseId={unit.assignment.caseId} user={user} />
      ) : (
        <p className="empty">No job. The control room will dispatch you here.</p>
      )}
    </div>
  );
}

/** `unit` includes the crew's changes still waiting to send; `serverVersion` is what they are based on. */
function UnitControls({ unit, serverVersion, isWaiting }: { unit: TUnit; serverVersion: number; isWaiting: boolean }) {
  const now = useNow(1000);
  const { run, error } = useUnitCommand();
  const offline = useOutboxCommand();
  const { clockOffsetMs } = useSocket();
  const pending = unit.assignment && !unit.assignment.acceptedAt && unit.status === 'dispatched';
  const next = STATUS_TRANSITIONS[unit.status].filter((to) => canMoveTo(unit, to));
  const ids = { unitId: unit.id };

  return (
    <section className="unit-controls" aria-labelledby="unit-heading">
      <h2 id="unit-heading">
        {unit.callSign} · {unit.isOnShift ? UNIT_STATUS_LABELS[unit.status] : 'Off shift'}
        {isWaiting && <span className="badge waiting">not sent yet</span>}
      </h2>
      <p className="big-figure" role="timer" aria-label="Time in status">
        {formatWaiting(unit.statusSince, now)}
      </p>
      {unit.assignment && (
        <p>
          On {unit.assignment.caseRef} · <DispatchState unit={unit} now={now} />
        </p>
      )}
      {!unit.assignment && unit.stoodDown && <StoodDownNotice stoodDown={unit.stoodDown} />}
      {!unit.isOnShift ? (
        <div className="tap-row">
          <button
            type="button"
            className="primary big"
            onClick={() => void run('unit:set-shift', { ...ids, isOnShift: true })}
          >
            Start shift
          </button>
        </div>
      ) : pending ? (
        <div className="tap-row">
          <button
            type="button"
            className="primary big"
            disabled={offline.isStoring}
            onClick={() => void offline.submit('unit:accept', ids)}
          >
            Accept dispatch
          </button>
          <ReasonAction
            label="Decline…"
            confirmLabel="Decline dispatch"
            placeholder="Why can you not take it?"
            onConfirm={(reason) => offline.submit('unit:decline', { ...ids, reason })}
          />
        </div>
      ) : (
        <div className="tap-row status-buttons" role="group" aria-label="Change status">
          {next.map((to) => (
            <button
              key={to}
              type="button"
              className="big"
              disabled={offline.isStoring}
              onClick={() =>
                void offline.submit('unit:set-status', {
                  ...ids,
                  status: to,
                  expectedVersion: serverVersion,
                  // When it happened, in the server's time, should it reach the server later.
                  occurredAt: new Date(Date.now() + clockOffsetMs).toISOString(),
                })
              }
            >
              {to === 'available' && unit.assignment ? 'Clear' : UNIT_STATUS_LABELS[to]}
            </button>
          ))}
        </div>
      )}
      <ErrorMessage error={error ?? offline.error} />
      <div className="tap-row">
        <ShareLocation unitId={unit.id} />
        <SosButton unit={unit} />
      </div>
    </section>
  );
}

/** "Stood down by … — reason": the crew learn at once that the job is off, and why (R-LINK-STANDDOWN). */
function StoodDownNotice({ stoodDown }: { stoodDown: NonNullable<TUnit['stoodDown']> }) {
  const [dismissedAt, setDismissedAt] = useState<string | null>(null);
  if (dismissedAt === stoodDown.at) return null;
  return (
    <div className="stood-down" role="alert">
      <p>
        <strong>Stood down from {stoodDown.caseRef}</strong> by {stoodDown.by} at {formatClock(stoodDown.at)} —{' '}
        {stoodDown.reason}
      </p>
      <button type="button" onClick={() => setDismissedAt(stoodDown.at)}>
        OK
      </button>
    </div>
  );
}

function ShareLocation({ unitId }: { unitId: string }) {
  const { run, error, isSending } = useUnitCommand();
  const [message, setMessage] = useState<string | null>(null);
  if (!('geolocation' in navigator)) return null;
  return (
    <>
      <button
        type="button"
        disabled={isSending}
        onClick={() =>
          navigator.geolocation.getCurrentPosition(
            (p) => {
              setMessage(null);
              void run('unit:set-location', {
                unitId,
                lat: p.coords.latitude,
                lng: p.coords.longitude,
                source: 'device',
              });
            },
            () => setMessage('Location not available: allow it in the browser, or tell the control room.'),
            { enableHighAccuracy: true, timeout: 10_000 },
          )
        }
      >
        Share my location
      </button>
      {message && <span role="status">{message}</span>}
      <ErrorMessage error={error} />
    </>
  );
}

/**
 * SOS / duress: two deliberate taps (SOS, then "Send SOS now" within 5 s), so one accidental tap does
 * nothing. The alert carries the unit's last shared location.
 */
function SosButton({ unit }: { unit: TUnit }) {
  const { run, error, isSending } = useUnitCommand();
  const { connection } = useSocket();
  const [isArmed, setIsArmed] = useState(false);
  useEffect(() => {
    if (!isArmed) return;
    const id = setTimeout(() => setIsArmed(false), SOS_CONFIRM_MS);
    return () => clearTimeout(id);
  }, [isArmed]);
  if (unit.sos && !unit.sos.acknowledgedBy) {
    return (
      <p className="sos-sent" role="status">
        SOS sent — waiting for the control room to acknowledge
      </p>
    );
  }
  return (
    <>
      {isArmed ? (
        <button
          type="button"
          className="sos armed"
          disabled={isSending}
          onClick={() => void run('unit:sos', { unitId: unit.id }).then(() => setIsArmed(false))}
        >
          Send SOS now
        </button>
      ) : (
        <button type="button" className="sos" onClick={() => setIsArmed(true)}>
          SOS
        </button>
      )}
      {connection !== 'live' && (
        <p className="warning" role="status">
          No signal: an SOS is sent only when the connection returns. Use your radio or phone now.
        </p>
      )}
      <ErrorMessage error={error} />
    </>
  );
}
