import { zodResolver } from '@hookform/resolvers/zod';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { ZLoginRequest, type TLoginRequest, type TSessionInfo } from '@shared/schemas/user';
import { api, ApiError } from '../../api/http';

export function LoginPage({ notice, onLoggedIn }: { notice: string | null; onLoggedIn: (s: TSessionInfo) => void }) {
  const [error, setError] = useState<string | null>(null);
  const form = useForm<TLoginRequest>({
    resolver: zodResolver(ZLoginRequest),
    defaultValues: { username: '', password: '' },
  });
  const { errors, isSubmitting } = form.formState;

  const handleSubmit = form.handleSubmit(async (values) => {
    setError(null);
    try {
      onLoggedIn(await api<TSessionInfo>('/session', { method: 'POST', body: values }));
    } catch (e) {
      setError(e instanceof ApiError ? e.message : 'Cannot reach the server');
    }
  });

  return (
    <main className="login">
      <form className="login-card" onSubmit={(e) => void handleSubmit(e)} noValidate>
        <h1>Concordat</h1>
        <p className="muted">Crisis care coordination console</p>
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
