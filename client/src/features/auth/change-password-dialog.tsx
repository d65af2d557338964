import { useState, type FormEvent } from 'react';
import type { TSessionState } from '@shared/schemas/user';
import { Modal } from '../../components/modal';
import { PasswordFields } from './login-steps';
import { describeError, postWithPassword } from './session-api';

/** Changing one's own password at will: the current one, then the new one twice. */
export function ChangePasswordDialog({ onClose }: { onClose: () => void }) {
  const [current, setCurrent] = useState('');
  const [password, setPassword] = useState('');
  const [again, setAgain] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [isDone, setIsDone] = useState(false);
  const [isBusy, setIsBusy] = useState(false);

  const handleSubmit = async (e: FormEvent) => {
    e.preventDefault();
    if (password !== again) {
      setError('The two new passwords are not the same');
      return;
    }
    setError(null);
    setIsBusy(true);
    try {
      await postWithPassword<TSessionState>(
        '/session/password',
        { currentPassword: current, newPassword: password },
        password,
      );
      setIsDone(true);
    } catch (err) {
      setError(describeError(err).message);
    } finally {
      setIsBusy(false);
    }
  };

  return (
    <Modal title="Change your password" onClose={onClose}>
      {isDone ? (
        <div className="stack">
          <p role="status">Your password has been changed. You stay logged in here; your other sessions have ended.</p>
          <button type="button" className="primary" onClick={onClose} autoFocus>
            Close
          </button>
        </div>
      ) : (
        <form className="stack" onSubmit={(e) => void handleSubmit(e)} noValidate>
          <label>
            Current password
            <input
              type="password"
              autoFocus
              autoComplete="current-password"
              value={current}
              onChange={(e) => setCurrent(e.target.value)}
            />
          </label>
          <PasswordFields password={password} again={again} onPassword={setPassword} onAgain={setAgain} />
          {error && (
            <p className="field-error" role="alert">
              {error}
            </p>
          )}
          <div className="actions">
            <button type="submit" className="primary" disabled={isBusy}>
              {isBusy ? 'Saving…' : 'Change password'}
            </button>
            <button type="button" onClick={onClose}>
              Cancel
            </button>
          </div>
        </form>
      )}
    </Modal>
  );
}
