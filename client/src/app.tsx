import { useQuery, useQueryClient } from '@tanstack/react-query';
import { lazy, Suspense, useCallback, useState } from 'react';
import { Redirect, Route, Switch, useLocation } from 'wouter';
import type { TInstanceInfo } from '@shared/schemas/account';
import type { TSessionInfo, TSessionState } from '@shared/schemas/user';
import { api } from './api/http';
import { queryKeys } from './api/query-keys';
import { DemoBand } from './components/demo-band';
import { IdleWatcher } from './features/auth/idle-watcher';
import { unlockConsole, useIsLocked } from './features/auth/lock-state';
import { LockScreen } from './features/auth/lock-screen';
import { LoginPage } from './features/auth/login-page';
import { forgetPassword } from './features/auth/password-verifier';
import { fetchSession } from './features/auth/session-api';
import { eraseJobSheet } from './offline/job-sheet';
import { OfflineStart } from './offline/offline-start';
import { outbox } from './offline/outbox';
import { ConsolePage } from './features/cases/console-page';
import { discardEarlySocket } from './socket/connection';
import { SocketProvider } from './socket/socket-provider';

// The wall board and its chart library load only where they are shown; so do the login steps and the
// first-run setup, which most page loads never need.
const BoardPage = lazy(() => import('./features/capacity/board-page').then((m) => ({ default: m.BoardPage })));
const LoginSteps = lazy(() => import('./features/auth/login-steps').then((m) => ({ default: m.LoginSteps })));
const SetupPage = lazy(() => import('./features/auth/setup-page').then((m) => ({ default: m.SetupPage })));
const LOADING = <p className="centre-message">Loading Concordat…</p>;

const instanceQuery = {
  queryKey: ['instance'] as const,
  queryFn: () => api<TInstanceInfo>('/instance'),
  retry: false,
  staleTime: 60_000,
};

/**
 * The whole page: before login (the setup screen on first run, the login page), the login steps
 * (second factor, new password, authenticator), the lock screen, and the live console. Every screen
 * of a demo carries the demo band.
 */
export function App() {
  const queryClient = useQueryClient();
  const [, navigate] = useLocation();
  const [endedMessage, setEndedMessage] = useState<string | null>(null);
  // Not retried here: without signal the offline screen shows at once and does the retrying.
  const session = useQuery({ queryKey: queryKeys.session(), queryFn: fetchSession, retry: false });
  const instance = useQuery(instanceQuery);
  const isLocked = useIsLocked();
  // A check still under way is left to finish (on a slow link a retry must not cancel the one about to answer).
  const retrySession = useCallback(
    () => void queryClient.refetchQueries({ queryKey: queryKeys.session() }, { cancelRefetch: false }),
    [queryClient],
  );

  const setState = useCallback(
    (state: TSessionState | null) => {
      if (state?.stage === 'active') {
        discardEarlySocket();
        setEndedMessage(null);
      }
      queryClient.setQueryData(queryKeys.session(), state);
    },
    [queryClient],
  );

  const handleSessionEnded = useCallback(
    (message: string) => {
      // Nothing of a job stays on the device once the session has ended (hazard log H-057).
      void eraseJobSheet().catch(() => undefined);
      setEndedMessage(message);
      forgetPassword();
      unlockConsole();
      queryClient.setQueryData(queryKeys.session(), null);
      queryClient.removeQueries({ queryKey: queryKeys.cases.all() });
      queryClient.removeQueries({ queryKey: queryKeys.admin.all() });
      queryClient.removeQueries({ queryKey: queryKeys.audit.all() });
      navigate('/login');
    },
    [navigate, queryClient],
  );

  const logOut = useCallback(async () => {
    await outbox.clear().catch(() => undefined);
    await api('/session', { method: 'DELETE' }).catch(() => undefined);
    handleSessionEnded('You have been logged out.');
  }, [handleSessionEnded]);

  if (session.isPending) return <p className="centre-message">Loading Concordat…</p>;
  if (session.isError) return <OfflineStart onRetry={retrySession} />;

  const state = session.data;
  const isDemo = state?.stage === 'active' ? state.area.isDemo : instance.data?.mode === 'demo';
  return (
    <>
      {isDemo && <DemoBand />}
      <Switch>
        <Route path="/setup">
          {instance.isPending && !state ? (
            <p className="centre-message">Loading Concordat…</p>
          ) : instance.data?.mode === 'setup' && !state ? (
            <Suspense fallback={LOADING}>
              <SetupPage onState={setState} />
            </Suspense>
          ) : (
            <Redirect to="/" />
          )}
        </Route>
        <Route path="/login">
          {state ? (
            <Redirect to="/" />
          ) : (
            <LoginPage notice={endedMessage} instance={instance.data} onState={(s) => setState(s)} />
          )}
        </Route>
        <Route>
          {!state ? (
            <Redirect to="/login" />
          ) : state.stage === 'locked' ? (
            <LockScreen
              displayName={state.displayName}
              idleMinutes={null}
              isOverlay={false}
              onUnlocked={(next) => (next ? setState(next) : retrySession())}
              onLogOut={() => void logOut()}
            />
          ) : state.stage !== 'active' ? (
            <Suspense fallback={LOADING}>
              <LoginSteps state={{ ...state, stage: state.stage }} onState={setState} onCancel={() => void logOut()} />
            </Suspense>
          ) : (
            <LiveConsole
              session={state}
              isLocked={isLocked}
              onSessionEnded={handleSessionEnded}
              onLogOut={logOut}
              onState={setState}
            />
          )}
        </Route>
      </Switch>
    </>
  );
}

/**
 * A logged-in console. When it locks, it stays mounted underneath (inert, hidden behind the lock) so
 * nothing on it is lost; the idle watcher locks it after the role's idle time.
 */
function LiveConsole({
  session,
  isLocked,
  onSessionEnded,
  onLogOut,
  onState,
}: {
  session: TSessionInfo;
  isLocked: boolean;
  onSessionEnded: (message: string) => void;
  onLogOut: () => Promise<void>;
  onState: (s: TSessionState | null) => void;
}) {
  return (
    <SocketProvider session={session} onSessionEnded={onSessionEnded}>
      <IdleWatcher minutes={session.idleLockMinutes} />
      <div className="live" inert={isLocked} aria-hidden={isLocked || undefined}>
        <Switch>
          <Route path="/board">
            <Suspense fallback={<p className="centre-message">Loading the board…</p>}>
              <BoardPage areaName={session.area.name} mapSource={session.map} />
            </Suspense>
          </Route>
          {session.user.role === 'board' ? (
            <Redirect to="/board" />
          ) : (
            <Route>
              <ConsolePage session={session} onLoggedOut={() => onSessionEnded('You have been logged out.')} />
            </Route>
          )}
        </Switch>
      </div>
      {isLocked && (
        <LockScreen
          displayName={session.user.displayName}
          idleMinutes={session.idleLockMinutes}
          isOverlay
          onUnlocked={(next) => next && onState(next)}
          onLogOut={() => void onLogOut()}
        />
      )}
    </SocketProvider>
  );
}
