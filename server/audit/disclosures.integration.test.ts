import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { TStore } from '@db/repositories';
import { createSqliteStore } from '@db/sqlite/sqlite-store';
import { createLogger } from '../logger';
import { createDisclosureLog } from './disclosures';

const AREA = 'kestrel-vale';
const person = (n: number) => ({ id: `user-${n}`, role: 'duty-manager' as const, areaId: AREA });

describe('disclosures recorded before an answer share a write when they arrive together (R-IG-AUDIT)', () => {
  let dir: string;
  let store: TStore;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'concordat-disclosures-'));
    store = createSqliteStore(join(dir, 'concordat.db'));
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('R-IG-AUDIT: twenty consoles resyncing at once are each recorded before they are answered, in two writes', async () => {
    const writes = vi.spyOn(store.accessLog, 'recordMany');
    const log = createDisclosureLog(store, () => new Date('2026-12-01T09:00:00Z'), createLogger('silent'));
    const answered = Array.from({ length: 20 }, (_, n) =>
      log.record(person(n), ['case-1', 'case-2'], 'replay', `session:s${n}`).then(async () => {
        // When a caller goes on to answer, its own entries are already in the log.
        const logged = await store.accessLog.forCase('case-1');
        return logged.some((e) => e.userId === `user-${n}`);
      }),
    );
    expect(await Promise.all(answered)).toEqual(Array.from({ length: 20 }, () => true));
    // The first caller is written at once; the nineteen that came while it was written share the next.
    expect(writes).toHaveBeenCalledTimes(2);
    expect(await store.accessLog.forCase('case-2')).toHaveLength(20);
    const chains = await store.integrity.verifyChains();
    expect(chains.find((c) => c.log === 'access_log')).toMatchObject({ rows: 40, broken: null });
    await log.close();
  });

  it('R-IG-AUDIT: when a shared write fails, every caller in it hears so, and each disclosure is written when next made', async () => {
    const log = createDisclosureLog(store, () => new Date('2026-12-01T09:00:00Z'), createLogger('silent'));
    const first = log.record(person(0), ['case-1'], 'replay', 'session:s0');
    vi.spyOn(store.accessLog, 'recordMany').mockRejectedValueOnce(new Error('disk full'));
    const together = [1, 2, 3].map((n) => log.record(person(n), ['case-1'], 'replay', `session:s${n}`));
    await first;
    for (const outcome of await Promise.allSettled(together)) expect(outcome.status).toBe('rejected');
    expect((await store.accessLog.forCase('case-1')).map((e) => e.userId)).toEqual(['user-0']);
    // Their windows were released: made again, each is recorded.
    await Promise.all([1, 2, 3].map((n) => log.record(person(n), ['case-1'], 'replay', `session:s${n}`)));
    expect(await store.accessLog.forCase('case-1')).toHaveLength(4);
    await log.close();
  });
});
