import { useQuery } from '@tanstack/react-query';
import { countOf } from '@shared/text';
import { useCallback, useId, useMemo, useRef, useState } from 'react';
import { Link, useLocation } from 'wouter';
import { ROLE_LABELS, ROLES, type TRole, type TSessionInfo } from '@shared/schemas/user';
import { directoryQuery, organisationName } from '../../api/queries';
import { useNow } from '../../lib/use-now';
import { useShortcut } from '../../lib/use-shortcut';
import { usersQuery } from './admin-api';
import {
  filterAccounts,
  sortAccounts,
  type TAccountFilter,
  type TAccountSort,
  type TAccountSortKey,
} from './admin-text';
import { mfaText } from './account-tags';
import { NewAccountDialog } from './new-account-dialog';
import { When } from './when';

const NO_FILTER: TAccountFilter = { text: '', role: '', organisationId: '', isDisabledOnly: false };

/** Fixed widths keep every account on one line; a cut-off value shows whole in its tooltip. */
const COLUMNS: { key: TAccountSortKey | null; label: string; width: string }[] = [
  { key: 'name', label: 'Name', width: '17%' },
  { key: 'username', label: 'Username', width: '11%' },
  { key: 'role', label: 'Role', width: '13%' },
  { key: 'organisation', label: 'Organisation', width: '18%' },
  { key: null, label: 'Units', width: '8%' },
  { key: null, label: 'MFA', width: '7%' },
  { key: null, label: 'Password', width: '8%' },
  { key: null, label: 'Status', width: '7%' },
  { key: 'lastActive', label: 'Last active', width: '11%' },
];

/**
 * Every account of the area in one dense table an administrator can narrow quickly: search (press /),
 * role, organisation, disabled only. A row opens the account.
 */
export function AccountsPage({ session }: { session: TSessionInfo }) {
  const users = useQuery(usersQuery);
  const directory = useQuery(directoryQuery);
  const now = useNow(30_000);
  const [, navigate] = useLocation();
  const [filter, setFilter] = useState<TAccountFilter>(NO_FILTER);
  const [sort, setSort] = useState<TAccountSort>({ key: 'name', isDescending: false });
  const [isCreating, setIsCreating] = useState(false);
  const search = useRef<HTMLInputElement>(null);
  const ids = useId();
  useShortcut(
    '/',
    useCallback(() => search.current?.focus(), []),
  );

  const orgName = useCallback((id: string) => organisationName(directory.data, id), [directory.data]);
  const all = users.data?.users;
  const shown = useMemo(
    () => sortAccounts(filterAccounts(all ?? [], filter, orgName), sort, orgName),
    [all, filter, orgName, sort],
  );
  const isFiltered = filter.text !== '' || filter.role !== '' || filter.organisationId !== '' || filter.isDisabledOnly;
  const disabledCount = (all ?? []).filter((u) => !u.isEnabled).length;

  const sortBy = (key: TAccountSortKey) =>
    setSort((s) => ({ key, isDescending: s.key === key ? !s.isDescending : key === 'lastActive' }));

  return (
    <section className="admin-page" aria-labelledby="accounts-heading">
      <div className="page-head">
        <h2 id="accounts-heading">Accounts of {session.area.name}</h2>
        <button type="button" className="primary" onClick={() => setIsCreating(true)}>
          New account
        </button>
      </div>
      <div className="filters" role="search" aria-label="Filter accounts">
        <div className="field search-field">
          <label htmlFor={`${ids}-search`}>Search accounts</label>
          <input
            id={`${ids}-search`}
            ref={search}
            type="search"
            value={filter.text}
            onChange={(e) => setFilter((f) => ({ ...f, text: e.target.value }))}
            onKeyDown={(e) => {
              if (e.key === 'Escape' && filter.text !== '') {
                e.preventDefault();
                setFilter((f) => ({ ...f, text: '' }));
              }
            }}
            placeholder="Name, username, role or organisation"
            aria-keyshortcuts="/"
            aria-describedby={`${ids}-search-hint`}
            autoComplete="off"
          />
          <span id={`${ids}-search-hint`} className="field-hint">
            Press <kbd>/</kbd> to search from anywhere on this page.
          </span>
        </div>
        <div className="field">
          <label htmlFor={`${ids}-role`}>Role</label>
          <select
            id={`${ids}-role`}
            value={filter.role}
            onChange={(e) => setFilter((f) => ({ ...f, role: e.target.value as TRole | '' }))}
          >
            <option value="">All roles</option>
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {ROLE_LABELS[r]}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${ids}-org`}>Organisation</label>
          <select
            id={`${ids}-org`}
            value={filter.organisationId}
            onChange={(e) => setFilter((f) => ({ ...f, organisationId: e.target.value }))}
          >
            <option value="">All organisations</option>
            {(directory.data?.organisations ?? []).map((o) => (
              <option key={o.id} value={o.id}>
                {o.name}
              </option>
            ))}
          </select>
        </div>
        <label className="check filter-check">
          <input
            type="checkbox"
            checked={filter.isDisabledOnly}
            onChange={(e) => setFilter((f) => ({ ...f, isDisabledOnly: e.target.checked }))}
          />
          Disabled only ({disabledCount})
        </label>
        {isFiltered && (
          <button type="button" className="link-button" onClick={() => setFilter(NO_FILTER)}>
            Clear filters
          </button>
        )}
      </div>

      {users.isPending ? (
        <p className="empty">Loading accounts…</p>
      ) : users.isError ? (
        <p role="alert" className="field-error">
          Could not load accounts. {users.error.message}
        </p>
      ) : (
        <>
          <p className="count" role="status">
            {isFiltered
              ? `${shown.length} of ${countOf(all?.length ?? 0, 'account')}`
              : countOf(shown.length, 'account')}
          </p>
          <table className="admin-table accounts-table">
            <caption className="sr-only">Accounts, sorted by {sortLabel(sort)}</caption>
            <colgroup>
              {COLUMNS.map((c) => (
                <col key={c.label} style={{ width: c.width }} />
              ))}
            </colgroup>
            <thead>
              <tr>
                {COLUMNS.map((c) => (
                  <th
                    key={c.label}
                    scope="col"
                    aria-sort={
                      c.key && sort.key === c.key ? (sort.isDescending ? 'descending' : 'ascending') : undefined
                    }
                  >
                    {c.key ? (
                      <button type="button" className="sort-button" onClick={() => c.key && sortBy(c.key)}>
                        {c.label}
                        <span aria-hidden="true" className="sort-mark">
                          {sort.key === c.key ? (sort.isDescending ? '▼' : '▲') : '↕'}
                        </span>
                      </button>
                    ) : (
                      c.label
                    )}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {shown.map((u) => (
                <tr
                  key={u.id}
                  className={u.isEnabled ? 'clickable' : 'clickable is-disabled'}
                  onClick={(e) => {
                    // The name is the link; the rest of the row is a larger target for the mouse (but
                    // selecting text to copy it does not open the account).
                    const isOnLink = e.target instanceof HTMLElement && e.target.closest('a');
                    if (!isOnLink && !window.getSelection()?.toString()) navigate(`/admin/users/${u.id}`);
                  }}
                >
                  <th scope="row" title={u.displayName}>
                    <span className="name-cell">
                      <Link href={`/admin/users/${u.id}`}>{u.displayName}</Link>
                      {u.isDemo && <span className="tag tag-muted">Demo</span>}
                    </span>
                  </th>
                  <td className="mono" title={u.username}>
                    {u.username}
                  </td>
                  <td title={ROLE_LABELS[u.role]}>{ROLE_LABELS[u.role]}</td>
                  <td title={orgName(u.organisationId)}>{orgName(u.organisationId)}</td>
                  <td title={u.unitCallSigns.join(', ') || undefined}>
                    {u.unitCallSigns.length > 0 ? u.unitCallSigns.join(', ') : <span className="muted">—</span>}
                  </td>
                  <td className={u.hasMfa ? undefined : 'muted'}>{mfaText(u)}</td>
                  <td
                    className={u.mustChangePassword ? 'pending' : 'muted'}
                    title={u.mustChangePassword ? 'Temporary password: to be changed at the next login' : undefined}
                  >
                    {u.mustChangePassword ? 'Temporary' : 'Own'}
                  </td>
                  <td>{u.isEnabled ? 'Enabled' : <span className="tag tag-danger">Disabled</span>}</td>
                  <td
                    title={
                      u.sessionCount > 0
                        ? `${u.sessionCount} live session${u.sessionCount === 1 ? '' : 's'}`
                        : undefined
                    }
                  >
                    {u.lastActiveAt ? (
                      <>
                        <When iso={u.lastActiveAt} now={now} />
                        {u.sessionCount > 1 && <span className="muted"> · {u.sessionCount} sessions</span>}
                      </>
                    ) : (
                      <span className="muted">Not logged in</span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {shown.length === 0 && (
            <p className="empty">
              No account matches.{' '}
              <button type="button" className="link-button" onClick={() => setFilter(NO_FILTER)}>
                Clear filters
              </button>
            </p>
          )}
        </>
      )}
      {isCreating && (
        <NewAccountDialog
          onClose={() => setIsCreating(false)}
          onOpenAccount={(id) => {
            setIsCreating(false);
            navigate(`/admin/users/${id}`);
          }}
        />
      )}
    </section>
  );
}

function sortLabel(sort: TAccountSort): string {
  const column = COLUMNS.find((c) => c.key === sort.key)?.label.toLowerCase() ?? sort.key;
  return `${column}, ${sort.isDescending ? 'descending' : 'ascending'}`;
}
