import { zodResolver } from '@hookform/resolvers/zod';
import { useQuery } from '@tanstack/react-query';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useForm, type Path } from 'react-hook-form';
import { CREW_ROLES } from '@shared/rules/unit-lifecycle';
import type { TAccountListItem, TUserUpdateRequest } from '@shared/schemas/account';
import { ROLE_LABELS, ROLES, type TRole } from '@shared/schemas/user';
import type { TAppError } from '@shared/errors';
import { directoryQuery } from '../../api/queries';
import { Modal } from '../../components/modal';
import { useAdminCommand } from './admin-api';
import { caseViewText, roleAbilities } from './admin-text';
import { ZEditAccountForm, type TEditAccountForm } from './account-form-schema';
import { Field, placeServerIssues, ProblemMessage } from './fields';

type TChanges = TUserUpdateRequest['changes'];
type TEditValues = Omit<TEditAccountForm, 'reason'>;

const FIELDS: readonly Path<TEditAccountForm>[] = ['displayName', 'role', 'organisationId', 'phone', 'email', 'reason'];
const ROLE_REASON = 'Say why the role changes (it changes what this person sees)';

function valuesOf(account: TAccountListItem): TEditValues {
  return {
    displayName: account.displayName,
    role: account.role,
    organisationId: account.organisationId,
    phone: account.contact.phone,
    email: account.contact.email,
  };
}

/** The details a draft started from, as the form keeps them (its default values). */
function baseOf(defaults: Partial<TEditAccountForm> | undefined, account: TAccountListItem): TEditValues {
  const fallback = valuesOf(account);
  return {
    displayName: defaults?.displayName ?? fallback.displayName,
    role: defaults?.role ?? fallback.role,
    organisationId: defaults?.organisationId ?? fallback.organisationId,
    phone: defaults?.phone ?? fallback.phone,
    email: defaults?.email ?? fallback.email,
  };
}

const sameValues = (a: TEditValues, b: TEditValues) =>
  a.displayName === b.displayName &&
  a.role === b.role &&
  a.organisationId === b.organisationId &&
  a.phone === b.phone &&
  a.email === b.email;

/** Only what the administrator changed, relative to the details the draft started from. */
function changesBetween(base: TEditValues, draft: TEditValues): TChanges {
  const changes: TChanges = {};
  if (draft.displayName !== base.displayName) changes.displayName = draft.displayName;
  if (draft.role !== base.role) changes.role = draft.role;
  if (draft.organisationId !== base.organisationId) changes.organisationId = draft.organisationId;
  if (draft.phone !== base.phone || draft.email !== base.email) {
    changes.contact = { phone: draft.phone, email: draft.email };
  }
  return changes;
}

/** The other fields saved together with a new role, named for the confirmation. */
function otherChangeNames(changes: TChanges): string[] {
  return [
    changes.displayName !== undefined ? 'name' : null,
    changes.organisationId !== undefined ? 'organisation' : null,
    changes.contact !== undefined ? 'contact details' : null,
  ].filter((name): name is string => name !== null);
}

/**
 * Edits a person's name, role, organisation and contact details. The draft remembers the details it
 * started from: if another administrator changes them meanwhile, saving waits until the administrator
 * has looked at the new ones. A new role is confirmed first, naming what that role will see.
 */
export function AccountEditForm({ account, isSelf }: { account: TAccountListItem; isSelf: boolean }) {
  const directory = useQuery(directoryQuery);
  const command = useAdminCommand();
  const [confirming, setConfirming] = useState<{ changes: TChanges; reason: string } | null>(null);
  const [isSaved, setIsSaved] = useState(false);
  // The form's default values are the details the draft started from.
  const form = useForm<TEditAccountForm>({
    resolver: zodResolver(ZEditAccountForm),
    defaultValues: { ...valuesOf(account), reason: '' },
  });
  const { errors, isSubmitting, isDirty, defaultValues } = form.formState;
  const base = baseOf(defaultValues, account);
  const current = useMemo(() => valuesOf(account), [account]);
  const hasMoved = !sameValues(base, current);
  const adopt = useCallback((values: TEditValues) => form.reset({ ...values, reason: '' }), [form]);
  useEffect(() => {
    // Nothing typed yet: simply show the new details. With edits in progress the administrator decides.
    if (hasMoved && !isDirty) adopt(current);
  }, [hasMoved, isDirty, adopt, current]);

  const send = async (changes: TChanges, reason: string) => {
    const ack = await command.run('user:update', {
      userId: account.id,
      expectedVersion: account.version,
      changes,
      reason,
    });
    if (ack.ok) {
      adopt(valuesOf({ ...account, ...ack.data.account }));
      setConfirming(null);
      setIsSaved(true);
    } else {
      placeServerIssues(ack.error, FIELDS, (field, message, isFirst) =>
        form.setError(field, { type: 'server', message }, { shouldFocus: isFirst }),
      );
    }
  };

  const handleSubmit = form.handleSubmit(async ({ reason, ...draft }) => {
    setIsSaved(false);
    command.clearError();
    const changes = changesBetween(base, draft);
    if (Object.keys(changes).length === 0) {
      form.setError('root', { message: 'Nothing has changed yet.' });
      return;
    }
    if (changes.role !== undefined) {
      if (reason === '') {
        form.setError('reason', { message: ROLE_REASON }, { shouldFocus: true });
        return;
      }
      setConfirming({ changes, reason });
      return;
    }
    await send(changes, reason);
  });

  const reload = () => {
    adopt(current);
    command.clearError();
  };

  return (
    <section className="admin-panel" aria-labelledby="account-details-heading">
      <h3 id="account-details-heading">Details</h3>
      {hasMoved && (
        <div className="warning" role="alert">
          <p>
            Someone else changed these details while you were editing them. Load the current details (your edits are
            dropped) before saving.
          </p>
          <button type="button" onClick={reload}>
            Load the current details
          </button>
        </div>
      )}
      <form
        className="form-grid"
        noValidate
        onSubmit={(e) => void handleSubmit(e)}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
            e.preventDefault();
            void handleSubmit();
          }
        }}
      >
        <Field label="Full name" error={errors.displayName?.message}>
          {(c) => <input {...c} {...form.register('displayName')} autoComplete="off" />}
        </Field>
        <Field
          label="Role"
          error={errors.role?.message}
          hint={isSelf ? 'Another administrator must change your own role.' : 'A new role ends their sessions.'}
        >
          {(c) => (
            <select {...c} {...(isSelf ? { value: account.role, disabled: true } : form.register('role'))}>
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
              {(directory.data?.organisations ?? [{ id: account.organisationId, name: account.organisationId }]).map(
                (o) => (
                  <option key={o.id} value={o.id}>
                    {o.name}
                  </option>
                ),
              )}
            </select>
          )}
        </Field>
        <Field label="Phone" error={errors.phone?.message}>
          {(c) => <input {...c} type="tel" {...form.register('phone')} autoComplete="off" />}
        </Field>
        <Field label="Email" error={errors.email?.message}>
          {(c) => <input {...c} type="email" {...form.register('email')} autoComplete="off" />}
        </Field>
        <Field
          className="wide"
          label="Reason for the change"
          error={errors.reason?.message}
          hint="Required for a role change; kept in the administration history."
        >
          {(c) => <input {...c} {...form.register('reason')} autoComplete="off" maxLength={300} />}
        </Field>
        <div className="wide">
          {errors.root?.message && (
            <p className="field-error" role="alert">
              {errors.root.message}
            </p>
          )}
          <ProblemMessage error={confirming ? null : command.error} placed={FIELDS} />
          {isSaved && (
            <p role="status" className="saved">
              Changes saved.
            </p>
          )}
        </div>
        <div className="actions wide">
          <button type="submit" className="primary" disabled={isSubmitting || command.isSending || hasMoved}>
            {command.isSending ? 'Saving…' : 'Save changes'}
          </button>
          <button
            type="button"
            onClick={() => {
              adopt(base);
              setIsSaved(false);
              command.clearError();
            }}
          >
            Undo edits
          </button>
        </div>
      </form>
      {confirming?.changes.role && (
        <RoleChangeDialog
          account={account}
          newRole={confirming.changes.role}
          otherChanges={otherChangeNames(confirming.changes)}
          reason={confirming.reason}
          error={command.error}
          isSending={command.isSending}
          onConfirm={() => void send(confirming.changes, confirming.reason)}
          onClose={() => {
            setConfirming(null);
            command.clearError();
          }}
        />
      )}
    </section>
  );
}

/**
 * The control for the hazard "wrong role given": before a new role is sent, say plainly who gets it,
 * what they will see of case cards and what else changes for them.
 */
function RoleChangeDialog({
  account,
  newRole,
  otherChanges,
  reason,
  error,
  isSending,
  onConfirm,
  onClose,
}: {
  account: TAccountListItem;
  newRole: TRole;
  otherChanges: string[];
  reason: string;
  error: TAppError | null;
  isSending: boolean;
  onConfirm: () => void;
  onClose: () => void;
}) {
  const before = caseViewText(account.role);
  const after = caseViewText(newRole);
  const leavesCrews = account.unitCallSigns.length > 0 && !CREW_ROLES.includes(newRole);
  return (
    <Modal title={`Change role to ${ROLE_LABELS[newRole]}?`} onClose={onClose}>
      <form
        className="admin-dialog"
        onSubmit={(e) => {
          e.preventDefault();
          onConfirm();
        }}
      >
        <p>
          <strong>
            {account.displayName} ({account.username})
          </strong>{' '}
          will be <strong>{ROLE_LABELS[newRole]}</strong> instead of {ROLE_LABELS[account.role]}.
        </p>
        <dl className="facts">
          <dt>Case cards they will see</dt>
          <dd>
            <strong>{after}</strong>
            {before !== after && <span className="muted until-now">Until now: {before}</span>}
          </dd>
          <dt>What the role does</dt>
          <dd>
            <ul className="plain-list">
              {roleAbilities(newRole).map((line) => (
                <li key={line}>{line}</li>
              ))}
            </ul>
          </dd>
          {otherChanges.length > 0 && (
            <>
              <dt>Also saved</dt>
              <dd>New {otherChanges.join(', ')}</dd>
            </>
          )}
          <dt>Reason</dt>
          <dd>{reason}</dd>
        </dl>
        <p className="warning">
          Their sessions end now: they log in again and see only what the new role allows.
          {leavesCrews && ` They are also taken off the crew of ${account.unitCallSigns.join(', ')}.`}
        </p>
        <ProblemMessage error={error} />
        <div className="actions">
          <button type="button" onClick={onClose} autoFocus>
            Cancel
          </button>
          <button type="submit" className="primary" disabled={isSending}>
            {isSending ? 'Changing role…' : `Change role to ${ROLE_LABELS[newRole]}`}
          </button>
        </div>
      </form>
    </Modal>
  );
}
