import { useSyncExternalStore } from 'react';
import { changeOutbox, clearOutbox, readOutbox } from './device-store';
import type { TOutboxChange, TOutboxEntry } from './outbox-rules';

/**
 * The page's view of the stored outbox: every change goes to IndexedDB first and the screen shows what
 * was stored, so what you see waiting is exactly what will be sent.
 */
let entries: TOutboxEntry[] = [];
const listeners = new Set<() => void>();

function publish(next: TOutboxEntry[]): TOutboxEntry[] {
  entries = next;
  listeners.forEach((notify) => notify());
  return next;
}

export const outbox = {
  current: (): readonly TOutboxEntry[] => entries,
  load: async () => publish(await readOutbox()),
  change: async (decide: (stored: TOutboxEntry[]) => TOutboxChange) => publish(await changeOutbox(decide)),
  clear: async () => {
    await clearOutbox();
    publish([]);
  },
};

function subscribe(notify: () => void) {
  listeners.add(notify);
  return () => listeners.delete(notify);
}

export function useOutboxEntries(): readonly TOutboxEntry[] {
  return useSyncExternalStore(subscribe, outbox.current);
}
