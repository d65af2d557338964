import { useState } from 'react';

/** A button that opens a one-line reason, then runs the action with it. */
export function ReasonAction({
  label,
  confirmLabel,
  placeholder,
  onConfirm,
}: {
  label: string;
  confirmLabel: string;
  placeholder: string;
  onConfirm: (reason: string) => Promise<unknown>;
}) {
  const [isOpen, setIsOpen] = useState(false);
  const [reason, setReason] = useState('');
  if (!isOpen) {
    return (
      <button type="button" className="link-button" onClick={() => setIsOpen(true)}>
        {label}
      </button>
    );
  }
  return (
    <form
      className="reason-form"
      onSubmit={(e) => {
        e.preventDefault();
        void onConfirm(reason).then((done) => {
          if (done) {
            setIsOpen(false);
            setReason('');
          }
        });
      }}
    >
      <label>
        {placeholder}
        <input value={reason} onChange={(e) => setReason(e.target.value)} required autoFocus />
      </label>
      <button type="submit" className="primary">
        {confirmLabel}
      </button>
      <button type="button" onClick={() => setIsOpen(false)}>
        Cancel
      </button>
    </form>
  );
}
