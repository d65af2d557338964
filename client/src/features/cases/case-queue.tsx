import { ALERT_KIND_RULES, isOpen, type TLiveAlert } from '@shared/rules/alerts';
import { Link } from 'wouter';
import type { TCaseCard } from '@shared/schemas/case';
import { formatExact, formatWaiting } from '../../lib/time';
import { useNow } from '../../lib/use-now';
import { useSocket } from '../../socket/socket-provider';
import { DetentionChip } from '../detention/detention-chip';
import { cardTitle, PriorityBadge, RiskChips } from './labels';

/**
 * The live queue, two lines a card so a desk sees ten or more at once: open critical alerts first, then
 * priority, then longest waiting (R-ALERT-QUEUE); waiting counters tick with server time.
 */
const NOTHING_AWAITING: ReadonlyMap<string, readonly string[]> = new Map();

export function CaseQueue({
  cases,
  selectedId,
  alerts = [],
  awaiting = NOTHING_AWAITING,
}: {
  cases: TCaseCard[];
  selectedId: string | null;
  /** Call signs sent to each card that have not accepted yet (hub consoles). */
  awaiting?: ReadonlyMap<string, readonly string[]>;
  /** This console's alerts: a card's open critical ones show as red chips (it is already first in the queue). */
  alerts?: readonly TLiveAlert[];
}) {
  const now = useNow();
  const { recentlyChanged } = useSocket();
  if (cases.length === 0) {
    return <p className="empty">No open cases. New calls appear here as soon as anyone opens a card.</p>;
  }
  return (
    <ol className="queue">
      {cases.map((c) => (
        <li
          key={c.id}
          className={`${recentlyChanged.has(c.id) ? 'flash' : ''} ${c.id === selectedId ? 'selected' : ''}`}
        >
          <Link href={`/cases/${c.id}`} aria-current={c.id === selectedId ? 'true' : undefined}>
            <div className="queue-top">
              {alerts
                .filter(
                  (a) =>
                    a.caseId === c.id &&
                    isOpen(a) &&
                    (a.severity === 'critical' || ALERT_KIND_RULES[a.kind].isQueueChip),
                )
                .map((a) => (
                  <span key={a.key} className={`badge ${a.severity}`} title={a.text}>
                    {ALERT_KIND_RULES[a.kind].label}
                  </span>
                ))}
              {awaiting.get(c.id)?.map((callSign) => (
                <span key={callSign} className="badge awaiting" title={`${callSign} was sent and has not accepted yet`}>
                  {callSign} to accept
                </span>
              ))}
              <PriorityBadge priority={c.priority} />
              {c.status === 'contact-lost' && <span className="badge contact-lost">Contact lost</span>}
              {c.detention && !c.detention.outcome && <DetentionChip detention={c.detention} now={now} />}
              <span className="queue-head">
                <span className="queue-title">{cardTitle(c)}</span>
                <span className="waiting" title={`Opened ${formatExact(c.createdAt)}`}>
                  <span className="waiting-label">waiting</span> {formatWaiting(c.createdAt, now)}
                </span>
              </span>
            </div>
            <div className="queue-meta">
              {/* Risks first: when the line is cut short on a narrow screen, it is the address that gives way. */}
              <span className="ref">{c.ref}</span> <RiskChips flags={c.riskFlags} />
              {c.summary !== null && ` · ${c.location.description}`}
              {c.owner ? ` · Owner: ${c.owner.name}` : ' · Unowned'}
            </div>
          </Link>
        </li>
      ))}
    </ol>
  );
}
