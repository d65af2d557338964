import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'wouter';
import { OUTCOME_LABELS, STATUS_LABELS, type TCaseCard } from '@shared/schemas/case';
import type { THandover } from '@shared/schemas/handover';
import { UNIT_STATUS_LABELS } from '@shared/schemas/unit';
import { api } from '../../api/http';
import { queryKeys } from '../../api/query-keys';
import { formatAgo, formatDayClock, formatExact, formatWaiting } from '../../lib/time';
import { useNow } from '../../lib/use-now';
import { cardTitle, personLine, PriorityBadge, RiskChips } from '../cases/labels';
import { DetentionClocks } from '../detention/clocks';

/** Why an open card is still open, in a few words: what it is waiting for. */
function whyOpen(card: TCaseCard): string {
  const open = card.alerts.filter((a) => !a.acknowledgedAt).length;
  const reasons = [
    card.status === 'contact-lost' ? 'contact lost' : null,
    card.detention && !card.detention.outcome ? 'detained — legal clock running' : null,
    open > 0 ? `${open} alert${open === 1 ? '' : 's'} not acknowledged` : null,
    card.owner ? null : 'nobody owns it',
  ].filter(Boolean);
  return reasons.length > 0 ? reasons.join(' · ') : `owned by ${card.owner?.name ?? 'nobody'}`;
}

/**
 * The shift handover (control room): what is open and why, the legal clocks running, what changed in the
 * last hours and where every unit is. Live: it is fetched again whenever a card changes.
 */
export function HandoverPage() {
  const now = useNow(30_000);
  const handover = useQuery({
    queryKey: queryKeys.cases.handover(),
    queryFn: () => api<THandover>('/handover'),
    refetchInterval: 60_000,
  });
  if (handover.isPending) return <p className="empty">Loading the handover…</p>;
  if (handover.isError)
    return (
      <p className="empty" role="alert">
        The handover could not be loaded: {handover.error.message}
      </p>
    );
  const h = handover.data;
  return (
    <div className="handover">
      <div className="pane-head">
        <h2 id="handover-heading">
          Shift handover · {formatDayClock(h.shift.start)} – {formatDayClock(h.shift.end)}
        </h2>
        <button type="button" className="no-print" onClick={() => window.print()}>
          Print
        </button>
      </div>
      <HandoverNotes notes={h.notes} />
      <div className="handover-grid">
        <section aria-labelledby="handover-clocks">
          <h3 id="handover-clocks">Legal clocks running ({h.detentions.length})</h3>
          {h.detentions.length === 0 ? (
            <p className="empty">No one is detained.</p>
          ) : (
            <ul className="handover-list">
              {h.detentions.map(({ card }) => (
                <li key={card.id}>
                  <Link href={`/cases/${card.id}`}>
                    <strong>{card.ref}</strong> {cardTitle(card)} · {personLine(card)}
                  </Link>
                  {card.detention && <DetentionClocks detention={card.detention} now={now} />}
                </li>
              ))}
            </ul>
          )}
        </section>
        <section aria-labelledby="handover-open">
          <h3 id="handover-open">Open now ({h.open.length})</h3>
          {h.open.length === 0 ? (
            <p className="empty">Nothing is open.</p>
          ) : (
            <ul className="handover-list">
              {h.open.map((c) => (
                <li key={c.id}>
                  <Link href={`/cases/${c.id}`}>
                    <PriorityBadge priority={c.priority} /> <strong>{c.ref}</strong> {cardTitle(c)}
                  </Link>
                  <span className="muted">
                    waiting {formatWaiting(c.createdAt, now)} · {whyOpen(c)} <RiskChips flags={c.riskFlags} />
                  </span>
                </li>
              ))}
            </ul>
          )}
        </section>
        <section aria-labelledby="handover-changed">
          <h3 id="handover-changed">
            Changed since {formatDayClock(h.since)} ({h.changed.length})
          </h3>
          <ul className="handover-list">
            {h.changed.map((c) => (
              <li key={c.id}>
                <Link href={`/cases/${c.id}`}>
                  <strong>{c.ref}</strong> {cardTitle(c)}
                </Link>
                <span className="muted" title={formatExact(c.updatedAt)}>
                  {STATUS_LABELS[c.status]}
                  {c.outcome && ` — ${OUTCOME_LABELS[c.outcome.kind]}`} · last change {formatAgo(c.updatedAt, now)}
                </span>
              </li>
            ))}
          </ul>
        </section>
        <section aria-labelledby="handover-units">
          <h3 id="handover-units">Units ({h.units.length})</h3>
          <ul className="handover-list">
            {h.units.map((u) => (
              <li key={u.id}>
                <strong>{u.callSign}</strong> {UNIT_STATUS_LABELS[u.status]}
                {u.assignment && ` on ${h.open.find((c) => c.id === u.assignment?.caseId)?.ref ?? 'a card'}`}
                {u.sos && !u.sos.acknowledgedAt && <span className="badge critical">SOS</span>}
                <span className="muted"> · since {formatAgo(u.statusSince, now)}</span>
              </li>
            ))}
          </ul>
        </section>
      </div>
    </div>
  );
}

/**
 * The notes one shift leaves the next (R-HANDOVER): the previous shift's, to read and acknowledge by name;
 * this shift's, to write and change until the next shift acknowledges it.
 */
function HandoverNotes({ notes }: { notes: THandover['notes'] }) {
  const queryClient = useQueryClient();
  const [draft, setDraft] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [isSending, setIsSending] = useState(false);
  const { previous, current } = notes;
  const text = draft ?? current?.note ?? '';

  const send = async (path: string, method: 'PUT' | 'POST', body: object) => {
    setIsSending(true);
    setError(null);
    try {
      await api(path, { method, body: { commandId: crypto.randomUUID(), ...body } });
      setDraft(null);
      await queryClient.invalidateQueries({ queryKey: queryKeys.cases.handover() });
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setIsSending(false);
    }
  };

  return (
    <div className="handover-notes">
      <section aria-labelledby="note-previous">
        <h3 id="note-previous">From the previous shift</h3>
        {previous ? (
          <>
            <p className="handover-note-text">{previous.note}</p>
            <p className="muted">
              Written by {previous.writtenBy.name}, {formatDayClock(previous.updatedAt)}.{' '}
              {previous.acknowledgedBy && previous.acknowledgedAt
                ? `Acknowledged by ${previous.acknowledgedBy.name} at ${formatDayClock(previous.acknowledgedAt)}.`
                : null}
            </p>
            {!previous.acknowledgedAt && (
              <button
                type="button"
                className="primary"
                disabled={isSending}
                onClick={() => void send(`/handover/notes/${encodeURIComponent(previous.id)}/acknowledge`, 'POST', {})}
              >
                I have read this note
              </button>
            )}
          </>
        ) : (
          <p className="empty">The previous shift left no note.</p>
        )}
      </section>
      <section aria-labelledby="note-current">
        <h3 id="note-current">For the next shift</h3>
        {current?.acknowledgedAt ? (
          <p className="handover-note-text">{current.note}</p>
        ) : (
          <form
            onSubmit={(e) => {
              e.preventDefault();
              void send('/handover/note', 'PUT', { note: text, expectedVersion: current?.version ?? null });
            }}
          >
            <label htmlFor="handover-note">
              What the next shift must know (open risks, promised call-backs, units going off)
            </label>
            <textarea
              id="handover-note"
              rows={4}
              value={text}
              maxLength={4000}
              onChange={(e) => setDraft(e.target.value)}
            />
            <button type="submit" disabled={isSending || text.trim().length === 0}>
              {current ? 'Save changes to the note' : 'Save the note'}
            </button>
          </form>
        )}
        {current && (
          <p className="muted">
            {current.acknowledgedBy
              ? `Acknowledged by ${current.acknowledgedBy.name}.`
              : `Saved by ${current.writtenBy.name}, last changed ${formatDayClock(current.updatedAt)}; the next shift acknowledges it.`}
          </p>
        )}
        {error && (
          <p className="field-error" role="alert">
            {error}
          </p>
        )}
      </section>
    </div>
  );
}
