import { useSyncExternalStore } from 'react';

/**
 * Whether this console is locked: after its idle time, or because the server said so. One store for
 * the whole page, so the API, the socket and the idle timer can all lock it and the screen behind the
 * lock is kept exactly as it was.
 */
let isLocked = false;
const listeners = new Set<() => void>();

function notify(): void {
  for (const listener of listeners) listener();
}

export function lockConsole(): void {
  if (isLocked) return;
  isLocked = true;
  notify();
}

export function unlockConsole(): void {
  if (!isLocked) return;
  isLocked = false;
  notify();
}

export function isConsoleLocked(): boolean {
  return isLocked;
}

export function subscribeToLock(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function useIsLocked(): boolean {
  return useSyncExternalStore(subscribeToLock, isConsoleLocked);
}
