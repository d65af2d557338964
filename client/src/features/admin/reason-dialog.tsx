import { useState, type ReactNode } from 'react';
import type { TAppError } from '@shared/errors';
import { Modal } from '../../components/modal';
import { Field, ProblemMessage } from './fields';

/** The wording every required reason uses: it is read later in the administration history. */
export const REASON_REQUIRED = 'Say why (it goes in the administration history)';

/** A reason box whose error sits beside it; shared by every dialog that asks why. */
export function ReasonField({
  value,
  onChange,
  error,
  label = 'Reason',
  isRequired = true,
  autoFocus = false,
}: {
  value: string;
  onChange: (value: string) => void;
  error?: string | undefined;
  label?: string;
  isRequired?: boolean;
  autoFocus?: boolean;
}) {
  return (
    <Field
      label={label}
      hint={isRequired ? 'Required: it goes in the administration history.' : 'Kept in the administration history.'}
      error={error}
    >
      {(control) => (
        <input
          {...control}
          value={value}
          onChange={(e) => onChange(e.target.value)}
          maxLength={300}
          aria-required={isRequired}
          autoFocus={autoFocus}
          autoComplete="off"
        />
      )}
    </Field>
  );
}

/**
 * Confirms a consequential change (disable, end sessions, reset MFA) and asks why before it is sent.
 * Enter confirms from the reason box, Esc cancels. The caller closes it once the server has accepted.
 */
export function ReasonDialog({
  title,
  confirmLabel,
  sendingLabel = 'Sending…',
  isDanger = false,
  children,
  error,
  isSending,
  onConfirm,
  onClose,
}: {
  title: string;
  confirmLabel: string;
  sendingLabel?: string;
  isDanger?: boolean;
  children: ReactNode;
  error: TAppError | null;
  isSending: boolean;
  onConfirm: (reason: string) => void;
  onClose: () => void;
}) {
  const [reason, setReason] = useState('');
  const [isMissing, setIsMissing] = useState(false);
  return (
    <Modal title={title} onClose={onClose}>
      <form
        className="admin-dialog"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          if (reason.trim() === '') {
            setIsMissing(true);
            return;
          }
          onConfirm(reason.trim());
        }}
      >
        <div className="dialog-text">{children}</div>
        <ReasonField
          value={reason}
          onChange={(value) => {
            setReason(value);
            setIsMissing(false);
          }}
          error={isMissing ? REASON_REQUIRED : undefined}
          autoFocus
        />
        <ProblemMessage error={error} />
        <div className="actions">
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className={isDanger ? 'primary danger-fill' : 'primary'} disabled={isSending}>
            {isSending ? sendingLabel : confirmLabel}
          </button>
        </div>
      </form>
    </Modal>
  );
}
