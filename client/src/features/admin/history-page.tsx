import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { countOf } from '@shared/text';
import { useMemo } from 'react';
import { Link } from 'wouter';
import { ROLE_LABELS } from '@shared/schemas/user';
import { formatDateClock } from '../../lib/time';
import { useNow } from '../../lib/use-now';
import { historyQuery, usersQuery } from './admin-api';
import { When } from './when';

/**
 * Who changed what in administration, when and why, newest first: the record behind every account,
 * organisation, unit and service change. Older pages load on request.
 */
export function HistoryPage() {
  const history = useInfiniteQuery(historyQuery);
  const now = useNow(30_000);
  const users = useQuery(usersQuery);
  const accountIds = useMemo(() => new Set(users.data?.users.map((u) => u.id)), [users.data]);
  const entries = history.data?.pages.flatMap((p) => p.entries) ?? [];

  return (
    <section className="admin-page" aria-labelledby="history-heading">
      <div className="page-head">
        <h2 id="history-heading">Administration history</h2>
        <span className="muted">Newest first · changes by other administrators appear as they happen</span>
      </div>
      {history.isPending ? (
        <p className="empty">Loading the history…</p>
      ) : history.isError ? (
        <p role="alert" className="field-error">
          Could not load the history. {history.error.message}
        </p>
      ) : entries.length === 0 ? (
        <p className="empty">Nothing has been changed yet.</p>
      ) : (
        <>
          <table className="admin-table history-table">
            <caption className="sr-only">Administration history, newest first</caption>
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Who</th>
                <th scope="col">What</th>
                <th scope="col">Change</th>
                <th scope="col">Why</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((e) => (
                <tr key={e.seq}>
                  <td className="nowrap">
                    <When iso={e.at} now={now} />
                    <span className="muted small"> · {formatDateClock(e.at)}</span>
                  </td>
                  <td>
                    {accountIds.has(e.actor.id) ? (
                      <Link href={`/admin/users/${e.actor.id}`}>{e.actor.name}</Link>
                    ) : (
                      e.actor.name
                    )}
                    <span className="muted small"> · {ROLE_LABELS[e.actor.role] ?? e.actor.role}</span>
                  </td>
                  <th scope="row">{e.subject}</th>
                  <td>{e.text}</td>
                  <td>{e.reason || <span className="muted">—</span>}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <div className="actions history-more">
            {history.hasNextPage ? (
              <button type="button" onClick={() => void history.fetchNextPage()} disabled={history.isFetchingNextPage}>
                {history.isFetchingNextPage ? 'Loading older changes…' : 'Show older'}
              </button>
            ) : (
              <span className="muted">This is the start of the history ({countOf(entries.length, 'change')}).</span>
            )}
            {history.isFetchNextPageError && (
              <span role="alert" className="field-error">
                Could not load older changes. Try again.
              </span>
            )}
          </div>
        </>
      )}
    </section>
  );
}
