import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'wouter';
import { isFreeToDispatch, nearestFree, suggestionText, suggestUnits } from '@shared/rules/nearest-unit';
import { isCommitted } from '@shared/rules/unit-lifecycle';
import type { TCaseCard } from '@shared/schemas/case';
import { UNIT_KIND_LABELS, UNIT_STATUS_LABELS, type TUnit } from '@shared/schemas/unit';
import { unitListQuery } from '../../api/queries';
import { formatClock, formatWaiting } from '../../lib/time';
import { useNow } from '../../lib/use-now';
import { ReasonAction } from '../../components/reason-action';
import { ErrorMessage } from '../cases/use-case-command';
import { useUnitCommand } from './use-unit-command';

/** "Dispatched · not accepted · 1:42 left", or the escalation once the time has run out. */
export function DispatchState({ unit, now }: { unit: TUnit; now: number }) {
  const a = unit.assignment;
  if (!a) return null;
  if (a.acceptedAt) return <span>accepted {formatClock(a.acceptedAt)}</span>;
  const left = new Date(a.acceptBy).getTime() - now;
  if (a.escalatedAt || left <= 0) {
    return (
      <strong className="overdue" role="status">
        NOT ACCEPTED — the hub still owns this person
      </strong>
    );
  }
  return (
    <span role="timer" aria-label={`${unit.callSign} must accept within`}>
      not accepted yet · {formatWaiting(new Date(now - left).toISOString(), now)} left
    </span>
  );
}

/** Every unit of the area with status and time in status, for operators and duty managers. */
export function UnitsPanel() {
  const now = useNow(1000);
  const units = useQuery(unitListQuery);
  if (units.isPending) return <p className="empty">Loading units…</p>;
  if (units.isError) return <p role="alert">Could not load units. {units.error.message}</p>;
  return (
    <section aria-labelledby="units-heading">
      <h2 id="units-heading">Units</h2>
      {/* On a phone the table scrolls sideways inside its own box; the page never does. */}
      <div className="table-scroll">
        <table className="units-table">
          <thead>
            <tr>
              <th scope="col">Unit</th>
              <th scope="col">Status</th>
              <th scope="col">For</th>
              <th scope="col">Case</th>
              <th scope="col">Crew</th>
            </tr>
          </thead>
          <tbody>
            {units.data.units.map((u) => (
              <tr key={u.id} className={u.sos && !u.sos.acknowledgedBy ? 'sos-row' : undefined}>
                <th scope="row">
                  {u.callSign}
                  <span className="muted"> · {UNIT_KIND_LABELS[u.kind]}</span>
                </th>
                <td>{u.isOnShift ? UNIT_STATUS_LABELS[u.status] : 'Off shift'}</td>
                <td>{formatWaiting(u.statusSince, now)}</td>
                <td>
                  {u.assignment ? (
                    <>
                      <Link href={`/cases/${u.assignment.caseId}`}>{u.assignment.caseRef}</Link> ·{' '}
                      <DispatchState unit={u} now={now} />
                    </>
                  ) : (
                    '—'
                  )}
                </td>
                <td>{u.members.map((m) => m.name).join(', ')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

/** Dispatch from the card: choose an on-shift unit; one committed elsewhere needs a re-task reason. */
export function DispatchPanel({ card }: { card: TCaseCard }) {
  const now = useNow(1000);
  const units = useQuery(unitListQuery);
  const { run, error, isSending } = useUnitCommand();
  const [unitId, setUnitId] = useState('');
  const [reason, setReason] = useState('');
  if (card.status === 'closed') return null;
  const all = units.data?.units ?? [];
  // Free units nearest first (R-DISPATCH-NEAREST), then those committed elsewhere (a re-task).
  const suggestions = suggestUnits(card, all, new Date(now));
  const nearest = nearestFree(suggestions);
  const list = [
    ...suggestions.map((s) => s.unit),
    ...all.filter((u) => u.isOnShift && u.status !== 'unavailable' && !isFreeToDispatch(u)),
  ];
  const onThisCase = (units.data?.units ?? []).filter((u) => u.assignment?.caseId === card.id);
  const chosen = list.find((u) => u.id === unitId);
  const needsReason = Boolean(chosen && isCommitted(chosen));
  return (
    <section className="dispatch" aria-labelledby="dispatch-heading">
      <h3 id="dispatch-heading">Units</h3>
      {onThisCase.map((u) => (
        <p key={u.id}>
          <strong>{u.callSign}</strong> · {UNIT_STATUS_LABELS[u.status]} for {formatWaiting(u.statusSince, now)} ·{' '}
          <DispatchState unit={u} now={now} />{' '}
          <ReasonAction
            label={u.assignment?.acceptedAt ? `Stand ${u.callSign} down…` : `Cancel ${u.callSign}'s dispatch…`}
            confirmLabel={`Stand ${u.callSign} down`}
            placeholder={`Why is ${u.callSign} no longer needed? (the crew read this)`}
            onConfirm={(reason) => run('unit:stand-down', { unitId: u.id, reason })}
          />
        </p>
      ))}
      {nearest && (
        <p className="nearest-unit">
          Nearest free: <strong>{nearest.unit.callSign}</strong> · {suggestionText(nearest)}{' '}
          <button
            type="button"
            disabled={isSending}
            onClick={() => void run('unit:dispatch', { unitId: nearest.unit.id, caseId: card.id })}
          >
            Dispatch {nearest.unit.callSign}
          </button>
        </p>
      )}
      <form
        className="reason-form"
        onSubmit={(e) => {
          e.preventDefault();
          void run('unit:dispatch', {
            unitId,
            caseId: card.id,
            ...(needsReason ? { retaskReason: reason } : {}),
          }).then((done) => {
            if (done) {
              setUnitId('');
              setReason('');
            }
          });
        }}
      >
        <label>
          Dispatch a unit
          <select value={unitId} onChange={(e) => setUnitId(e.target.value)} required>
            <option value="">Choose…</option>
            {list.map((u) => (
              <option key={u.id} value={u.id}>
                {u.callSign} — {UNIT_STATUS_LABELS[u.status]}
                {u.assignment ? ` on ${u.assignment.caseRef}` : ''}
              </option>
            ))}
          </select>
        </label>
        {needsReason && (
          <label>
            Re-task reason ({chosen?.callSign} is on {chosen?.assignment?.caseRef})
            <input value={reason} onChange={(e) => setReason(e.target.value)} required />
          </label>
        )}
        <button type="submit" className="primary" disabled={isSending || !unitId}>
          Dispatch
        </button>
      </form>
      <ErrorMessage error={error} />
    </section>
  );
}
