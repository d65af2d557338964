import { useState, type FormEvent } from 'react';
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
  // Two fields: plain state and the shared schema, so the first screen loads no form library.
  const [values, setValues] = useState<TLoginRequest>({ username: '', password: '' });
  const [errors, setErrors] = useState<Partial<Record<keyof TLoginRequest, string>>>({});
  const [isSubmitting, setIsSubmitting] = useState(false);

  const handleSubmit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    const parsed = ZLoginRequest.safeParse(values);
    if (!parsed.success) {
      const issues = parsed.error.issues;
      const first = (field: keyof TLoginRequest) => issues.find((i) => i.path[0] === field)?.message;
      setErrors({ username: first('username'), password: first('password') });
      return;
    }
    setErrors({});
    setIsSubmitting(true);
    try {
      onState(await postWithPassword<TSessionState>('/session', parsed.data, parsed.data.password));
    } catch (e) {
      setError(describeError(e).message);
    } finally {
      setIsSubmitting(false);
    }
  };
  const field = (name: keyof TLoginRequest) => ({
    name,
    value: values[name],
    onChange: (e: { target: { value: string } }) => setValues((v) => ({ ...v, [name]: e.target.value })),
    'aria-invalid': Boolean(errors[name]),
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
          <input autoFocus autoComplete="username" {...field('username')} />
        </label>
        {errors.username && <span className="field-error">{errors.username}</span>}
        <label>
          Password
          <input type="password" autoComplete="current-password" {...field('password')} />
        </label>
        {errors.password && <span className="field-error">{errors.password}</span>}
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
