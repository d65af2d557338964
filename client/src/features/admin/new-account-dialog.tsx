import { zodResolver } from '@hookform/resolvers/zod';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useForm, type Path } from 'react-hook-form';
import { ROLE_LABELS, ROLES } from '@shared/schemas/user';
import type { TAccountCommandResult } from '@shared/schemas/account';
import { directoryQuery } from '../../api/queries';
import { Modal } from '../../components/modal';
import { useAdminCommand } from './admin-api';
import { ZNewAccountForm, type TNewAccountFormIn, type TNewAccountFormOut } from './account-form-schema';
import { Field, placeServerIssues, ProblemMessage } from './fields';
import { TemporaryPasswordPanel } from './temporary-password';

const BLANK: TNewAccountFormIn = {
  displayName: '',
  username: '',
  role: '',
  organisationId: '',
  phone: '',
  email: '',
  temporaryPassword: '',
  reason: '',
};
const FIELDS: readonly Path<TNewAccountFormIn>[] = Object.keys(BLANK) as Path<TNewAccountFormIn>[];

/**
 * Makes one account, then shows its temporary password once. The account's id is made when the dialog
 * opens and kept across retries, so sending twice can never make two accounts for one person.
 */
export function NewAccountDialog({
  onClose,
  onOpenAccount,
}: {
  onClose: () => void;
  onOpenAccount: (id: string) => void;
}) {
  const directory = useQuery(directoryQuery);
  const command = useAdminCommand();
  const [userId, setUserId] = useState(() => crypto.randomUUID());
  const [created, setCreated] = useState<TAccountCommandResult | null>(null);
  const form = useForm<TNewAccountFormIn, unknown, TNewAccountFormOut>({
    resolver: zodResolver(ZNewAccountForm),
    defaultValues: BLANK,
  });
  const { errors, isSubmitting } = form.formState;

  const handleSubmit = form.handleSubmit(async (v) => {
    const result = await command.run('user:create', {
      userId,
      username: v.username,
      displayName: v.displayName,
      role: v.role,
      organisationId: v.organisationId,
      contact: { phone: v.phone, email: v.email },
      temporaryPassword: v.temporaryPassword === '' ? undefined : v.temporaryPassword,
      reason: v.reason,
    });
    if (result.ok) setCreated(result.data);
    else
      placeServerIssues(result.error, FIELDS, (field, message, isFirst) =>
        form.setError(field, { type: 'server', message }, { shouldFocus: isFirst }),
      );
  });

  if (created) {
    return (
      <Modal title="Account created" onClose={onClose}>
        <div className="admin-dialog">
          {created.temporaryPassword ? (
            <TemporaryPasswordPanel account={created.account} password={created.temporaryPassword} />
          ) : (
            <p className="warning">
              The account exists, but its temporary password was not returned. Set a new temporary password from the
              account.
            </p>
          )}
          <div className="actions">
            <button type="button" onClick={() => onOpenAccount(created.account.id)}>
              Open the account
            </button>
            <button
              type="button"
              onClick={() => {
                form.reset(BLANK);
                setUserId(crypto.randomUUID());
                setCreated(null);
              }}
            >
              Create another
            </button>
            <button type="button" className="primary" onClick={onClose} autoFocus>
              Done
            </button>
          </div>
        </div>
      </Modal>
    );
  }

  const organisations = directory.data?.organisations ?? [];
  return (
    <Modal title="New account" onClose={onClose}>
      <form className="admin-dialog form-grid" noValidate onSubmit={(e) => void handleSubmit(e)}>
        <Field
          label="Full name"
          error={errors.displayName?.message}
          hint="As colleagues will see it, e.g. Jo Smith (RMN)."
        >
          {(c) => <input {...c} {...form.register('displayName')} autoFocus autoComplete="off" />}
        </Field>
        <Field
          label="Username"
          error={errors.username?.message}
          hint="Lower-case letters, digits, dots, dashes; cannot be changed later."
        >
          {(c) => <input {...c} {...form.register('username')} autoComplete="off" spellCheck={false} />}
        </Field>
        <Field label="Role" error={errors.role?.message} hint="Decides what this person can see and do.">
          {(c) => (
            <select {...c} {...form.register('role')}>
              <option value="">Choose a role…</option>
              {ROLES.map((r) => (
                <option key={r} value={r}>
                  {ROLE_LABELS[r]}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="Organisation" error={errors.organisationId?.message}>
          {(c) => (
            <select {...c} {...form.register('organisationId')}>
              <option value="">{directory.isPending ? 'Loading organisations…' : 'Choose an organisation…'}</option>
              {organisations.map((o) => (
                <option key={o.id} value={o.id}>
                  {o.name}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="Phone (optional)" error={errors.phone?.message}>
          {(c) => <input {...c} type="tel" {...form.register('phone')} autoComplete="off" />}
        </Field>
        <Field label="Email (optional)" error={errors.email?.message}>
          {(c) => <input {...c} type="email" {...form.register('email')} autoComplete="off" />}
        </Field>
        <Field
          label="Temporary password (optional)"
          error={errors.temporaryPassword?.message}
          hint="Leave blank to have one made. At least 12 characters; it must be changed at first login."
        >
          {(c) => (
            <input {...c} {...form.register('temporaryPassword')} autoComplete="new-password" spellCheck={false} />
          )}
        </Field>
        <Field label="Reason (optional)" error={errors.reason?.message} hint="Kept in the administration history.">
          {(c) => <input {...c} {...form.register('reason')} autoComplete="off" maxLength={300} />}
        </Field>
        <div className="wide">
          <ProblemMessage error={command.error} placed={FIELDS} />
        </div>
        <div className="actions wide">
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="primary" disabled={isSubmitting} aria-keyshortcuts="Control+Enter">
            {isSubmitting ? 'Creating…' : 'Create account'}
          </button>
          <span className="muted">
            <kbd>Ctrl</kbd>+<kbd>Enter</kbd> creates · <kbd>Esc</kbd> cancels
          </span>
        </div>
      </form>
    </Modal>
  );
}
