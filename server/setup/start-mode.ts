/**
 * What the server does with its database at start, as a pure rule (unit-tested):
 * - the demo seeds only into an empty database, and only on a loopback address unless
 *   CONCORDAT_DEMO=true says so explicitly;
 * - the demo is never mixed with real accounts: it is refused in a database that holds any, and a
 *   demo database is not served as a real one;
 * - an empty database that is not a demo waits for its first administrator (setup mode).
 */
export type TStartMode =
  { mode: 'demo'; shouldSeed: boolean } | { mode: 'setup' } | { mode: 'live' } | { mode: 'refuse'; message: string };

export function decideStartMode(input: {
  demo: 'auto' | 'on' | 'off';
  isLoopback: boolean;
  accounts: { demo: number; real: number };
}): TStartMode {
  const { demo, isLoopback, accounts } = input;
  if (accounts.real > 0) {
    if (demo === 'on') {
      return {
        mode: 'refuse',
        message:
          'CONCORDAT_DEMO=true, but this database holds real accounts: the demo is never mixed with them. ' +
          'Unset CONCORDAT_DEMO, or point CONCORDAT_DB at another file to try the demo.',
      };
    }
    return { mode: 'live' };
  }
  if (accounts.demo > 0) {
    if (demo === 'off') {
      return {
        mode: 'refuse',
        message:
          'This database holds the demo (fictional people and places) and CONCORDAT_DEMO=false. ' +
          'For a real area, point CONCORDAT_DB at a new file: the server will start in setup mode.',
      };
    }
    if (demo === 'auto' && !isLoopback) {
      return {
        mode: 'refuse',
        message:
          'This database holds the demo, which is served only on this machine (127.0.0.1) unless ' +
          'CONCORDAT_DEMO=true is set. For a real area, point CONCORDAT_DB at a new file.',
      };
    }
    return { mode: 'demo', shouldSeed: false };
  }
  if (demo === 'on' || (demo === 'auto' && isLoopback)) return { mode: 'demo', shouldSeed: true };
  return { mode: 'setup' };
}

/** Whether the server listens only on this machine. */
export function isLoopbackHost(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127(\.\d{1,3}){3}$/.test(host);
}
