import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { TOutboxChange, TOutboxEntry } from './outbox-rules';

/**
 * What Concordat keeps on the device: only the outbox of changes not yet applied by the server
 * (hazard log, "Data stored on devices"). Everything else lives in memory and goes with the page.
 */
interface TDeviceDb extends DBSchema {
  outbox: { key: number; value: TOutboxEntry };
}

const DB_NAME = 'concordat-device';
let opening: Promise<IDBPDatabase<TDeviceDb>> | null = null;

function database(): Promise<IDBPDatabase<TDeviceDb>> {
  opening ??= openDB<TDeviceDb>(DB_NAME, 1, {
    upgrade(db) {
      db.createObjectStore('outbox', { keyPath: 'order' });
    },
  });
  return opening;
}

export async function readOutbox(): Promise<TOutboxEntry[]> {
  return (await database()).getAll('outbox');
}

/**
 * Reads the outbox, works out a change from it and writes that change, all in one transaction, so two
 * tabs on one tablet cannot interleave. Returns the outbox after the change.
 */
export async function changeOutbox(decide: (entries: TOutboxEntry[]) => TOutboxChange): Promise<TOutboxEntry[]> {
  const tx = (await database()).transaction('outbox', 'readwrite');
  const change = decide(await tx.store.getAll());
  await Promise.all([
    ...change.remove.map((order) => tx.store.delete(order)),
    ...change.put.map((e) => tx.store.put(e)),
  ]);
  const after = await tx.store.getAll();
  await tx.done;
  return after;
}

/** Logging out leaves nothing of the person's work on the device. */
export async function clearOutbox(): Promise<void> {
  await (await database()).clear('outbox');
}
