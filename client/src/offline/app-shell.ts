let isRegistered = false;

/**
 * Installs the service worker that keeps the app shell (client/service-worker.js). Called once the
 * console is live, so fetching the shell's files never competes with the first live data on a slow link.
 */
export function keepAppShell(): void {
  if (isRegistered || !import.meta.env.PROD || !('serviceWorker' in navigator)) return;
  isRegistered = true;
  navigator.serviceWorker.register('/sw.js').catch(() => undefined);
}
