import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { TOutboxChange, TOutboxEntry } from './outbox-rules';

/**
 * What Concordat keeps on the device (hazard log, "Data stored on devices", H-057): the outbox of changes
 * not yet applied by the server, and on a crew's tablet the sheet of its current job, encrypted with a
 * key the page cannot export (job-sheet.ts). Everything else lives in memory and goes with the page.
 */
interface TDeviceDb extends DBSchema {
  outbox: { key: number; value: TOutboxEntry };
  /** The current job's sheet, encrypted; one record, 'current'. */
  job: { key: string; value: { id: string; iv: Uint8Array<ArrayBuffer>; data: ArrayBuffer } };
  /** The device's non-extractable AES-GCM key for the job sheet; one record, 'job'. */
  keys: { key: string; value: { id: string; key: CryptoKey } };
}

const DB_NAME = 'concordat-device';
let opening: Promise<IDBPDatabase<TDeviceDb>> | null = null;

export function database(): Promise<IDBPDatabase<TDeviceDb>> {
  opening ??= openDB<TDeviceDb>(DB_NAME, 2, {
    upgrade(db, oldVersion) {
      if (oldVersion < 1) db.createObjectStore('outbox', { keyPath: 'order' });
      if (oldVersion < 2) {
        db.createObjectStore('job', { keyPath: 'id' });
        db.createObjectStore('keys', { keyPath: 'id' });
      }
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
