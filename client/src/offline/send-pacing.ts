import type { TAck } from '@shared/errors';

/** The pause after an answer was lost or the socket was not ready: then the outbox is sent again. */
export const RETRY_MS = 5_000;

/**
 * How long to wait before sending again after an answer that says "try again": a busy server
 * (RATE_LIMITED) says how many seconds in `retryAfterSeconds`, and the outbox waits at least that long;
 * otherwise the usual pause.
 */
export function retryDelayMs(ack: TAck<unknown> | null): number {
  if (ack && !ack.ok && ack.error.retryAfterSeconds) return Math.max(RETRY_MS, ack.error.retryAfterSeconds * 1000);
  return RETRY_MS;
}

export interface TTimers {
  now: () => number;
  setTimeout: (run: () => void, ms: number) => number;
  clearTimeout: (id: number) => void;
}

/**
 * When the outbox may send. After a server's "wait N seconds" nothing is sent before then, however often
 * the sender is woken meanwhile (a new change, a reconnect, the app starting): it runs once the wait is
 * over. One timer at a time.
 */
export function createSendPacing(timers: TTimers) {
  let notBefore = 0;
  let timer: number | null = null;
  const schedule = (run: () => void, ms: number) => {
    if (timer !== null) timers.clearTimeout(timer);
    timer = timers.setTimeout(() => {
      timer = null;
      run();
    }, ms);
  };
  return {
    /** True: send now. False: not yet; `later` runs once the wait is over. */
    mayRun(later: () => void): boolean {
      const wait = notBefore - timers.now();
      if (wait <= 0) return true;
      if (timer === null) schedule(later, wait);
      return false;
    },
    /** Nothing is sent for `ms` (or until an earlier, longer wait is over); then `later` runs. */
    pause(ms: number, later: () => void): void {
      notBefore = Math.max(notBefore, timers.now() + ms);
      schedule(later, notBefore - timers.now());
    },
    /** A pause without a server's instruction (a lost answer): a new change may cut it short. */
    retryLater(ms: number, later: () => void): void {
      schedule(later, ms);
    },
    cancel(): void {
      if (timer !== null) timers.clearTimeout(timer);
      timer = null;
    },
    /** The current timer is only a retry, not a server's wait: drop it before sending now. */
    clearRetry(): void {
      if (notBefore <= timers.now()) this.cancel();
    },
  };
}
export type TSendPacing = ReturnType<typeof createSendPacing>;
