import Database from 'better-sqlite3';
import type { TCaseCreateRequest } from '@shared/schemas/case';
import { aDrillCard } from './case-update';
import { login, openConsole } from './consoles';
import { freePort, startServerProcess, type TServerProcess } from './processes';
import { sleep } from './stats';
import { tempDb } from './temp';

const IN_FLIGHT = 4;
const INVALID_EVERY = 5;

export interface TDrillReport {
  iterations: number;
  acknowledged: number;
  rejected: number;
  unacknowledgedAtKill: number;
  retried: number;
  /** Each entry is a broken promise: an acked command missing or doubled, a rejected one stored. */
  violations: string[];
}

/** Every fifth command is invalid, so the drill also proves rejected commands leave no trace. */
const aCommand = (i: number): TCaseCreateRequest => aDrillCard(i % INVALID_EVERY === 0 ? '' : `drill ${i}`);

/**
 * Writer streams commands, keeping a few in flight; the server is killed with SIGKILL at a random
 * moment and restarted on the same file. Afterwards every acknowledged command is stored exactly once,
 * no rejected one is stored, and (with `retryUnacknowledged`) a retry with the same commandId of every
 * command whose fate was unknown leaves each stored exactly once.
 */
export async function runDurabilityDrill(options: {
  iterations: number;
  retryUnacknowledged: boolean;
  onIteration?: (i: number) => void;
}): Promise<TDrillReport> {
  const dbPath = tempDb('durability');
  const port = await freePort();
  const env = {
    PORT: String(port),
    CONCORDAT_DB: dbPath,
    CONCORDAT_DEMO: 'true',
    CONCORDAT_LOGIN_LIMIT_PER_MINUTE: '100000',
  };
  let server: TServerProcess = await startServerProcess('bench/servers/concordat-server.ts', env);
  const cookie = await login(server.url, 'operator');
  const report: TDrillReport = {
    iterations: 0,
    acknowledged: 0,
    rejected: 0,
    unacknowledgedAtKill: 0,
    retried: 0,
    violations: [],
  };
  let n = 0;

  for (let iteration = 0; iteration < options.iterations; iteration++) {
    const acked = new Set<string>();
    const rejected = new Set<string>();
    const pending = new Map<string, TCaseCreateRequest>();
    const socket = await openConsole(server.url, cookie);
    let isKilled = false;

    const writer = async () => {
      while (!isKilled) {
        const command = aCommand(n++);
        pending.set(command.commandId, command);
        try {
          const ack = await socket.emitWithAck('case:create', command);
          pending.delete(command.commandId);
          (ack.ok ? acked : rejected).add(command.commandId);
        } catch {
          return; // the connection died with the server: this command's fate is unknown
        }
      }
    };
    const writers = Array.from({ length: IN_FLIGHT }, writer);
    await sleep(20 + Math.random() * 280);
    isKilled = true;
    await server.kill9();
    await Promise.allSettled(writers);
    socket.disconnect();
    report.unacknowledgedAtKill += pending.size;

    server = await startServerProcess('bench/servers/concordat-server.ts', env);
    if (options.retryUnacknowledged && pending.size > 0) {
      const retrier = await openConsole(server.url, cookie);
      for (const [commandId, command] of pending) {
        const ack = await retrier.emitWithAck('case:create', command);
        (ack.ok ? acked : rejected).add(commandId);
        pending.delete(commandId);
        report.retried++;
      }
      retrier.disconnect();
    }

    const db = new Database(dbPath, { readonly: true });
    const count = db.prepare<[string], { n: number }>('SELECT COUNT(*) AS n FROM events WHERE command_id = ?');
    const stored = (id: string) => count.get(id)?.n ?? 0;
    for (const id of acked)
      if (stored(id) !== 1) report.violations.push(`iteration ${iteration}: acknowledged ${id} stored ${stored(id)}×`);
    for (const id of rejected)
      if (stored(id) !== 0) report.violations.push(`iteration ${iteration}: rejected ${id} stored ${stored(id)}×`);
    for (const id of pending.keys())
      if (stored(id) > 1) report.violations.push(`iteration ${iteration}: unacknowledged ${id} stored ${stored(id)}×`);
    db.close();

    report.iterations++;
    report.acknowledged += acked.size;
    report.rejected += rejected.size;
    options.onIteration?.(iteration);
  }
  await server.stop();
  return report;
}
