import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import type { TAccountListItem, TSessionSummary } from '@shared/schemas/account';
import { formatDayClock, formatExact } from '../../lib/time';
import { sessionsQuery, useAdminCommand } from './admin-api';
import { sessionStageText, summariseUserAgent } from './admin-text';
import { ReasonDialog } from './reason-dialog';
import { When } from './when';

/**
 * Where a person is logged in, so a lost tablet or a PC left logged in can be ended from here: one
 * session, or all of them, each with a reason for the history.
 */
export function AccountSessions({ account, isSelf, now }: { account: TAccountListItem; isSelf: boolean; now: number }) {
  const sessions = useQuery(sessionsQuery(account.id));
  const command = useAdminCommand();
  const [ending, setEnding] = useState<TSessionSummary | 'all' | null>(null);
  const list = sessions.data?.sessions ?? [];
  const close = () => {
    setEnding(null);
    command.clearError();
  };

  return (
    <section className="admin-panel" aria-labelledby="sessions-heading">
      <div className="panel-head">
        <h3 id="sessions-heading">Sessions ({list.length})</h3>
        <button type="button" className="danger" disabled={list.length === 0} onClick={() => setEnding('all')}>
          End all sessions…
        </button>
      </div>
      {sessions.isPending ? (
        <p className="empty">Loading sessions…</p>
      ) : sessions.isError ? (
        <p role="alert" className="field-error">
          Could not load sessions. {sessions.error.message}
        </p>
      ) : list.length === 0 ? (
        <p className="empty">Not logged in anywhere.</p>
      ) : (
        <table className="admin-table">
          <caption className="sr-only">Sessions of {account.displayName}</caption>
          <thead>
            <tr>
              <th scope="col">Started</th>
              <th scope="col">Last active</th>
              <th scope="col">Device</th>
              <th scope="col">Source address</th>
              <th scope="col">State</th>
              <th scope="col">Expires</th>
              <th scope="col">
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {list.map((s) => (
              <tr key={s.id}>
                <td>
                  <When iso={s.createdAt} now={now} />
                </td>
                <td>
                  <When iso={s.lastActiveAt} now={now} />
                </td>
                <td title={s.userAgent}>{summariseUserAgent(s.userAgent)}</td>
                <td className="mono">{s.source || '—'}</td>
                <td>{s.isLocked ? <span className="tag">Locked</span> : sessionStageText(s.stage)}</td>
                <td>
                  <time dateTime={s.expiresAt} title={formatExact(s.expiresAt)}>
                    {formatDayClock(s.expiresAt)}
                  </time>
                </td>
                <td className="row-actions">
                  <button type="button" className="compact" onClick={() => setEnding(s)}>
                    End<span className="sr-only"> session on {summariseUserAgent(s.userAgent)}</span>
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {ending && (
        <ReasonDialog
          title={
            ending === 'all'
              ? `End all of ${account.displayName}'s sessions?`
              : `End ${account.displayName}'s session on ${summariseUserAgent(ending.userAgent)}?`
          }
          confirmLabel={ending === 'all' ? 'End all sessions' : 'End session'}
          sendingLabel="Ending…"
          isDanger
          error={command.error}
          isSending={command.isSending}
          onClose={close}
          onConfirm={(reason) =>
            void command
              .run('user:revoke-sessions', {
                userId: account.id,
                reason,
                ...(ending === 'all' ? {} : { sessionId: ending.id }),
              })
              .then((ack) => ack.ok && close())
          }
        >
          <p>
            {ending === 'all'
              ? `Every device ${account.displayName} is logged in on is logged out at once.`
              : `That device is logged out at once (${ending.source || 'unknown address'}, last active ${formatExact(ending.lastActiveAt)}).`}{' '}
            They can log in again with their password{account.hasMfa ? ' and authenticator' : ''}: to stop that, disable
            the account instead.
          </p>
          {isSelf && (
            <p className="warning">
              These are your own sessions: if {ending === 'all' ? 'they include' : 'it is'} this browser, you are logged
              out too.
            </p>
          )}
        </ReasonDialog>
      )}
    </section>
  );
}
