import { useState, type FormEvent } from 'react';
import { ORGANISATION_KIND_LABELS, ORGANISATION_KINDS, type TOrganisationKind } from '@shared/schemas/account';
import { PASSWORD_MIN_LENGTH, type TSessionState } from '@shared/schemas/user';
import { PasswordFields } from './login-steps';
import { describeError, postWithPassword } from './session-api';

/** The one-time token from the link the server printed (`/setup#token=…`); read once, then removed. */
function takeTokenFromLink(): string {
  const match = /token=([^&]+)/.exec(window.location.hash);
  return match?.[1] ? decodeURIComponent(match[1]) : '';
}

type TField = 'areaName' | 'areaCode' | 'organisationName' | 'displayName' | 'username' | 'password';

/**
 * First run without the demo: the area, the organisation of its first administrator, and that
 * administrator, who sets up their authenticator next. Only the holder of the printed link can do it.
 */
export function SetupPage({ onState }: { onState: (s: TSessionState) => void }) {
  const [token, setToken] = useState(takeTokenFromLink);
  const [typedToken, setTypedToken] = useState('');
  const [values, setValues] = useState<Record<TField, string>>({
    areaName: '',
    areaCode: '',
    organisationName: '',
    displayName: '',
    username: '',
    password: '',
  });
  const [kind, setKind] = useState<TOrganisationKind>('nhs-trust');
  const [again, setAgain] = useState('');
  const [error, setError] = useState<{ message: string; fields: Record<string, string> } | null>(null);
  const [isBusy, setIsBusy] = useState(false);
  const set = (field: TField) => (e: { target: { value: string } }) =>
    setValues((v) => ({ ...v, [field]: e.target.value }));

  const handleSubmit = async (e: FormEvent) => {
    e.preventDefault();
    if (values.password !== again) {
      setError({ message: 'The two passwords are not the same', fields: {} });
      return;
    }
    setError(null);
    setIsBusy(true);
    try {
      const state = await postWithPassword<TSessionState>(
        '/setup',
        { token, ...values, organisationKind: kind },
        values.password,
      );
      // The token is spent: do not leave it in the address bar or the history.
      window.history.replaceState(null, '', '/');
      onState(state);
    } catch (err) {
      setError(describeError(err));
    } finally {
      setIsBusy(false);
    }
  };

  // Without the link (a server run as a service prints only where the token is): the token pasted here.
  if (!token) {
    return (
      <main className="login">
        <form
          className="login-card stack"
          onSubmit={(e) => {
            e.preventDefault();
            setToken(typedToken.trim());
          }}
        >
          <h1>Set up Concordat</h1>
          <p>
            Open the one-time setup link the server printed when it started, or paste the setup token from the file
            <code> setup-token</code> beside the database.
          </p>
          <label>
            Setup token
            <input
              value={typedToken}
              onChange={(e) => setTypedToken(e.target.value)}
              autoComplete="off"
              spellCheck={false}
              required
            />
          </label>
          <button type="submit" className="primary" disabled={typedToken.trim() === ''}>
            Continue
          </button>
        </form>
      </main>
    );
  }
  const fieldError = (name: string) =>
    error?.fields[name] ? <span className="field-error">{error.fields[name]}</span> : null;
  return (
    <main className="login">
      <form className="login-card wide-card stack" onSubmit={(e) => void handleSubmit(e)} noValidate>
        <h1>Set up Concordat</h1>
        <p className="muted">
          Create your area and the first administrator account. You will set up an authenticator app next; then you can
          add organisations, accounts, units and services.
        </p>
        <fieldset>
          <legend>Your area</legend>
          <label>
            Area name
            <input value={values.areaName} onChange={set('areaName')} autoFocus placeholder="e.g. Kestrel Vale" />
          </label>
          {fieldError('areaName')}
          <label>
            Short code
            <input value={values.areaCode} onChange={set('areaCode')} placeholder="e.g. KV" maxLength={12} />
          </label>
          {fieldError('areaCode')}
        </fieldset>
        <fieldset>
          <legend>Your organisation</legend>
          <label>
            Organisation name
            <input value={values.organisationName} onChange={set('organisationName')} />
          </label>
          {fieldError('organisationName')}
          <label>
            Kind of organisation
            <select value={kind} onChange={(e) => setKind(e.target.value as TOrganisationKind)}>
              {ORGANISATION_KINDS.map((k) => (
                <option key={k} value={k}>
                  {ORGANISATION_KIND_LABELS[k]}
                </option>
              ))}
            </select>
          </label>
        </fieldset>
        <fieldset>
          <legend>You, the first administrator</legend>
          <label>
            Your name
            <input value={values.displayName} onChange={set('displayName')} autoComplete="name" />
          </label>
          {fieldError('displayName')}
          <label>
            Username
            <input value={values.username} onChange={set('username')} autoComplete="username" />
          </label>
          {fieldError('username')}
          <p className="muted">
            Password: at least {PASSWORD_MIN_LENGTH} characters; three or four unrelated words work well.
          </p>
          <PasswordFields
            label="Password"
            password={values.password}
            again={again}
            onPassword={(v) => setValues((s) => ({ ...s, password: v }))}
            onAgain={setAgain}
          />
          {fieldError('password')}
        </fieldset>
        {error && (
          <p className="field-error" role="alert">
            {error.message}
          </p>
        )}
        <button type="submit" className="primary" disabled={isBusy}>
          {isBusy ? 'Setting up…' : 'Create the area and my account'}
        </button>
      </form>
    </main>
  );
}
