import { useId, useRef, useState } from 'react';
import { isMfaRequired } from '@shared/rules/account-lifecycle';
import type { TAccount } from '@shared/schemas/account';

/**
 * Copies text, falling back to selecting it in its field where the clipboard is not available, so the
 * administrator can still press Ctrl+C.
 */
async function copyText(text: string, field: HTMLInputElement | null): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    field?.select();
    return false;
  }
}

/**
 * A temporary password, shown this once: the server keeps only its hash. Prominent, copyable, and with
 * what happens next, so the administrator can pass it on and the person knows what to expect.
 */
export function TemporaryPasswordPanel({
  account,
  password,
}: {
  account: Pick<TAccount, 'displayName' | 'username' | 'role' | 'isDemo'>;
  password: string;
}) {
  const id = useId();
  const field = useRef<HTMLInputElement>(null);
  const [copied, setCopied] = useState<'yes' | 'select' | null>(null);
  return (
    <div className="one-time" role="group" aria-labelledby={`${id}-heading`}>
      <h3 id={`${id}-heading`}>
        Temporary password for {account.displayName} ({account.username})
      </h3>
      <label htmlFor={id}>One-time temporary password</label>
      <div className="one-time-row">
        <input
          id={id}
          ref={field}
          className="one-time-password"
          value={password}
          readOnly
          spellCheck={false}
          autoComplete="off"
          onFocus={(e) => e.currentTarget.select()}
        />
        <button
          type="button"
          className="primary"
          onClick={() => void copyText(password, field.current).then((ok) => setCopied(ok ? 'yes' : 'select'))}
        >
          Copy password
        </button>
      </div>
      <p role="status" className="muted">
        {copied === 'yes' && 'Copied.'}
        {copied === 'select' && 'Copying is blocked here: the password is selected, press Ctrl+C.'}
      </p>
      <p className="warning">
        <strong>This is the only time it is shown.</strong> Give it to {account.displayName} by a secure route (in
        person or by phone, not by email).
      </p>
      <ul className="next-steps">
        <li>They must change it the first time they log in.</li>
        {isMfaRequired(account) ? (
          <li>They then set up an authenticator app (MFA) on their phone before they can use Concordat.</li>
        ) : (
          <li>{account.isDemo ? 'Demo accounts' : 'The display-only board'} need no authenticator app (MFA).</li>
        )}
      </ul>
    </div>
  );
}
