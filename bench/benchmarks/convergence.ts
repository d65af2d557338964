import { createHash } from 'node:crypto';
import type { TCaseCard, TCaseList } from '@shared/schemas/case';
import { login, openConsoles, type TConsoleSocket } from '../lib/consoles';
import { freePort, startServerProcess } from '../lib/processes';
import { round, sleep, type TBenchResult } from '../lib/stats';
import { tempDb } from '../lib/temp';

const CONSOLES = 200;
const SECONDS = 20;
const WRITES_PER_SECOND = 20;

/** What a console holds: card versions by id and the last sequence applied, as the real client keeps. */
interface TConsoleState {
  socket: TConsoleSocket;
  versions: Map<string, number>;
  lastSeq: number;
  drops: number;
}

function checksum(versions: Map<string, number>): string {
  const lines = [...versions.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([id, v]) => `${id}:${v}`);
  return createHash('sha256').update(lines.join('\n')).digest('hex');
}

function apply(state: TConsoleState, card: TCaseCard, seq: number): void {
  if ((state.versions.get(card.id) ?? 0) < card.version) state.versions.set(card.id, card.version);
  state.lastSeq = Math.max(state.lastSeq, seq);
}

/**
 * 200 consoles whose connections drop every few seconds for a couple of seconds while changes flow.
 * At the end every console's state must equal the server's (checksums of card id:version).
 */
export async function runConvergence(): Promise<TBenchResult> {
  const server = await startServerProcess('bench/servers/concordat-server.ts', {
    PORT: String(await freePort()),
    CONCORDAT_DB: tempDb('convergence'),
    CONCORDAT_DEMO: 'true',
    CONCORDAT_LOGIN_LIMIT_PER_MINUTE: '100000',
  });
  try {
    const [managerCookie, policeCookie, operatorCookie] = await Promise.all(
      ['duty-manager', 'police-officer', 'operator'].map((u) => login(server.url, u)),
    );
    const fetchList = async () =>
      (await (
        await fetch(`${server.url}/api/v1/cases`, { headers: { cookie: managerCookie ?? '' } })
      ).json()) as TCaseList;
    const start = await fetchList();
    const sockets = await openConsoles(
      server.url,
      (i) => (i % 10 === 0 ? policeCookie : managerCookie) ?? '',
      CONSOLES,
    );
    const states: TConsoleState[] = sockets.map((socket) => {
      const state: TConsoleState = {
        socket,
        versions: new Map(start.cases.map((c) => [c.id, c.version])),
        lastSeq: start.headSeq,
        drops: 0,
      };
      socket.on('case:changed', (m) => apply(state, m.card, m.seq));
      socket.on('connect', () => {
        void socket.emitWithAck('sync:since', { afterSeq: state.lastSeq }).then((res) => {
          if (!res.ok || !res.data.isComplete) return;
          for (const card of res.data.cards) apply(state, card, 0);
          state.lastSeq = Math.max(state.lastSeq, res.data.headSeq);
        });
      });
      return state;
    });

    // Each console drops every 2–5 s and stays away 1–2.5 s; the real client resyncs on reconnect.
    let isRunning = true;
    const dropper = async (state: TConsoleState) => {
      while (isRunning) {
        await sleep(2000 + Math.random() * 3000);
        if (!isRunning) break;
        state.socket.disconnect();
        state.drops++;
        await sleep(1000 + Math.random() * 1500);
        state.socket.connect();
      }
    };
    const droppers = states.map(dropper);

    const [writer] = await openConsoles(server.url, () => operatorCookie ?? '', 1);
    if (!writer) throw new Error('no writer');
    const versions = new Map(start.cases.map((c) => [c.id, c.version]));
    const ids = [...versions.keys()];
    let writes = 0;
    const end = performance.now() + SECONDS * 1000;
    while (performance.now() < end) {
      const id = ids[writes % ids.length] ?? '';
      const ack = await writer.emitWithAck('case:add-note', {
        commandId: crypto.randomUUID(),
        caseId: id,
        text: `convergence ${writes}`,
        visibility: 'all-agencies',
      });
      if (ack.ok) writes++;
      await sleep(1000 / WRITES_PER_SECOND);
    }
    isRunning = false;
    await Promise.all(droppers);
    for (const s of states) if (!s.socket.connected) s.socket.connect();

    const truth = await fetchList();
    const expected = checksum(new Map(truth.cases.map((c) => [c.id, c.version])));
    const deadline = performance.now() + 10_000;
    const converged = () => states.filter((s) => checksum(s.versions) === expected).length;
    while (converged() < CONSOLES && performance.now() < deadline) await sleep(100);
    const count = converged();
    writer.disconnect();
    for (const s of states) s.socket.disconnect();
    return {
      name: 'convergence',
      what: `${CONSOLES} consoles dropped every 2–5 s for 1–2.5 s while ${WRITES_PER_SECOND} changes/s flow for ${SECONDS} s`,
      figure: round((100 * count) / CONSOLES, 1),
      unit: '% converged',
      baseline: null,
      ratio: null,
      target: '100% of consoles equal the server (checksums)',
      meetsTarget: count === CONSOLES,
      details: { writes, drops: states.reduce((n, s) => n + s.drops, 0) },
    };
  } finally {
    await server.stop();
  }
}
