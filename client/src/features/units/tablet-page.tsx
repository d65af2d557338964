import { useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { ALERT_RULES } from '@shared/config/alert-rules';
import { canMoveTo, isMember, STATUS_TRANSITIONS } from '@shared/rules/unit-lifecycle';
import type { TCaseWithTimeline } from '@shared/schemas/case';
import { UNIT_STATUS_LABELS, type TUnit } from '@shared/schemas/unit';
import type { TUser } from '@shared/schemas/user';
import { unitListQuery } from '../../api/queries';
import { queryKeys } from '../../api/query-keys';
import { MapLink } from '../../components/map-link';
import { chime } from '../../lib/chime';
import { formatClock, formatWaiting } from '../../lib/time';
import { useNow } from '../../lib/use-now';
import { FieldDeviceContext } from '../../offline/field-device';
import { eraseJobSheet, jobSheetOf, saveJobSheet } from '../../offline/job-sheet';
import { useOutboxEntries } from '../../offline/outbox';
import { unitWithWaitingChanges } from '../../offline/outbox-rules';
import { useOutboxCommand } from '../../offline/use-outbox-command';
import { useSocket } from '../../socket/socket-provider';
import { CaseDetail } from '../cases/case-detail';
import { ErrorMessage } from '../cases/use-case-command';
import { ReasonAction } from '../../components/reason-action';
import { DispatchState } from './units-panel';
import { useUnitCommand } from './use-unit-command';

const SOS_CONFIRM_MS = 5_000;
/**
 * "Send SOS now" cannot be pressed for this long after arming, and sits below a "Cancel" that takes the
 * armed button's place: a double tap or a glove's bounce lands on Cancel, never on Send (H-030).
 */
const SOS_SEND_GUARD_MS = 700;
/** How long an SOS waits for the device's position before it goes with the last shared one. */
const SOS_POSITION_WAIT_MS = 3_000;

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
    <>
      <KeepJobSheet unit={unit} />
      {tabletScreen(user, unit, stored)}
    </>
  );
}

/**
 * Keeps the current job's sheet on the device while the unit has a job, so it shows after a reload
 * without signal; erases it as soon as the unit has none (cleared, declined, stood down).
 */
function KeepJobSheet({ unit }: { unit: TUnit }) {
  const caseId = unit.assignment?.caseId ?? null;
  const callSign = unit.callSign;
  const detail = useQuery<TCaseWithTimeline>({ queryKey: queryKeys.cases.detail(caseId ?? ''), enabled: false });
  const card = caseId && detail.data?.card.id === caseId ? detail.data.card : null;
  useEffect(() => {
    if (!caseId) {
      void eraseJobSheet().catch(() => undefined);
      return;
    }
    if (card) void saveJobSheet(jobSheetOf({ callSign }, card, new Date())).catch(() => undefined);
  }, [caseId, card, callSign]);
  return null;
}

function tabletScreen(user: TUser, unit: TUnit, stored: TUnit) {
  return (
    <FieldDeviceContext.Provider value={true}>
      <div className="tablet">
        <UnitControls unit={unit} serverVersion={stored.version} isWaiting={unit !== stored} />
        {unit.assignment ? (
          <CaseDetail key={unit.assignment.caseId} caseId={unit.assignment.caseId} user={user} />
        ) : (
          <p className="empty">No job. The control room will dispatch you here.</p>
        )}
      </div>
    </FieldDeviceContext.Provider>
  );
}

/** What the crew is doing, in their words: an accepted dispatch is "Accepted — set off", not "Dispatched". */
export function unitStateText(unit: Pick<TUnit, 'isOnShift' | 'status' | 'assignment'>): string {
  if (!unit.isOnShift) return 'Off shift';
  if (unit.status === 'dispatched' && unit.assignment) {
    return unit.assignment.acceptedAt ? 'Accepted — set off' : 'Dispatched — accept or decline';
  }
  return UNIT_STATUS_LABELS[unit.status];
}

/** Now on the server's clock, from this device's clock and the measured offset. */
function serverTimeNow(clockOffsetMs: number): string {
  return new Date(Date.now() + clockOffsetMs).toISOString();
}

/** `unit` includes the crew's changes still waiting to send; `serverVersion` is what they are based on. */
function UnitControls({ unit, serverVersion, isWaiting }: { unit: TUnit; serverVersion: number; isWaiting: boolean }) {
  const now = useNow(1000);
  const { run, error } = useUnitCommand();
  const offline = useOutboxCommand();
  const { clockOffsetMs } = useSocket();
  const pending = unit.assignment && !unit.assignment.acceptedAt && unit.status === 'dispatched';
  useDispatchCall(pending ? (unit.assignment?.dispatchedAt ?? null) : null);
  const next = STATUS_TRANSITIONS[unit.status].filter((to) => canMoveTo(unit, to));
  const ids = { unitId: unit.id };
  const [isConfirmingClear, setIsConfirmingClear] = useState(false);
  const setStatus = (to: TUnit['status']) =>
    offline.submit('unit:set-status', {
      ...ids,
      status: to,
      expectedVersion: serverVersion,
      // When it happened, in the server's time, should it reach the server later.
      occurredAt: serverTimeNow(clockOffsetMs),
    });

  return (
    <section className="unit-controls" aria-labelledby="unit-heading">
      <div className="unit-line">
        <h2 id="unit-heading">
          {unit.callSign} · {unitStateText(unit)}
          {isWaiting && <span className="badge waiting">not sent yet</span>}
        </h2>
        <span className="unit-timer" role="timer" aria-label="Time in status">
          <span className="waiting-label">for</span> {formatWaiting(unit.statusSince, now)}
        </span>
      </div>
      {unit.assignment && (
        <p className="unit-job">
          On {unit.assignment.caseRef} · <DispatchState unit={unit} now={now} />{' '}
          <JobMapLink caseId={unit.assignment.caseId} />
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
            className="primary big next-action"
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
          {next.map((to, i) => {
            const isClear = to === 'available' && unit.assignment !== null;
            return (
              <button
                key={to}
                type="button"
                // The next step in the job is the biggest target; going clear is there but smaller.
                className={i === 0 && unit.assignment ? 'big primary next-action' : 'big'}
                disabled={offline.isStoring || isConfirmingClear}
                onClick={() => (isClear ? setIsConfirmingClear(true) : void setStatus(to))}
              >
                {isClear ? 'Clear' : UNIT_STATUS_LABELS[to]}
              </button>
            );
          })}
        </div>
      )}
      {isConfirmingClear && unit.assignment && (
        // Clearing ends the job on this tablet: one tap beside "Conveying" must not do it by accident.
        <div className="clear-confirm" role="group" aria-label="Finish this job?">
          <p>Finish the job on {unit.assignment.caseRef}? It leaves this tablet; the card stays with the hub.</p>
          <div className="tap-row">
            <button type="button" className="big" onClick={() => setIsConfirmingClear(false)}>
              Not yet
            </button>
            <button
              type="button"
              className="big primary"
              onClick={() => {
                setIsConfirmingClear(false);
                void setStatus('available');
              }}
            >
              Yes, clear
            </button>
          </div>
        </div>
      )}
      <ErrorMessage error={error ?? offline.error} />
      <div className="tap-row">
        <ShareLocation unitId={unit.id} />
      </div>
      <SosControl unit={unit} />
    </section>
  );
}

/** The job's place, opened in the device's own maps app (its coordinates, or the description). */
/**
 * A new job calls the crew until they accept or decline it: a chime, and a buzz where the device can,
 * at once and then every `soundRepeatSeconds` — a tablet on the dashboard is heard, not watched.
 */
function useDispatchCall(dispatchedAt: string | null): void {
  useEffect(() => {
    if (!dispatchedAt) return;
    const call = () => {
      chime();
      navigator.vibrate?.([200, 100, 200]);
    };
    call();
    const id = setInterval(call, ALERT_RULES.soundRepeatSeconds * 1000);
    return () => clearInterval(id);
  }, [dispatchedAt]);
}

function JobMapLink({ caseId }: { caseId: string }) {
  const detail = useQuery<TCaseWithTimeline>({ queryKey: queryKeys.cases.detail(caseId), enabled: false });
  const location = detail.data?.card.location;
  if (!location) return null;
  return <MapLink coordinates={location.coordinates} description={location.description} />;
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

/** The device's position to the hub: kept on the tablet first, like every crew change (S-25). */
function ShareLocation({ unitId }: { unitId: string }) {
  const { submit: run, error, isStoring: isSending } = useOutboxCommand();
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

/** How long the crew is shown that their SOS was acknowledged. */
const SOS_ACK_SHOWN_MS = 15 * 60_000;

/** The device's position now, if it can give one within a few seconds; null otherwise. */
function positionNow(): Promise<{ lat: number; lng: number } | null> {
  if (!('geolocation' in navigator)) return Promise.resolve(null);
  return new Promise((resolve) => {
    const fallback = setTimeout(() => resolve(null), SOS_POSITION_WAIT_MS);
    navigator.geolocation.getCurrentPosition(
      (p) => {
        clearTimeout(fallback);
        resolve({ lat: p.coords.latitude, lng: p.coords.longitude });
      },
      () => {
        clearTimeout(fallback);
        resolve(null);
      },
      { enableHighAccuracy: true, timeout: SOS_POSITION_WAIT_MS, maximumAge: 30_000 },
    );
  });
}

/**
 * SOS / duress: a separate, full-width control that takes two deliberate taps (SOS, then "Send SOS now"
 * within 5 s), so one accidental tap does nothing. It carries the position at that moment (or the last
 * shared one) and the current job; the crew then see that the hub has it — who acknowledged it and when,
 * or how long it has waited.
 */
function SosControl({ unit }: { unit: TUnit }) {
  const { run, error, isSending } = useUnitCommand();
  const { connection } = useSocket();
  const now = useNow(1000);
  const [isArmed, setIsArmed] = useState(false);
  const [isSendable, setIsSendable] = useState(false);
  const [isLocating, setIsLocating] = useState(false);
  const [dismissedAt, setDismissedAt] = useState<string | null>(null);
  useEffect(() => {
    if (!isArmed) return;
    const disarm = setTimeout(() => {
      setIsArmed(false);
      setIsSendable(false);
    }, SOS_CONFIRM_MS);
    const guard = setTimeout(() => setIsSendable(true), SOS_SEND_GUARD_MS);
    return () => {
      clearTimeout(disarm);
      clearTimeout(guard);
    };
  }, [isArmed]);
  const disarm = () => {
    setIsArmed(false);
    setIsSendable(false);
  };
  const sos = unit.sos;
  if (sos && !sos.acknowledgedBy) {
    return (
      <div className="sos-status waiting" role="alert">
        <strong>SOS sent at {formatClock(sos.at)}</strong> — not yet acknowledged by the hub ·{' '}
        <span role="timer" aria-label="SOS waiting">
          {formatWaiting(sos.at, now)}
        </span>
        {connection !== 'live' && <p>No signal now: use your radio or phone.</p>}
      </div>
    );
  }
  const send = async () => {
    setIsLocating(true);
    const position = await positionNow();
    setIsLocating(false);
    await run('unit:sos', { unitId: unit.id, position });
    disarm();
  };
  const acknowledgedAt = sos?.acknowledgedAt ?? null;
  const showAck =
    sos?.acknowledgedBy &&
    acknowledgedAt &&
    dismissedAt !== sos.at &&
    now - Date.parse(acknowledgedAt) < SOS_ACK_SHOWN_MS;
  return (
    <div className="sos-control">
      {showAck && (
        <div className="sos-status acknowledged" role="status">
          <strong>SOS received by the hub</strong> — acknowledged by {sos.acknowledgedBy} at{' '}
          {formatClock(acknowledgedAt)}{' '}
          <button type="button" onClick={() => setDismissedAt(sos.at)}>
            OK
          </button>
        </div>
      )}
      {isArmed ? (
        <div className="sos-confirm" role="group" aria-label="Send an SOS to the hub?">
          <button type="button" className="sos-cancel" onClick={disarm}>
            Cancel — no SOS
          </button>
          <button
            type="button"
            className="sos armed"
            disabled={isSending || isLocating || !isSendable}
            onClick={() => void send()}
          >
            {isLocating ? 'Sending SOS…' : 'Send SOS now'}
          </button>
        </div>
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
    </div>
  );
}
