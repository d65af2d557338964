import { useQuery, useQueryClient } from '@tanstack/react-query';
import { lazy, Suspense, useCallback, useState } from 'react';
import { Redirect, Route, Switch, useLocation } from 'wouter';
import type { TSessionInfo } from '@shared/schemas/user';
import { api, ApiError } from './api/http';
import { queryKeys } from './api/query-keys';
import { LoginPage } from './features/auth/login-page';
import { OfflineStart } from './offline/offline-start';
import { ConsolePage } from './features/cases/console-page';
import { discardEarlySocket } from './socket/connection';
import { SocketProvider } from './socket/socket-provider';

// The wall board and its chart library load only where they are shown.
const BoardPage = lazy(() => import('./features/capacity/board-page').then((m) => ({ default: m.BoardPage })));

async function fetchSession(): Promise<TSessionInfo | null> {
  try {
    return await api<TSessionInfo>('/session');
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return null;
    throw error;
  }
}

export function App() {
  const queryClient = useQueryClient();
  const [, navigate] = useLocation();
  const [endedMessage, setEndedMessage] = useState<string | null>(null);
  // Not retried here: without signal the offline screen shows at once and does the retrying.
  const session = useQuery({ queryKey: queryKeys.session(), queryFn: fetchSession, retry: false });
  const retrySession = useCallback(
    () => void queryClient.refetchQueries({ queryKey: queryKeys.session() }),
    [queryClient],
  );

  const handleSessionEnded = useCallback(
    (message: string) => {
      setEndedMessage(message);
      queryClient.setQueryData(queryKeys.session(), null);
      queryClient.removeQueries({ queryKey: queryKeys.cases.all() });
      navigate('/login');
    },
    [navigate, queryClient],
  );

  if (session.isPending) return <p className="centre-message">Loading Concordat…</p>;
  if (session.isError) return <OfflineStart onRetry={retrySession} />;

  const info = session.data;
  return (
    <Switch>
      <Route path="/login">
        {info ? (
          <Redirect to="/" />
        ) : (
          <LoginPage
            notice={endedMessage}
            onLoggedIn={(s) => {
              discardEarlySocket();
              setEndedMessage(null);
              queryClient.setQueryData(queryKeys.session(), s);
              navigate('/');
            }}
          />
        )}
      </Route>
      <Route>
        {info ? (
          <SocketProvider session={info} onSessionEnded={handleSessionEnded}>
            <Switch>
              <Route path="/board">
                <Suspense fallback={<p className="centre-message">Loading the board…</p>}>
                  <BoardPage areaName={info.area.name} />
                </Suspense>
              </Route>
              {info.user.role === 'board' ? (
                <Redirect to="/board" />
              ) : (
                <Route>
                  <ConsolePage session={info} onLoggedOut={() => handleSessionEnded('You have been logged out.')} />
                </Route>
              )}
            </Switch>
          </SocketProvider>
        ) : (
          <Redirect to="/login" />
        )}
      </Route>
    </Switch>
  );
}
