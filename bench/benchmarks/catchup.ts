import Database from 'better-sqlite3';
import type { TCaseCard } from '@shared/schemas/case';
import { login, openConsole } from '../lib/consoles';
import { freePort, startServerProcess } from '../lib/processes';
import { percentile, round, type TBenchResult } from '../lib/stats';
import { tempDb } from '../lib/temp';

const MISSED = 100;
const TRIALS = 30;

/**
 * A console misses 100 changes, then reconnects and asks for them. "Complete" is from starting the
 * reconnection to holding every missed change. The changes are made back to back: how long ago they
 * happened does not change the query, only how many there are.
 */
export async function runCatchup(): Promise<TBenchResult> {
  const dbPath = tempDb('catchup');
  const server = await startServerProcess('bench/servers/concordat-server.ts', {
    PORT: String(await freePort()),
    CONCORDAT_DB: dbPath,
    CONCORDAT_DEMO: 'true',
    CONCORDAT_LOGIN_LIMIT_PER_MINUTE: '100000',
  });
  try {
    const managerCookie = await login(server.url, 'duty-manager');
    const operator = await openConsole(server.url, await login(server.url, 'operator'));
    const list = (await (await fetch(`${server.url}/api/v1/cases`, { headers: { cookie: managerCookie } })).json()) as {
      cases: TCaseCard[];
      headSeq: number;
    };
    const afterSeq = list.headSeq;
    for (let i = 0; i < MISSED; i++) {
      const card = list.cases[i % list.cases.length];
      if (!card) throw new Error('no demo cards');
      const ack = await operator.emitWithAck('case:add-note', {
        commandId: crypto.randomUUID(),
        caseId: card.id,
        text: `missed ${i}`,
        visibility: 'clinical',
      });
      if (!ack.ok) throw new Error(ack.error.message);
    }
    operator.disconnect();

    const complete: number[] = [];
    const syncOnly: number[] = [];
    for (let t = 0; t < TRIALS; t++) {
      const start = performance.now();
      const socket = await openConsole(server.url, managerCookie);
      const syncStart = performance.now();
      const res = await socket.emitWithAck('sync:since', { afterSeq });
      const end = performance.now();
      if (!res.ok || !res.data.isComplete || res.data.entries.length !== MISSED) throw new Error('incomplete catch-up');
      complete.push(end - start);
      syncOnly.push(end - syncStart);
      socket.disconnect();
    }

    const db = new Database(dbPath, { readonly: true });
    const delta = db.prepare('SELECT * FROM events WHERE area_id = ? AND seq > ? ORDER BY seq LIMIT ?');
    const baseline: number[] = [];
    for (let t = 0; t < TRIALS; t++) {
      const start = performance.now();
      const rows = delta.all('kestrel-vale', afterSeq, 501);
      baseline.push(performance.now() - start);
      if (rows.length !== MISSED) throw new Error('baseline saw a different delta');
    }
    db.close();

    const p95 = percentile(complete, 95);
    const b95 = percentile(baseline, 95);
    return {
      name: 'catchup',
      what: `a console misses ${MISSED} changes, reconnects and asks for them`,
      figure: round(p95),
      unit: 'ms p95',
      baseline: round(b95, 3),
      ratio: round(p95 / b95),
      target: 'complete ≤ 300 ms p95; ≤ 1.5× baseline',
      meetsTarget: p95 <= 300 && p95 / b95 <= 1.5,
      details: {
        syncRoundTripP95Ms: round(percentile(syncOnly, 95)),
        reconnectP95Ms: round(p95 - percentile(syncOnly, 95)),
      },
    };
  } finally {
    await server.stop();
  }
}
