import { useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import type { TSessionState } from '@shared/schemas/user';
import { ApiError } from '../../api/http';
import { unlockConsole } from './lock-state';
import { matchesRememberedPassword } from './password-verifier';
import { describeError, postWithPassword } from './session-api';

/**
 * Asks for the password after the console has been left idle. As an overlay it covers the console,
 * which stays as it was underneath (half-typed forms, the open card, changes waiting to send); as a
 * page it is what a reopened browser shows for a locked session. Without signal, the password is
 * checked against the one typed earlier on this page, and the server checks again once back.
 */
export function LockScreen({
  displayName,
  idleMinutes,
  isOverlay,
  onUnlocked,
  onLogOut,
}: {
  displayName: string;
  idleMinutes: number | null;
  isOverlay: boolean;
  onUnlocked: (state: TSessionState | null) => void;
  onLogOut: () => void;
}) {
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [isBusy, setIsBusy] = useState(false);

  const handleSubmit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    setIsBusy(true);
    try {
      const state = await postWithPassword<TSessionState>('/session/unlock', { password }, password);
      unlockConsole();
      onUnlocked(state);
    } catch (err) {
      if (!(err instanceof ApiError) && (await matchesRememberedPassword(password))) {
        unlockConsole();
        onUnlocked(null);
      } else {
        setError(describeError(err).message);
        setPassword('');
      }
    } finally {
      setIsBusy(false);
    }
  };

  const Frame = isOverlay ? LockDialog : LockPage;
  return (
    <Frame>
      <form className="login-card" onSubmit={(e) => void handleSubmit(e)} noValidate>
        <h2 id="lock-heading">Concordat is locked</h2>
        <p className="muted">
          {idleMinutes ? `Locked after ${idleMinutes} minutes without use. ` : ''}
          Enter the password of <strong>{displayName}</strong> to carry on where you left off.
        </p>
        <label>
          Password
          <input
            type="password"
            autoFocus
            autoComplete="current-password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
        </label>
        {error && (
          <p className="field-error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" className="primary" disabled={isBusy || password === ''}>
          {isBusy ? 'Checking…' : 'Unlock'}
        </button>
        <button type="button" className="link-button" onClick={onLogOut}>
          Not {displayName}? Log out
        </button>
      </form>
    </Frame>
  );
}

/**
 * Over a live console the lock is a modal dialog opened last, so it sits in the browser's top layer
 * above any dialog that was open (a half-typed new card), with an opaque backdrop; Escape cannot close it.
 */
function LockDialog({ children }: { children: ReactNode }) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    return () => dialog?.close();
  }, []);
  return (
    <dialog ref={ref} className="lock-overlay" aria-labelledby="lock-heading" onCancel={(e) => e.preventDefault()}>
      {children}
    </dialog>
  );
}

function LockPage({ children }: { children: ReactNode }) {
  return (
    <div className="login" role="dialog" aria-modal="true" aria-labelledby="lock-heading">
      {children}
    </div>
  );
}
