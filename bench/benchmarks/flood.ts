import type { TAck } from '@shared/errors';
import type { TSyncResponse } from '@shared/protocol';
import type { TCaseCard, TCommandResult } from '@shared/schemas/case';
import { aBenchCard } from '../lib/case-update';
import { closeAll, login, openConsoles, type TConsoleSocket } from '../lib/consoles';
import { freePort, startServerProcess } from '../lib/processes';
import { percentile, round, sleep, type TBenchResult } from '../lib/stats';
import { tempDb } from '../lib/temp';

const CONSOLES = Number(process.env.CONCORDAT_BENCH_FLOOD_CONSOLES ?? 500);
/** Consoles per login: the socket cap's default, so 500 consoles are 63 logins. */
const PER_SESSION = 8;
const POLICE_SHARE = 0.1;
/** Each quiet console checks in with the server this often (a resync round trip). */
const ROUND_TRIP_EVERY_MS = 4_000;
const SECONDS = 16;
/** The second half of a phase: after a flooder's burst allowance is spent. */
const STEADY_FROM_S = 8;
/** The flooder keeps this many notes in flight at once: as fast as one socket can be made to go. */
const IN_FLIGHT = 32;

interface TPhase {
  p50: number;
  p99: number;
  /** p99 over the second half only (the flooder held to its sustained rate). */
  steadyP99: number;
  roundTrips: number;
  failed: number;
  floodApplied: number;
  floodRefused: number;
}

/** Round trips of every quiet console for SECONDS, optionally while one login floods notes. */
async function measurePhase(
  consoles: readonly TConsoleSocket[],
  flooder: { socket: TConsoleSocket; caseId: string } | null,
): Promise<TPhase> {
  const latencies: number[] = [];
  const steady: number[] = [];
  const started = performance.now();
  let failed = 0;
  let floodApplied = 0;
  let floodRefused = 0;
  let running = true;
  let headSeq = 0;
  for (const socket of consoles) {
    socket.on('case:changed', (m) => {
      headSeq = Math.max(headSeq, m.seq);
    });
  }
  const quiet = consoles.map(async (socket, i) => {
    // Spread the consoles over the interval so the round trips arrive evenly, not in waves.
    await sleep((i * ROUND_TRIP_EVERY_MS) / consoles.length);
    while (running) {
      const t0 = performance.now();
      try {
        const ack = (await socket
          .timeout(10_000)
          .emitWithAck('sync:since', { afterSeq: headSeq })) as TAck<TSyncResponse>;
        if (ack.ok) {
          latencies.push(performance.now() - t0);
          if (t0 - started >= STEADY_FROM_S * 1000) steady.push(performance.now() - t0);
        } else failed++;
      } catch {
        failed++;
      }
      await sleep(Math.max(0, ROUND_TRIP_EVERY_MS - (performance.now() - t0)));
    }
  });
  const flood = flooder
    ? Array.from({ length: IN_FLIGHT }, async () => {
        let n = 0;
        while (running) {
          try {
            const ack = (await flooder.socket.timeout(10_000).emitWithAck('case:add-note', {
              commandId: crypto.randomUUID(),
              caseId: flooder.caseId,
              text: `Flood ${n++}`,
              visibility: 'all-agencies',
            })) as TAck<TCommandResult>;
            if (ack.ok) floodApplied++;
            else floodRefused++;
          } catch {
            floodRefused++;
          }
        }
      })
    : [];
  await sleep(SECONDS * 1000);
  running = false;
  await Promise.all([...quiet, ...flood]);
  for (const socket of consoles) socket.off('case:changed');
  return {
    p50: round(percentile(latencies, 50)),
    p99: round(percentile(latencies, 99)),
    steadyP99: round(percentile(steady, 99)),
    roundTrips: latencies.length,
    failed,
    floodApplied,
    floodRefused,
  };
}

/**
 * One server: 500 quiet consoles measured alone, then next to one police login flooding notes. With
 * `limits` false the abuse limits are raised out of the way, to show what they change.
 */
async function measureServer(limits: boolean): Promise<{ quiet: TPhase; flood: TPhase }> {
  const limitEnv: Record<string, string> = limits
    ? {
        // The defaults of server/config.ts per session; only the per-address budget is raised, because
        // every console here comes from 127.0.0.1 (in service each control room has its own address).
        CONCORDAT_SESSION_COMMAND_BURST: '120',
        CONCORDAT_SESSION_COMMANDS_PER_SECOND: '4',
        CONCORDAT_SOCKETS_PER_SESSION: String(PER_SESSION),
        CONCORDAT_ADDRESS_COMMAND_BURST: '1000000',
        CONCORDAT_ADDRESS_COMMANDS_PER_SECOND: '1000000',
      }
    : {};
  const server = await startServerProcess('bench/servers/concordat-server.ts', {
    PORT: String(await freePort()),
    CONCORDAT_DB: tempDb(limits ? 'flood' : 'flood-unlimited'),
    CONCORDAT_DEMO: 'true',
    CONCORDAT_LOGIN_LIMIT_PER_MINUTE: '100000',
    ...limitEnv,
  });
  try {
    const sessions = Math.ceil(CONSOLES / PER_SESSION);
    const policeSessions = Math.max(1, Math.round(sessions * POLICE_SHARE));
    const cookies: string[] = [];
    for (let i = 0; i < sessions; i++) {
      cookies.push(await login(server.url, i < policeSessions ? 'police-officer' : 'duty-manager'));
    }
    const consoles = await openConsoles(server.url, (i) => cookies[Math.floor(i / PER_SESSION)] ?? '', CONSOLES);
    const operatorCookie = await login(server.url, 'operator');
    const [operator] = await openConsoles(server.url, () => operatorCookie, 1);
    // The flooder: one police login of its own, as in the review.
    const flooderCookie = await login(server.url, 'police-officer');
    const [flooder] = await openConsoles(server.url, () => flooderCookie, 1);
    if (!operator || !flooder) throw new Error('setup failed');
    const created = await operator.emitWithAck('case:create', aBenchCard('Flood Person'));
    if (!created.ok) throw new Error(created.error.message);
    const card: TCaseCard = created.data.card;
    // Warm up: one round of round trips, not measured.
    await Promise.all(consoles.map((s) => s.emitWithAck('sync:since', { afterSeq: 0 })));
    const quiet = await measurePhase(consoles, null);
    const flood = await measurePhase(consoles, { socket: flooder, caseId: card.id });
    closeAll([...consoles, operator, flooder]);
    return { quiet, flood };
  } finally {
    await server.stop();
  }
}

/**
 * Flooding (issue 12): one login sends notes as fast as it can next to 500 quiet consoles doing round
 * trips. The figure is the quiet consoles' p99 round trip during the flood against their own p99 before
 * it, with the limits at their defaults; the same without limits is reported alongside.
 */
export async function runFlood(): Promise<TBenchResult> {
  const limited = await measureServer(true);
  const unlimited = await measureServer(false);
  const ratio = round(limited.flood.p99 / limited.quiet.p99);
  return {
    name: 'flood',
    what: `p99 round trip of ${CONSOLES} quiet consoles while one login floods notes`,
    figure: limited.flood.p99,
    unit: 'ms',
    baseline: limited.quiet.p99,
    ratio,
    target: 'p99 ≤ 2× quiet p99',
    meetsTarget: ratio <= 2,
    details: {
      consoles: CONSOLES,
      quietP50: limited.quiet.p50,
      quietP99: limited.quiet.p99,
      floodP50: limited.flood.p50,
      floodP99: limited.flood.p99,
      floodSteadyP99: limited.flood.steadyP99,
      floodApplied: limited.flood.floodApplied,
      floodRefused: limited.flood.floodRefused,
      roundTrips: limited.flood.roundTrips,
      failedRoundTrips: limited.quiet.failed + limited.flood.failed,
      withoutLimitsQuietP50: unlimited.quiet.p50,
      withoutLimitsQuietP99: unlimited.quiet.p99,
      withoutLimitsFloodP50: unlimited.flood.p50,
      withoutLimitsFloodP99: unlimited.flood.p99,
      withoutLimitsFloodSteadyP99: unlimited.flood.steadyP99,
      withoutLimitsFloodApplied: unlimited.flood.floodApplied,
      withoutLimitsFailedRoundTrips: unlimited.quiet.failed + unlimited.flood.failed,
    },
  };
}
