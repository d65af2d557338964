import { useQuery } from '@tanstack/react-query';
import { useState, type FormEvent, type ReactNode } from 'react';
import { PASSWORD_MIN_LENGTH, type TMfaEnrolled, type TMfaEnrolment, type TSessionState } from '@shared/schemas/user';
import { api } from '../../api/http';
import { describeError, postWithPassword } from './session-api';

type TStep = Exclude<TSessionState['stage'], 'active' | 'locked'>;
type TStepState = { stage: TStep; username: string; displayName: string };

/**
 * The login steps after the password, one screen each: the code from the authenticator app, a new
 * password when the current one is temporary, and setting up the authenticator when there is none.
 */
export function LoginSteps({
  state,
  onState,
  onCancel,
}: {
  state: TStepState;
  onState: (s: TSessionState) => void;
  onCancel: () => void;
}) {
  return (
    <main className="login">
      <div className="login-card wide-card">
        <h1>Concordat</h1>
        <p className="muted">
          Logging in as <strong>{state.displayName}</strong> ({state.username})
        </p>
        {state.stage === 'mfa' && <MfaStep onState={onState} />}
        {state.stage === 'change-password' && <ChangePasswordStep onState={onState} />}
        {state.stage === 'enrol-mfa' && <EnrolStep onState={onState} />}
        <button type="button" className="link-button" onClick={onCancel}>
          Cancel and log out
        </button>
      </div>
    </main>
  );
}

/** A form with one error line and a busy submit button, as every step needs. */
function StepForm({
  title,
  onSubmit,
  submitLabel,
  error,
  isBusy,
  children,
}: {
  title: string;
  onSubmit: () => Promise<void>;
  submitLabel: string;
  error: string | null;
  isBusy: boolean;
  children: ReactNode;
}) {
  const handle = (e: FormEvent) => {
    e.preventDefault();
    void onSubmit();
  };
  return (
    <form className="stack" onSubmit={handle} noValidate aria-labelledby="step-heading">
      <h2 id="step-heading">{title}</h2>
      {children}
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
      <button type="submit" className="primary" disabled={isBusy}>
        {isBusy ? 'Checking…' : submitLabel}
      </button>
    </form>
  );
}

/** Runs a step's request, keeping its busy flag and error in words. */
function useStep() {
  const [error, setError] = useState<string | null>(null);
  const [isBusy, setIsBusy] = useState(false);
  const run = async (request: () => Promise<void>) => {
    setError(null);
    setIsBusy(true);
    try {
      await request();
    } catch (e) {
      setError(describeError(e).message);
    } finally {
      setIsBusy(false);
    }
  };
  return { error, isBusy, run };
}

function MfaStep({ onState }: { onState: (s: TSessionState) => void }) {
  const [code, setCode] = useState('');
  const [isRecovery, setIsRecovery] = useState(false);
  const step = useStep();
  return (
    <StepForm
      title="Enter your code"
      submitLabel="Continue"
      error={step.error}
      isBusy={step.isBusy}
      onSubmit={() =>
        step.run(async () => onState(await api<TSessionState>('/session/mfa', { method: 'POST', body: { code } })))
      }
    >
      <label>
        {isRecovery ? 'Recovery code' : 'Six-digit code from your authenticator app'}
        <input
          autoFocus
          value={code}
          onChange={(e) => setCode(e.target.value)}
          autoComplete="one-time-code"
          inputMode={isRecovery ? 'text' : 'numeric'}
          spellCheck={false}
        />
      </label>
      <button type="button" className="link-button" onClick={() => setIsRecovery((r) => !r)}>
        {isRecovery ? 'Use the code from my app instead' : 'Lost your phone? Use a recovery code'}
      </button>
    </StepForm>
  );
}

/** New password, typed twice; the server says why one is too easy to guess. */
function ChangePasswordStep({ onState }: { onState: (s: TSessionState) => void }) {
  const [password, setPassword] = useState('');
  const [again, setAgain] = useState('');
  const step = useStep();
  const [mismatch, setMismatch] = useState(false);
  return (
    <StepForm
      title="Choose your own password"
      submitLabel="Save password and continue"
      error={mismatch ? 'The two passwords are not the same' : step.error}
      isBusy={step.isBusy}
      onSubmit={async () => {
        setMismatch(password !== again);
        if (password !== again) return;
        await step.run(async () =>
          onState(await postWithPassword<TSessionState>('/session/password', { newPassword: password }, password)),
        );
      }}
    >
      <p className="muted">
        The password you were given is temporary. Choose one only you know: at least {PASSWORD_MIN_LENGTH} characters;
        three or four unrelated words are easy to remember and hard to guess.
      </p>
      <PasswordFields password={password} again={again} onPassword={setPassword} onAgain={setAgain} />
    </StepForm>
  );
}

/** Two password fields: the new one and the same again. */
export function PasswordFields({
  password,
  again,
  onPassword,
  onAgain,
  label = 'New password',
}: {
  password: string;
  again: string;
  onPassword: (v: string) => void;
  onAgain: (v: string) => void;
  label?: string;
}) {
  return (
    <>
      <label>
        {label}
        <input
          type="password"
          autoComplete="new-password"
          value={password}
          onChange={(e) => onPassword(e.target.value)}
          minLength={PASSWORD_MIN_LENGTH}
        />
      </label>
      <label>
        {label} again
        <input type="password" autoComplete="new-password" value={again} onChange={(e) => onAgain(e.target.value)} />
      </label>
    </>
  );
}

/** The secret in groups of four, easier to type into an app by hand. */
const grouped = (secret: string) => secret.match(/.{1,4}/g)?.join(' ') ?? secret;

function EnrolStep({ onState }: { onState: (s: TSessionState) => void }) {
  // One secret per visit: fetched once and kept, so a re-render never shows a different QR code.
  const enrolment = useQuery({
    queryKey: ['mfa-enrolment'],
    queryFn: () => api<TMfaEnrolment>('/session/mfa/enrolment', { method: 'POST' }),
    staleTime: Infinity,
    gcTime: Infinity,
    retry: false,
  });
  const [code, setCode] = useState('');
  const [enrolled, setEnrolled] = useState<TMfaEnrolled | null>(null);
  const step = useStep();

  if (enrolled) return <RecoveryCodes enrolled={enrolled} onDone={() => onState(enrolled.session)} />;
  if (enrolment.isPending) return <p>Preparing your authenticator…</p>;
  if (enrolment.isError) return <p role="alert">{describeError(enrolment.error).message}</p>;
  const { qrSvg, secret } = enrolment.data;
  return (
    <StepForm
      title="Set up your authenticator app"
      submitLabel="Confirm code"
      error={step.error}
      isBusy={step.isBusy}
      onSubmit={() =>
        step.run(async () =>
          setEnrolled(await api<TMfaEnrolled>('/session/mfa/enrolment/confirm', { method: 'POST', body: { code } })),
        )
      }
    >
      <ol className="enrol-steps">
        <li>Open an authenticator app on your phone (for example Microsoft Authenticator or Google Authenticator).</li>
        <li>Add an account and scan this code:</li>
      </ol>
      <img
        className="qr"
        src={`data:image/svg+xml;utf8,${encodeURIComponent(qrSvg)}`}
        alt="QR code to add Concordat to your authenticator app"
        width={200}
        height={200}
      />
      <p className="muted">
        Cannot scan? Type this key into the app instead:{' '}
        <code className="secret" aria-label="Key to type into the app">
          {grouped(secret)}
        </code>
      </p>
      <label>
        Six-digit code the app now shows
        <input
          value={code}
          onChange={(e) => setCode(e.target.value)}
          autoComplete="one-time-code"
          inputMode="numeric"
          spellCheck={false}
        />
      </label>
    </StepForm>
  );
}

/** Shown once: the codes that stand in for the phone if it is lost. */
function RecoveryCodes({ enrolled, onDone }: { enrolled: TMfaEnrolled; onDone: () => void }) {
  const [isKept, setIsKept] = useState(false);
  const text = enrolled.recoveryCodes.join('\n');
  const download = `data:text/plain;charset=utf-8,${encodeURIComponent(`Concordat recovery codes\n\n${text}\n`)}`;
  return (
    <section className="stack" aria-labelledby="recovery-heading">
      <h2 id="recovery-heading">Keep your recovery codes</h2>
      <p>
        If you lose your phone, each of these codes lets you log in once instead of the six-digit code. They are shown
        only now: keep them somewhere safe, away from your phone.
      </p>
      <ul className="recovery-codes" aria-label="Recovery codes">
        {enrolled.recoveryCodes.map((c) => (
          <li key={c}>
            <code>{c}</code>
          </li>
        ))}
      </ul>
      <div className="actions">
        <button type="button" onClick={() => void navigator.clipboard?.writeText(text)}>
          Copy codes
        </button>
        <a className="button-link" href={download} download="concordat-recovery-codes.txt">
          Download codes
        </a>
      </div>
      <label className="check">
        <input type="checkbox" checked={isKept} onChange={(e) => setIsKept(e.target.checked)} />I have kept these codes
        somewhere safe
      </label>
      <button type="button" className="primary" disabled={!isKept} onClick={onDone}>
        Continue to Concordat
      </button>
    </section>
  );
}
