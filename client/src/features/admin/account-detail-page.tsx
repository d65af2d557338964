import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'wouter';
import type { TAccountCommandResult, TAccountListItem } from '@shared/schemas/account';
import { ROLE_LABELS, type TSessionInfo } from '@shared/schemas/user';
import { directoryQuery, organisationName } from '../../api/queries';
import { Modal } from '../../components/modal';
import { useNow } from '../../lib/use-now';
import { usersQuery, useAdminCommand } from './admin-api';
import { AccountTags, mfaText } from './account-tags';
import { AccountEditForm } from './account-edit-form';
import { AccountSessions } from './account-sessions';
import { Field, placeServerIssues, ProblemMessage } from './fields';
import { REASON_REQUIRED, ReasonDialog, ReasonField } from './reason-dialog';
import { TemporaryPasswordPanel } from './temporary-password';
import { When } from './when';

/**
 * One account: its details, its access (enabled, password, authenticator) and its sessions. Everything
 * comes from the accounts list, so a change by anyone shows here at once.
 */
export function AccountDetailPage({ userId, session }: { userId: string; session: TSessionInfo }) {
  const users = useQuery(usersQuery);
  const directory = useQuery(directoryQuery);
  const now = useNow(30_000);
  const account = users.data?.users.find((u) => u.id === userId);

  if (users.isPending) return <p className="empty">Loading the account…</p>;
  if (users.isError) {
    return (
      <p role="alert" className="field-error">
        Could not load accounts. {users.error.message}
      </p>
    );
  }
  if (!account) {
    return (
      <section className="admin-page" aria-labelledby="account-heading">
        <BackLink />
        <h2 id="account-heading">No such account</h2>
        <p>There is no account with this address in {session.area.name}. It may have been typed wrongly.</p>
      </section>
    );
  }
  const isSelf = account.id === session.user.id;
  return (
    <section className="admin-page" aria-labelledby="account-heading">
      <BackLink />
      <header className="account-head">
        <h2 id="account-heading">{account.displayName}</h2>
        <AccountTags account={account} />
      </header>
      <p className="muted account-sub">
        <span className="mono">{account.username}</span> · {ROLE_LABELS[account.role]} ·{' '}
        {organisationName(directory.data, account.organisationId)}
        {isSelf && ' · this is your own account'}
      </p>
      <div className="detail-grid">
        <AccountEditForm key={account.id} account={account} isSelf={isSelf} />
        <AccountAccess account={account} isSelf={isSelf} now={now} />
      </div>
      <AccountSessions account={account} isSelf={isSelf} now={now} />
    </section>
  );
}

function BackLink() {
  return (
    <p className="back">
      <Link href="/admin/users">← All accounts</Link>
    </p>
  );
}

type TAccessAction = 'enable' | 'disable' | 'password' | 'mfa';

/** Enable or disable, a new temporary password, a reset authenticator: each confirmed with a reason. */
function AccountAccess({ account, isSelf, now }: { account: TAccountListItem; isSelf: boolean; now: number }) {
  const [action, setAction] = useState<TAccessAction | null>(null);
  const [mfaReset, setMfaReset] = useState<TAccountCommandResult | null>(null);
  const command = useAdminCommand();
  const close = () => {
    setAction(null);
    setMfaReset(null);
    command.clearError();
  };
  const name = account.displayName;
  return (
    <section className="admin-panel" aria-labelledby="access-heading">
      <h3 id="access-heading">Access</h3>
      <dl className="facts">
        <dt>Account</dt>
        <dd>{account.isEnabled ? 'Enabled' : <strong className="danger-text">Disabled: cannot log in</strong>}</dd>
        <dt>Password</dt>
        <dd>{account.mustChangePassword ? 'Temporary: to be changed at the next login' : 'Chosen by them'}</dd>
        <dt>Authenticator (MFA)</dt>
        <dd>{mfaText(account)}</dd>
        <dt>Units crewed</dt>
        <dd>{account.unitCallSigns.length > 0 ? account.unitCallSigns.join(', ') : 'None'}</dd>
        <dt>Created</dt>
        <dd>
          <When iso={account.createdAt} now={now} />
        </dd>
        <dt>Last changed</dt>
        <dd>
          <When iso={account.updatedAt} now={now} /> <span className="muted">(version {account.version})</span>
        </dd>
      </dl>
      {isSelf ? (
        <p className="muted">
          Another administrator must disable your account, set you a temporary password or reset your authenticator.
        </p>
      ) : (
        <div className="actions">
          {account.isEnabled ? (
            <button type="button" className="danger" onClick={() => setAction('disable')}>
              Disable account…
            </button>
          ) : (
            <button type="button" onClick={() => setAction('enable')}>
              Enable account…
            </button>
          )}
          <button type="button" onClick={() => setAction('password')}>
            Set temporary password…
          </button>
          {account.hasMfa && (
            <button type="button" onClick={() => setAction('mfa')}>
              Reset MFA…
            </button>
          )}
        </div>
      )}
      {(action === 'enable' || action === 'disable') && (
        <ReasonDialog
          title={action === 'disable' ? `Disable ${name}'s account?` : `Enable ${name}'s account?`}
          confirmLabel={action === 'disable' ? 'Disable account' : 'Enable account'}
          sendingLabel={action === 'disable' ? 'Disabling…' : 'Enabling…'}
          isDanger={action === 'disable'}
          error={command.error}
          isSending={command.isSending}
          onClose={close}
          onConfirm={(reason) =>
            void command
              .run('user:set-enabled', { userId: account.id, isEnabled: action === 'enable', reason })
              .then((ack) => ack.ok && close())
          }
        >
          {action === 'disable' ? (
            <>
              <p>
                {name} is logged out everywhere at once and cannot log in until an administrator enables the account
                again. Nothing they recorded is removed.
              </p>
              {account.unitCallSigns.length > 0 && (
                <p className="warning">
                  They are taken off the crew of {account.unitCallSigns.join(', ')}: check those units still have a
                  crew.
                </p>
              )}
            </>
          ) : (
            <p>
              {name} can log in again with their current password
              {account.hasMfa ? ' and authenticator' : ''}. Units they crewed before must add them again.
            </p>
          )}
        </ReasonDialog>
      )}
      {action === 'mfa' && mfaReset && (
        <Modal title="Authenticator reset" onClose={close}>
          <div className="admin-dialog">
            {mfaReset.temporaryPassword && (
              <TemporaryPasswordPanel account={mfaReset.account} password={mfaReset.temporaryPassword} />
            )}
            <p>
              Give them this password on a checked channel. With it they log in, choose their own password and set up
              their authenticator again.
            </p>
            <div className="actions">
              <button type="button" className="primary" onClick={close} autoFocus>
                Done
              </button>
            </div>
          </div>
        </Modal>
      )}
      {action === 'mfa' && !mfaReset && (
        <ReasonDialog
          title={`Reset ${name}'s authenticator?`}
          confirmLabel="Reset MFA"
          sendingLabel="Resetting…"
          isDanger
          error={command.error}
          isSending={command.isSending}
          onClose={close}
          onConfirm={(reason) =>
            void command
              .run('user:reset-mfa', { userId: account.id, reason })
              .then((ack) => ack.ok && setMfaReset(ack.data))
          }
        >
          <p>
            For a lost or replaced phone. Their authenticator, recovery codes and password stop working and their
            sessions end; you get a temporary password to give them. At their next login they choose a password and set
            up an authenticator app again. Check it is really them asking (for example, call them back on a number you
            already hold).
          </p>
        </ReasonDialog>
      )}
      {action === 'password' && <TemporaryPasswordDialog account={account} onClose={close} />}
    </section>
  );
}

/**
 * A forgotten password: the administrator may type one or have one made; either way it is shown once
 * and must be changed at the next login.
 */
function TemporaryPasswordDialog({ account, onClose }: { account: TAccountListItem; onClose: () => void }) {
  const command = useAdminCommand();
  const [password, setPassword] = useState('');
  const [reason, setReason] = useState('');
  const [problems, setProblems] = useState<{ reason?: string; temporaryPassword?: string }>({});
  const [result, setResult] = useState<TAccountCommandResult | null>(null);

  if (result) {
    return (
      <Modal title="Temporary password set" onClose={onClose}>
        <div className="admin-dialog">
          {result.temporaryPassword ? (
            <TemporaryPasswordPanel account={result.account} password={result.temporaryPassword} />
          ) : (
            <p className="warning">The password was set but not returned: set another one.</p>
          )}
          <div className="actions">
            <button type="button" className="primary" onClick={onClose} autoFocus>
              Done
            </button>
          </div>
        </div>
      </Modal>
    );
  }

  return (
    <Modal title={`Set a temporary password for ${account.displayName}`} onClose={onClose}>
      <form
        className="admin-dialog"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          if (reason.trim() === '') {
            setProblems({ reason: REASON_REQUIRED });
            return;
          }
          if (password !== '' && password.length < 12) {
            setProblems({ temporaryPassword: 'At least 12 characters, or leave blank to have one made' });
            return;
          }
          setProblems({});
          void command
            .run('user:set-temporary-password', {
              userId: account.id,
              reason: reason.trim(),
              ...(password === '' ? {} : { temporaryPassword: password }),
            })
            .then((ack) => {
              if (ack.ok) setResult(ack.data);
              else
                placeServerIssues(ack.error, ['reason', 'temporaryPassword'] as const, (field, message) =>
                  setProblems((p) => ({ ...p, [field]: message })),
                );
            });
        }}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
            e.preventDefault();
            e.currentTarget.requestSubmit();
          }
        }}
      >
        <p>
          Their current password stops working and their sessions end. They must change the temporary one when they next
          log in{account.hasMfa ? '; their authenticator stays as it is' : ''}.
        </p>
        <Field
          label="Temporary password (optional)"
          hint="Leave blank to have one made (easier to read out)."
          error={problems.temporaryPassword}
        >
          {(c) => (
            <input
              {...c}
              value={password}
              onChange={(e) => setPassword(e.target.value)}
              autoComplete="new-password"
              spellCheck={false}
            />
          )}
        </Field>
        <ReasonField value={reason} onChange={setReason} error={problems.reason} autoFocus />
        <ProblemMessage error={command.error} placed={['reason', 'temporaryPassword']} />
        <div className="actions">
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="primary" disabled={command.isSending} aria-keyshortcuts="Control+Enter">
            {command.isSending ? 'Setting…' : 'Set temporary password'}
          </button>
        </div>
      </form>
    </Modal>
  );
}
