import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';

const HAS_TASKSET = spawnSync('sh', ['-c', 'command -v taskset'], { stdio: 'ignore' }).status === 0;

/** A free TCP port on 127.0.0.1 (so a restarted server can come back on the same one). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

export interface TServerProcess {
  child: ChildProcess;
  port: number;
  url: string;
  /** Heap used after a forced GC, in bytes, as the server itself reports it. */
  heapUsed(): Promise<number>;
  /** Graceful stop (profiles are written on a graceful exit). */
  stop(): Promise<void>;
  /** kill -9: no chance to flush anything that was not already durable. */
  kill9(): Promise<void>;
}

/** A TypeScript script in its own Node process with an IPC channel, pinned to one core (0 unless told) where `taskset` exists. */
function spawnPinned(script: string, env: Record<string, string>, cpuProfileDir?: string, core = 0): ChildProcess {
  const nodeArgs = [
    '--expose-gc',
    ...(cpuProfileDir ? ['--cpu-prof', `--cpu-prof-dir=${cpuProfileDir}`] : []),
    '--import',
    'tsx',
    script,
  ];
  const [command, args] = HAS_TASKSET
    ? ['taskset', ['-c', String(core), process.execPath, ...nodeArgs]]
    : [process.execPath, nodeArgs];
  return spawn(command, args, { stdio: ['ignore', 'inherit', 'inherit', 'ipc'], env: { ...process.env, ...env } });
}

/**
 * Starts a TypeScript server script in its own Node process, pinned to core 0 where `taskset` exists,
 * with an IPC channel: the script sends {type:'ready', port} and answers 'heap'.
 */
export async function startServerProcess(
  script: string,
  env: Record<string, string>,
  options: { cpuProfileDir?: string; core?: number } = {},
): Promise<TServerProcess> {
  const child = spawnPinned(script, { LOG_LEVEL: 'silent', ...env }, options.cpuProfileDir, options.core);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${script} did not start`)), 30_000);
    child.once('exit', (code) => reject(new Error(`${script} exited early (${code})`)));
    child.on('message', (m: { type?: string; port?: number }) => {
      if (m.type === 'ready' && m.port) {
        clearTimeout(timer);
        resolve(m.port);
      }
    });
  });
  return {
    child,
    port,
    url: `http://127.0.0.1:${port}`,
    heapUsed: () =>
      new Promise((resolve) => {
        const onMessage = (m: { type?: string; heapUsed?: number }) => {
          if (m.type !== 'heap') return;
          child.off('message', onMessage);
          resolve(m.heapUsed ?? 0);
        };
        child.on('message', onMessage);
        child.send('heap');
      }),
    stop: async () => {
      if (child.exitCode === null) child.send('exit');
      await exited;
    },
    kill9: async () => {
      child.kill('SIGKILL');
      await exited;
    },
  };
}

/** Used by server scripts: report readiness and answer heap and exit requests from the harness. */
export function serveHarness(port: number, onExit: () => Promise<void>): void {
  process.send?.({ type: 'ready', port });
  process.on('message', (message) => {
    if (message === 'heap') {
      (globalThis as { gc?: () => void }).gc?.();
      process.send?.({ type: 'heap', heapUsed: process.memoryUsage().heapUsed });
    }
    if (message === 'exit') void onExit().then(() => process.exit(0));
  });
}

/** Runs a measurement script in its own pinned process and returns the result it sends back. */
export async function runWorker<T>(
  script: string,
  env: Record<string, string> = {},
  options: { cpuProfileDir?: string } = {},
): Promise<T> {
  const child = spawnPinned(script, env, options.cpuProfileDir);
  let result: T | undefined;
  child.on('message', (m: { type?: string; result?: T }) => {
    if (m.type === 'result') result = m.result;
  });
  // Wait for exit, not just the result, so a CPU profile is written before it is read.
  return new Promise<T>((resolve, reject) => {
    child.once('exit', (code) =>
      code === 0 && result !== undefined ? resolve(result) : reject(new Error(`${script} exited with ${code}`)),
    );
  });
}
