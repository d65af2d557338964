import { zodResolver } from '@hookform/resolvers/zod';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import type { TInstanceInfo } from '@shared/schemas/account';
import { ZLoginRequest, type TLoginRequest, type TSessionState } from '@shared/schemas/user';
import { describeError, postWithPassword } from './session-api';

/** Step one of logging in: username and password. What comes next (a code, a new password) follows. */
export function LoginPage({
  notice,
  instance,
  onState,
}: {
  notice: string | null;
  instance: TInstanceInfo | undefined;
  onState: (s: TSessionState) => void;
}) {
  const [error, setError] = useState<string | null>(null);
  const form = useForm<TLoginRequest>({
    resolver: zodResolver(ZLoginRequest),
    defaultValues: { username: '', password: '' },
  });
  const { errors, isSubmitting } = form.formState;

  const handleSubmit = form.handleSubmit(async (values) => {
    setError(null);
    try {
      onState(await postWithPassword<TSessionState>('/session', values, values.password));
    } catch (e) {
      setError(describeError(e).message);
    }
  });

  return (
    <main className="login">
      <form className="login-card" onSubmit={(e) => void handleSubmit(e)} noValidate>
        <h1>Concordat</h1>
        <p className="muted">Crisis care coordination console</p>
        {instance?.mode === 'setup' && (
          <p className="notice" role="status">
            Concordat is not set up yet. Open the one-time setup link the server printed when it started.
          </p>
        )}
        {notice && (
          <p className="notice" role="status">
            {notice}
          </p>
        )}
        <label>
          Username
          <input autoFocus autoComplete="username" {...form.register('username')} aria-invalid={!!errors.username} />
        </label>
        {errors.username && <span className="field-error">{errors.username.message}</span>}
        <label>
          Password
          <input
            type="password"
            autoComplete="current-password"
            {...form.register('password')}
            aria-invalid={!!errors.password}
          />
        </label>
        {errors.password && <span className="field-error">{errors.password.message}</span>}
        {error && (
          <p className="field-error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" className="primary" disabled={isSubmitting}>
          {isSubmitting ? 'Logging in…' : 'Log in'}
        </button>
      </form>
    </main>
  );
}
