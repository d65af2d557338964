import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useRef, type RefObject } from 'react';
import type { Socket } from 'socket.io-client';
import type { TAck, TAppError } from '@shared/errors';
import type { TOutboxReplayResponse } from '@shared/protocol';
import type { TCaseList, TCaseWithTimeline } from '@shared/schemas/case';
import type { TUnit } from '@shared/schemas/unit';
import { queryKeys } from '../api/query-keys';
import type { TServiceListData } from '../api/service-cache';
import { ACK_TIMEOUT_MS, dropSilentConnection, type TClientSocket } from '../socket/connection';
import { outbox } from './outbox';
import {
  afterApplied,
  afterRefused,
  classifyAck,
  discard,
  enqueue,
  replayBatch,
  sendAgain,
  streamTarget,
  versionAfter,
  type TOutboxCommand,
  type TOutboxEntry,
  type TOutboxInput,
  type TOutboxResult,
} from './outbox-rules';
import { createSendPacing, RETRY_MS, retryDelayMs } from './send-pacing';

/** Why a run of the sender stopped before the outbox was empty, and how long a busy server said to wait. */
type TRunOutcome = { kind: 'done' } | { kind: 'stopped'; retryAfterMs: number | null };

const windowTimers = {
  now: () => Date.now(),
  setTimeout: (run: () => void, ms: number) => window.setTimeout(run, ms),
  clearTimeout: (id: number) => window.clearTimeout(id),
};

/**
 * Sends the outbox over the live socket (SPEC S-25, S-30): the waiting entries together, oldest first,
 * in one round trip, on start, on every reconnect (`sendOutbox`) and after each new change. No answer: try
 * again after a pause; the same commandId is applied once (S-4).
 */
export function useOutboxSender({
  userId,
  socketRef,
  applyResult,
  emitWithRetry,
}: {
  userId: string;
  socketRef: RefObject<TClientSocket | null>;
  /** Folds a command's result into the cache, as if it had arrived on the socket. */
  applyResult: (result: TOutboxResult) => void;
  /** The direct path, for a device that cannot store anything. */
  emitWithRetry: <T>(name: string, payload: object) => Promise<TAck<T>>;
}) {
  const queryClient = useQueryClient();
  const state = useRef({ isRunning: false, runAgain: false });
  const pacing = useRef(createSendPacing(windowTimers));

  /**
   * Sends until the outbox is empty or offline ('done'), or an answer is lost or delayed, or the server
   * is busy and says how long to wait ('stopped'). The waiting changes go together in one round trip
   * (S-30); each answer is then handled as a single command's would be, in order.
   */
  const sendWaiting = useCallback(async (): Promise<TRunOutcome> => {
    for (;;) {
      // Each entry passed its schema when it was kept; the event map cannot see that, so untyped here.
      const socket: Socket | null = socketRef.current;
      const batch = replayBatch(outbox.current(), userId);
      if (batch.length === 0 || !socket?.connected) return { kind: 'done' };
      let answer: TAck<TOutboxReplayResponse>;
      try {
        answer = (await socket.timeout(ACK_TIMEOUT_MS).emitWithAck('outbox:replay', {
          entries: batch.map((e) => ({ name: e.name, payload: e.payload, followsPrevious: e.followsPrevious })),
        })) as TAck<TOutboxReplayResponse>;
      } catch {
        // No answer at all: start a fresh connection, on which the replay is sent again (S-4: applied once).
        dropSilentConnection(socket);
        return { kind: 'stopped', retryAfterMs: null };
      }
      if (!answer.ok)
        return { kind: 'stopped', retryAfterMs: answer.error.code === 'RATE_LIMITED' ? retryDelayMs(answer) : null };
      for (const [i, entry] of batch.entries()) {
        const ack = answer.data.results[i] ?? null;
        // Not tried: an earlier change to its stream was refused, and afterRefused has held it.
        if (ack === null) continue;
        if (ack.ok) {
          applyResult(ack.data);
          const version = versionAfter(ack.data);
          await outbox.change((stored) => afterApplied(stored, entry, version));
        } else if (classifyAck(ack) === 'refused') {
          const error = ack.error;
          await outbox.change((stored) => afterRefused(stored, entry, error));
        } else {
          // RATE_LIMITED: not before the time the server gave. A signed-out socket: the usual pause.
          return { kind: 'stopped', retryAfterMs: ack.error.code === 'RATE_LIMITED' ? retryDelayMs(ack) : null };
        }
      }
    }
  }, [applyResult, socketRef, userId]);

  /** One sender at a time; anything added while it runs is picked up before it stops. */
  const sendOutbox = useCallback((): void => {
    const current = state.current;
    if (current.isRunning) {
      current.runAgain = true;
      return;
    }
    // After a busy server's "wait", nothing is sent before the time it gave; this runs again then.
    if (!pacing.current.mayRun(() => sendOutbox())) return;
    current.isRunning = true;
    pacing.current.clearRetry();
    const run = async () => {
      let outcome: TRunOutcome;
      do {
        current.runAgain = false;
        outcome = await sendWaiting();
      } while (current.runAgain && outcome.kind === 'done');
      return outcome;
    };
    run()
      .then((outcome) => {
        if (outcome.kind === 'done') return;
        if (outcome.retryAfterMs !== null) pacing.current.pause(outcome.retryAfterMs, () => sendOutbox());
        else pacing.current.retryLater(RETRY_MS, () => sendOutbox());
      })
      .catch(() => undefined)
      .finally(() => {
        current.isRunning = false;
      });
  }, [sendWaiting]);

  // What a previous page left waiting is sent as soon as the app starts (iPads have no background sync).
  useEffect(() => {
    outbox
      .load()
      .then(sendOutbox)
      .catch(() => undefined);
    const timing = pacing.current;
    return () => timing.cancel();
  }, [sendOutbox]);

  /**
   * Keeps a crew's change on the device and sends it when it can. Resolves once it is stored; the
   * server's answer comes later, and a refusal waits in the outbox for the person.
   */
  const submitToOutbox = useCallback(
    async <C extends TOutboxCommand>(name: C, payload: TOutboxInput<C>): Promise<TAppError | null> => {
      try {
        await outbox.change((stored) => enqueue(stored, { name, payload, userId, now: new Date() }));
      } catch {
        // No storage on this device (private browsing, full disk): send it now instead, and say if it failed.
        const ack = await emitWithRetry<TOutboxResult>(name, payload);
        if (!ack.ok) return ack.error;
        applyResult(ack.data);
        return null;
      }
      sendOutbox();
      return null;
    },
    [applyResult, emitWithRetry, sendOutbox, userId],
  );

  /** The version on screen now, for a change the person re-applies on top of it. */
  const currentVersion = useCallback(
    (stream: string): number | undefined => {
      const { kind, id } = streamTarget(stream);
      if (kind === 'unit') {
        return queryClient.getQueryData<{ units: TUnit[] }>(queryKeys.units())?.units.find((u) => u.id === id)?.version;
      }
      if (kind === 'service') {
        return queryClient.getQueryData<TServiceListData>(queryKeys.services.list())?.services.find((s) => s.id === id)
          ?.version;
      }
      return (
        queryClient.getQueryData<TCaseWithTimeline>(queryKeys.cases.detail(id))?.card.version ??
        queryClient.getQueryData<TCaseList>(queryKeys.cases.list())?.cases.find((c) => c.id === id)?.version
      );
    },
    [queryClient],
  );

  const decideOutboxEntry = useCallback(
    async (entry: TOutboxEntry, decision: 'send-again' | 'discard') => {
      const fresh = { commandId: crypto.randomUUID(), currentVersion: currentVersion(entry.stream), now: new Date() };
      await outbox.change((stored) => (decision === 'discard' ? discard(entry) : sendAgain(stored, entry, fresh)));
      sendOutbox();
    },
    [currentVersion, sendOutbox],
  );

  return { sendOutbox, submitToOutbox, decideOutboxEntry };
}
