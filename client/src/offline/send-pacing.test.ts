import { describe, expect, it } from 'vitest';
import { createSendPacing, RETRY_MS, retryDelayMs, type TTimers } from './send-pacing';

/** Timers on a clock the test moves by hand. */
function manualTimers() {
  let now = 0;
  let nextId = 1;
  const pending = new Map<number, { at: number; run: () => void }>();
  const timers: TTimers = {
    now: () => now,
    setTimeout: (run, ms) => {
      const id = nextId++;
      pending.set(id, { at: now + ms, run });
      return id;
    },
    clearTimeout: (id) => pending.delete(id),
  };
  return {
    timers,
    /** Moves the clock on, running each timer that falls due on the way. */
    advance(ms: number) {
      const until = now + ms;
      for (;;) {
        const due = [...pending.entries()].filter(([, t]) => t.at <= until).sort((a, b) => a[1].at - b[1].at)[0];
        if (!due) break;
        pending.delete(due[0]);
        now = due[1].at;
        due[1].run();
      }
      now = until;
    },
    get now() {
      return now;
    },
  };
}

const RATE_LIMITED = (seconds: number) => ({
  ok: false as const,
  error: { code: 'RATE_LIMITED' as const, message: 'Slow down', retryAfterSeconds: seconds },
});

describe('the outbox honours a busy server’s retry-after (S-25, H-051)', () => {
  it('H-051: waits at least the seconds the server gave, and the usual pause when it gave none', () => {
    expect(retryDelayMs(RATE_LIMITED(30))).toBe(30_000);
    expect(retryDelayMs(RATE_LIMITED(1))).toBe(RETRY_MS);
    expect(retryDelayMs({ ok: false, error: { code: 'RATE_LIMITED', message: 'Slow down' } })).toBe(RETRY_MS);
    expect(retryDelayMs(null)).toBe(RETRY_MS);
  });

  it('H-051: after a RATE_LIMITED answer nothing is sent before the wait is over, however often the sender is woken', () => {
    const clock = manualTimers();
    const pacing = createSendPacing(clock.timers);
    const sentAt: number[] = [];
    const send = () => {
      if (pacing.mayRun(send)) sentAt.push(clock.now);
    };
    send();
    expect(sentAt).toEqual([0]);
    // The server said: wait 30 s.
    pacing.pause(retryDelayMs(RATE_LIMITED(30)), send);
    // A new change, a reconnect and the app starting again all try to send meanwhile.
    clock.advance(1_000);
    send();
    clock.advance(10_000);
    send();
    send();
    clock.advance(18_999);
    expect(sentAt).toEqual([0]);
    clock.advance(1);
    // Sent once, at 30 s after the refusal (not once per wake-up).
    expect(sentAt).toEqual([0, 30_000]);
    clock.advance(60_000);
    expect(sentAt).toEqual([0, 30_000]);
  });

  it('a lost answer is retried after the usual pause, and a new change may send at once without waiting for it', () => {
    const clock = manualTimers();
    const pacing = createSendPacing(clock.timers);
    const sentAt: number[] = [];
    const send = () => {
      if (pacing.mayRun(send)) {
        pacing.clearRetry();
        sentAt.push(clock.now);
      }
    };
    pacing.retryLater(RETRY_MS, send);
    clock.advance(1_000);
    send();
    expect(sentAt).toEqual([1_000]);
    clock.advance(RETRY_MS * 2);
    expect(sentAt).toEqual([1_000]);
  });

  it('a second, longer wait extends the first; a shorter one never shortens it', () => {
    const clock = manualTimers();
    const pacing = createSendPacing(clock.timers);
    const sentAt: number[] = [];
    const send = () => {
      if (pacing.mayRun(send)) sentAt.push(clock.now);
    };
    pacing.pause(20_000, send);
    clock.advance(1_000);
    pacing.pause(5_000, send);
    clock.advance(15_000);
    expect(sentAt).toEqual([]);
    clock.advance(4_000);
    expect(sentAt).toEqual([20_000]);
  });
});
