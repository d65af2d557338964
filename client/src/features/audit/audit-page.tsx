import { infiniteQueryOptions, useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import {
  ACCESS_ACTION_LABELS,
  ACCESS_ACTIONS,
  DISCLOSURE_WINDOW_MINUTES,
  type TAccessAction,
  type TAccessPage,
} from '@shared/schemas/audit';
import { ROLE_LABELS, ZRole, type TSessionInfo } from '@shared/schemas/user';
import { api } from '../../api/http';
import { directoryQuery } from '../../api/queries';
import { queryKeys } from '../../api/query-keys';
import { formatClock } from '../../lib/time';
import { useNow } from '../../lib/use-now';
import { When } from '../admin/when';
import '../admin/admin.css';
import './audit.css';

/** The filters as typed; a search runs only when the person asks (each search is itself logged). */
interface TFilters {
  card: string;
  user: string;
  from: string;
  to: string;
  action: TAccessAction | '';
}
const NO_FILTERS: TFilters = { card: '', user: '', from: '', to: '', action: '' };

/** The filters as query parameters: empty ones left out, local date-times sent as instants. */
function auditParams(filters: TFilters): URLSearchParams {
  const params = new URLSearchParams();
  if (filters.card.trim()) params.set('card', filters.card.trim());
  if (filters.user.trim()) params.set('user', filters.user.trim());
  if (filters.from) params.set('from', new Date(filters.from).toISOString());
  if (filters.to) params.set('to', new Date(filters.to).toISOString());
  if (filters.action) params.set('action', filters.action);
  return params;
}

const auditQuery = (filters: TFilters) =>
  infiniteQueryOptions({
    queryKey: queryKeys.audit.search(filters),
    queryFn: ({ pageParam }) => {
      const params = auditParams(filters);
      if (pageParam !== null) params.set('before', String(pageParam));
      return api<TAccessPage>(`/audit/access?${params.toString()}`);
    },
    initialPageParam: null as number | null,
    getNextPageParam: (page) => page.nextBefore,
    // Every search writes an entry in the access log: never refetched behind the person's back.
    staleTime: Infinity,
    refetchOnWindowFocus: false,
    refetchOnReconnect: false,
  });

const actionLabel = (action: string) => (ACCESS_ACTION_LABELS as Record<string, string | undefined>)[action] ?? action;
const roleLabel = (role: string) => {
  const parsed = ZRole.safeParse(role);
  return parsed.success ? ROLE_LABELS[parsed.data] : role;
};

/**
 * The audit viewer (R-IG-AUDIT): who was shown which card, when and how, in this area — by card, by
 * person, by time and by kind — newest first, with an export. For the information governance lead and
 * duty managers; every search and export is itself in the log.
 */
export function AuditPage({ session }: { session: TSessionInfo }) {
  const ids = useId();
  const [draft, setDraft] = useState<TFilters>(NO_FILTERS);
  const [filters, setFilters] = useState<TFilters>(NO_FILTERS);
  const log = useInfiniteQuery(auditQuery(filters));
  const directory = useQuery(directoryQuery);
  const now = useNow(30_000);
  const entries = log.data?.pages.flatMap((p) => p.entries) ?? [];
  const isFiltered = Object.values(filters).some((v) => v !== '');

  const search = (next: TFilters) => {
    setDraft(next);
    setFilters(next);
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    search(draft);
  };
  const exportHref = `/api/v1/audit/access.csv?${auditParams(filters).toString()}`;

  return (
    <section className="admin-page audit-page" aria-labelledby="audit-heading">
      <div className="page-head">
        <h2 id="audit-heading">Who saw which card — {directory.data?.area.name ?? session.area.name}</h2>
        <a className="button-link" href={exportHref} download>
          Export CSV
        </a>
      </div>
      <form className="filters" role="search" aria-label="Filter the access log" onSubmit={submit}>
        <div className="field">
          <label htmlFor={`${ids}-card`}>Card</label>
          <input
            id={`${ids}-card`}
            value={draft.card}
            onChange={(e) => setDraft((f) => ({ ...f, card: e.target.value }))}
            placeholder="C-3F9A2B or the card's id"
            aria-describedby={`${ids}-card-hint`}
            autoComplete="off"
          />
          <span id={`${ids}-card-hint`} className="field-hint">
            The reference on the card
          </span>
        </div>
        <div className="field">
          <label htmlFor={`${ids}-user`}>Person</label>
          <input
            id={`${ids}-user`}
            value={draft.user}
            onChange={(e) => setDraft((f) => ({ ...f, user: e.target.value }))}
            placeholder="Username"
            autoComplete="off"
          />
        </div>
        <div className="field">
          <label htmlFor={`${ids}-from`}>From</label>
          <input
            id={`${ids}-from`}
            type="datetime-local"
            value={draft.from}
            onChange={(e) => setDraft((f) => ({ ...f, from: e.target.value }))}
          />
        </div>
        <div className="field">
          <label htmlFor={`${ids}-to`}>Until</label>
          <input
            id={`${ids}-to`}
            type="datetime-local"
            value={draft.to}
            onChange={(e) => setDraft((f) => ({ ...f, to: e.target.value }))}
          />
        </div>
        <div className="field">
          <label htmlFor={`${ids}-action`}>What</label>
          <select
            id={`${ids}-action`}
            value={draft.action}
            onChange={(e) => setDraft((f) => ({ ...f, action: e.target.value as TAccessAction | '' }))}
          >
            <option value="">Everything</option>
            {ACCESS_ACTIONS.map((a) => (
              <option key={a} value={a}>
                {ACCESS_ACTION_LABELS[a]}
              </option>
            ))}
          </select>
        </div>
        <div className="audit-filter-actions">
          <button type="submit" className="primary">
            Search
          </button>
          {isFiltered && (
            <button type="button" onClick={() => search(NO_FILTERS)}>
              Clear
            </button>
          )}
        </div>
      </form>
      <p className="muted small">
        Opening a card is listed at most once a minute for the same card and session; every export is listed. Live
        updates, queue listings, replays and command answers of the same card to the same session are listed once per{' '}
        {DISCLOSURE_WINDOW_MINUTES} minutes. Your searches and exports are listed too.
      </p>
      {log.isPending ? (
        <p className="empty">Loading the access log…</p>
      ) : log.isError ? (
        <p role="alert" className="field-error">
          {log.error.message}
        </p>
      ) : entries.length === 0 ? (
        <p className="empty">{isFiltered ? 'Nothing matches these filters.' : 'Nothing has been recorded yet.'}</p>
      ) : (
        <>
          <div className="table-scroll">
            <table className="admin-table audit-table">
              <caption className="sr-only">Access log, newest first</caption>
              <thead>
                <tr>
                  <th scope="col">When</th>
                  <th scope="col">Who</th>
                  <th scope="col">Role</th>
                  <th scope="col">Organisation</th>
                  <th scope="col">Card</th>
                  <th scope="col">What</th>
                  <th scope="col">Session</th>
                </tr>
              </thead>
              <tbody>
                {entries.map((e) => (
                  <tr key={e.id}>
                    <td className="nowrap">
                      <When iso={e.at} now={now} />
                      <span className="muted small"> · {formatClock(e.at)}</span>
                    </td>
                    <th scope="row">
                      {e.username ? (
                        <button
                          type="button"
                          className="link-button"
                          title={`Show only ${e.displayName ?? e.username}`}
                          onClick={() => search({ ...filters, user: e.username ?? '' })}
                        >
                          {e.displayName ?? e.username}
                        </button>
                      ) : (
                        <span className="mono">{e.userId}</span>
                      )}
                      {e.username && <span className="muted small mono"> {e.username}</span>}
                    </th>
                    <td>{roleLabel(e.role)}</td>
                    <td>{e.organisationName ?? <span className="muted">—</span>}</td>
                    <td className="nowrap">
                      {e.caseRef ? (
                        <button
                          type="button"
                          className="link-button mono"
                          title={`Show only ${e.caseRef}`}
                          onClick={() => search({ ...filters, card: e.caseRef ?? '' })}
                        >
                          {e.caseRef}
                        </button>
                      ) : (
                        <span className="muted">—</span>
                      )}
                    </td>
                    <td>{actionLabel(e.action)}</td>
                    <td className="mono small" title={e.source}>
                      {e.source.startsWith('session:') ? e.source.slice(8, 16) : e.source || '—'}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <div className="actions history-more">
            {log.hasNextPage ? (
              <button type="button" onClick={() => void log.fetchNextPage()} disabled={log.isFetchingNextPage}>
                {log.isFetchingNextPage ? 'Loading older entries…' : 'Show older'}
              </button>
            ) : (
              <span className="muted">
                {entries.length} {entries.length === 1 ? 'entry' : 'entries'}
              </span>
            )}
            {log.isFetchNextPageError && (
              <span role="alert" className="field-error">
                Could not load older entries. Try again.
              </span>
            )}
          </div>
        </>
      )}
    </section>
  );
}
