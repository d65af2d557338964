import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { caseListQuery } from './api/queries';
import { App } from './app';
import { connectEarly } from './socket/connection';
import { applyStoredTheme } from './components/theme-toggle';
import './styles.css';

applyStoredTheme();

const queryClient = new QueryClient({
  defaultOptions: {
    // Sockets keep data fresh; refetching on focus would only add load during an incident.
    queries: { staleTime: Infinity, refetchOnWindowFocus: false, retry: 1 },
  },
});

// Ask for the queue while the session check is still in flight: one round trip fewer on a slow link.
// If nobody is logged in it simply fails, and the console asks again after login.
void queryClient.prefetchQuery({ ...caseListQuery, retry: false });
connectEarly();

const root = document.getElementById('root');
if (!root) throw new Error('No #root element');
createRoot(root).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <App />
    </QueryClientProvider>
  </StrictMode>,
);
