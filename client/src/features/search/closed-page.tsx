import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'wouter';
import { OUTCOME_KINDS, OUTCOME_LABELS, type TOutcome } from '@shared/schemas/case';
import type { TClosedCaseList, TClosedCasesQuery } from '@shared/schemas/search';
import { api } from '../../api/http';
import { queryKeys } from '../../api/query-keys';
import { formatAgo, formatExact } from '../../lib/time';
import { useNow } from '../../lib/use-now';
import { cardTitle, personLine, PriorityBadge } from '../cases/labels';

const PERIOD_LABELS: Record<TClosedCasesQuery['period'], string> = {
  shift: 'This shift',
  '24h': 'Last 24 hours',
  '7d': 'Last 7 days',
  '30d': 'Last 30 days',
};

/** Closed cards, most recently closed first, by period, outcome and owner: nothing closed is out of reach. */
export function ClosedPage() {
  const now = useNow(60_000);
  const [period, setPeriod] = useState<TClosedCasesQuery['period']>('24h');
  const [outcome, setOutcome] = useState<TOutcome['kind'] | ''>('');
  const [isMine, setIsMine] = useState(false);
  const filters = { period, ...(outcome ? { outcome } : {}), ...(isMine ? { owner: 'me' } : {}) };
  const list = useQuery({
    queryKey: queryKeys.cases.closed(filters),
    queryFn: () => api<TClosedCaseList>(`/cases/closed?${new URLSearchParams(filters).toString()}`),
  });
  return (
    <section className="worklist" aria-labelledby="closed-heading">
      <div className="pane-head">
        <h2 id="closed-heading">Closed cards{list.data ? ` (${list.data.cards.length})` : ''}</h2>
      </div>
      <div className="filters" role="group" aria-label="Filters">
        <label>
          Closed{' '}
          <select value={period} onChange={(e) => setPeriod(e.target.value as TClosedCasesQuery['period'])}>
            {Object.entries(PERIOD_LABELS).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </label>
        <label>
          Outcome{' '}
          <select value={outcome} onChange={(e) => setOutcome(e.target.value as TOutcome['kind'] | '')}>
            <option value="">Any outcome</option>
            {OUTCOME_KINDS.map((k) => (
              <option key={k} value={k}>
                {OUTCOME_LABELS[k]}
              </option>
            ))}
          </select>
        </label>
        <label className="check">
          <input type="checkbox" checked={isMine} onChange={(e) => setIsMine(e.target.checked)} /> Owned by me
        </label>
      </div>
      {list.isPending ? (
        <p className="empty">Loading closed cards…</p>
      ) : list.isError ? (
        <p className="empty" role="alert">
          Closed cards could not be loaded: {list.error.message}
        </p>
      ) : list.data.cards.length === 0 ? (
        <p className="empty">No cards closed in this period with these filters.</p>
      ) : (
        <ol className="queue">
          {list.data.cards.map((c) => (
            <li key={c.id}>
              <Link href={`/cases/${c.id}`}>
                <div className="queue-top">
                  <PriorityBadge priority={c.priority} />
                  <span className="queue-title">{cardTitle(c)}</span>
                  {c.closedAt && (
                    <span className="waiting" title={formatExact(c.closedAt)}>
                      closed {formatAgo(c.closedAt, now)}
                    </span>
                  )}
                </div>
                <div className="queue-meta">
                  <span className="ref">{c.ref}</span> · {personLine(c)}
                  {c.outcome && ` · ${OUTCOME_LABELS[c.outcome.kind]}`}
                  {c.owner && ` · Owner: ${c.owner.name}`}
                </div>
              </Link>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
