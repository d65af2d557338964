import { hashKey, useQueryClient, type QueryCacheNotifyEvent, type QueryClient } from '@tanstack/react-query';
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import type { Socket } from 'socket.io-client';
import type { TAck, TAppError } from '@shared/errors';
import type {
  TCommandPayload,
  THandshake,
  TServiceCommand,
  TServiceCommandInput,
  TSyncResponse,
  TUnitCommand,
  TUnitCommandInput,
} from '@shared/protocol';
import type { TCaseCommand } from '@shared/rules/permissions';
import type { TCaseChanged, TCaseList, TCaseWithTimeline, TCommandResult } from '@shared/schemas/case';
import type { TServiceCommandResult } from '@shared/schemas/service';
import type { TUnitCommandResult } from '@shared/schemas/unit';
import type { TSessionInfo } from '@shared/schemas/user';
import { applyCardToList, applyChangeToDetail, isWiderView } from '../api/case-cache';
import { queryKeys } from '../api/query-keys';
import { refreshLinkedCards } from '../api/linked-cards';
import { applyServiceChange, applyUnitChange, fetchAfresh } from '../api/service-cache';
import type { TOutboxCommand, TOutboxEntry, TOutboxInput, TOutboxResult } from '../offline/outbox-rules';
import { isConsoleLocked, lockConsole, subscribeToLock } from '../features/auth/lock-state';
import { useOutboxSender } from '../offline/use-outbox-sender';
import {
  ACK_TIMEOUT_MS,
  dropSilentConnection,
  keepConnected,
  reconnectNow,
  takeSocket,
  type TClientSocket,
} from './connection';

/** `too-many-windows`: this login already has as many consoles open as the server allows. */
export type TConnectionState = 'connecting' | 'live' | 'offline' | 'outdated' | 'too-many-windows';

interface TSocketContext {
  connection: TConnectionState;
  /** Commands sent but not yet acknowledged by the server. */
  pendingCount: number;
  /** Server time minus local time, so countdowns agree across screens. */
  clockOffsetMs: number;
  /** Card ids changed by someone else in the last few seconds, for a brief highlight. */
  recentlyChanged: ReadonlySet<string>;
  sendCommand: <C extends TCaseCommand>(name: C, payload: TCommandPayload<C>) => Promise<TAck<TCommandResult>>;
  sendUnitCommand: <C extends TUnitCommand>(
    name: C,
    payload: TUnitCommandInput<C>,
  ) => Promise<TAck<TUnitCommandResult>>;
  sendServiceCommand: <C extends TServiceCommand>(
    name: C,
    payload: TServiceCommandInput<C>,
  ) => Promise<TAck<TServiceCommandResult>>;
  /**
   * Keeps a crew's change on the device and sends it when it can (SPEC S-25). Resolves once it is
   * stored; the server's answer arrives later, and a refusal waits in the outbox for the person.
   */
  submitToOutbox: <C extends TOutboxCommand>(name: C, payload: TOutboxInput<C>) => Promise<TAppError | null>;
  decideOutboxEntry: (entry: TOutboxEntry, decision: 'send-again' | 'discard') => Promise<void>;
  viewCase: (caseId: string | null) => void;
  /** The person used the console: the server keeps the session from locking. */
  reportActivity: () => void;
}

const SocketContext = createContext<TSocketContext | null>(null);
const MAX_SEND_ATTEMPTS = 6;
const HIGHLIGHT_MS = 2_500;
/** Events after which a person's history strip may read differently. */
const PERSON_EVENTS: ReadonlySet<string> = new Set([
  'case.created',
  'case.updated',
  'case.closed',
  'case.person-link-decided',
  'case.detained',
  'case.detention-ended',
]);

/**
 * Folds a change into an open card. If the card is still loading, its fetch may have started before
 * the change: fetch it again rather than show it without the change (SPEC S-10).
 */
function foldIntoOpenCard(queryClient: QueryClient, change: Parameters<typeof applyChangeToDetail>[1]): void {
  const queryKey = queryKeys.cases.detail(change.card.id);
  const state = queryClient.getQueryState(queryKey);
  const open = queryClient.getQueryData<TCaseWithTimeline>(queryKey);
  // Not loaded yet, or open in a wider view than pushes carry (break-glass): fetch it instead.
  if ((state && state.data === undefined) || (open && isWiderView(open.card, change.card))) {
    fetchAfresh(queryClient, queryKey);
    return;
  }
  queryClient.setQueryData<TCaseWithTimeline>(queryKey, (d) => applyChangeToDetail(d, change));
}

export function useSocket(): TSocketContext {
  const ctx = useContext(SocketContext);
  if (!ctx) throw new Error('useSocket outside SocketProvider');
  return ctx;
}

/**
 * The one live connection. Sockets notify; TanStack Query owns server state: every change is folded
 * into the query cache, and after a reconnect the console asks for what it missed (SPEC S-8, S-9).
 */
export function SocketProvider({
  session,
  onSessionEnded,
  children,
}: {
  session: TSessionInfo;
  onSessionEnded: (reason: string) => void;
  children: ReactNode;
}) {
  const queryClient = useQueryClient();
  const socketRef = useRef<TClientSocket | null>(null);
  const lastSeqRef = useRef(0);
  /** Set once the queue has loaded: its headSeq is where following the log starts (SPEC S-8). */
  const hasBaselineRef = useRef(false);
  const viewingRef = useRef<string | null>(null);
  const [connection, setConnection] = useState<TConnectionState>('connecting');
  const [pendingCount, setPendingCount] = useState(0);
  const [clockOffsetMs, setClockOffsetMs] = useState(0);
  const [recentlyChanged, setRecentlyChanged] = useState<ReadonlySet<string>>(new Set());
  const myId = session.user.id;
  /** Set below once the outbox sender exists; a reconnect starts it. */
  const sendOutboxRef = useRef<() => void>(() => undefined);

  const applyChange = useCallback(
    (change: TCaseChanged) => {
      queryClient.setQueryData<TCaseList>(queryKeys.cases.list(), (l) => applyCardToList(l, change.card, change.seq));
      foldIntoOpenCard(queryClient, change);
      // Lists made of many cards, and a person's history when who someone is or how a contact ended
      // changed: only those on screen are fetched again.
      void queryClient.invalidateQueries({ queryKey: queryKeys.cases.views() });
      if (PERSON_EVENTS.has(change.entry.type)) void queryClient.invalidateQueries({ queryKey: ['cases', 'person'] });
      lastSeqRef.current = Math.max(lastSeqRef.current, change.seq);
      if (change.entry.actor.id !== myId) {
        setRecentlyChanged((s) => new Set(s).add(change.card.id));
        setTimeout(() => {
          setRecentlyChanged((s) => {
            const next = new Set(s);
            next.delete(change.card.id);
            return next;
          });
        }, HIGHLIGHT_MS);
      }
    },
    [queryClient, myId],
  );

  /** Folds a command's result into the cache, as if it had arrived on the socket. */
  const applyResult = useCallback(
    (result: TOutboxResult | TCommandResult | TUnitCommandResult) => {
      if ('unit' in result) {
        applyUnitChange(queryClient, result.unit);
        return;
      }
      if ('service' in result) {
        applyServiceChange(queryClient, result.service);
        return;
      }
      const card = result.card;
      queryClient.setQueryData<TCaseList>(queryKeys.cases.list(), (l) => applyCardToList(l, card));
      foldIntoOpenCard(queryClient, { card });
    },
    [queryClient],
  );

  const resync = useCallback(async () => {
    const socket = socketRef.current;
    // Without a baseline there is nothing to catch up on: the queue fetch brings the current state.
    if (!socket?.connected || !hasBaselineRef.current) return;
    try {
      const res = (await socket
        .timeout(ACK_TIMEOUT_MS)
        .emitWithAck('sync:since', { afterSeq: lastSeqRef.current })) as TAck<TSyncResponse>;
      if (res.ok && res.data.isComplete) {
        const cards = new Map(res.data.cards.map((c) => [c.id, c]));
        for (const entry of res.data.entries) {
          const card = cards.get(entry.caseId);
          if (card) applyChange({ seq: entry.seq, entry, card });
        }
        lastSeqRef.current = Math.max(lastSeqRef.current, res.data.headSeq);
      } else {
        await queryClient.invalidateQueries({ queryKey: queryKeys.cases.all() });
      }
    } catch {
      await queryClient.invalidateQueries({ queryKey: queryKeys.cases.all() });
    }
  }, [applyChange, queryClient]);

  // A full list fetch gives a fresh starting point; sync from it so nothing committed meanwhile is missed.
  useEffect(() => {
    const listHash = hashKey(queryKeys.cases.list());
    return queryClient.getQueryCache().subscribe((event: QueryCacheNotifyEvent) => {
      if (event.type !== 'updated' || event.action.type !== 'success') return;
      if (event.query.queryHash !== listHash) return;
      const data = event.query.state.data as TCaseList | undefined;
      if (!data) return;
      hasBaselineRef.current = true;
      lastSeqRef.current = Math.max(lastSeqRef.current, data.headSeq);
      void resync();
    });
  }, [queryClient, resync]);

  useEffect(() => {
    // However the page started (login, reload, reopened, the kept shell, a renewed session), the console
    // has one socket and this one way of keeping it connected.
    const { socket, handshake } = takeSocket();
    socketRef.current = socket;
    /** Set when the console stops trying on purpose: the server refused it for a reason a retry cannot fix. */
    let isStopped = false;
    const stop = () => {
      isStopped = true;
      socket.disconnect();
    };
    const handleReady = (h: THandshake) => setClockOffsetMs(new Date(h.serverTime).getTime() - Date.now());
    const handleConnect = () => {
      setConnection('live');
      void resync();
      sendOutboxRef.current();
      // The registry is small: after any gap, fetch it whole rather than replaying its events.
      void queryClient.invalidateQueries({ queryKey: queryKeys.services.all() });
      void queryClient.invalidateQueries({ queryKey: queryKeys.units() });
      void queryClient.invalidateQueries({ queryKey: queryKeys.admin.all() });
      void queryClient.invalidateQueries({ queryKey: queryKeys.directory() });
      if (viewingRef.current) socket.emit('presence:view', { caseId: viewingRef.current });
    };

    socket.on('connect', handleConnect);
    socket.on('session:ready', handleReady);
    socket.on('disconnect', (reason) => {
      setConnection('offline');
      // A lock closes the connection too, but the session lives on behind the lock screen.
      if (reason === 'io server disconnect' && !isConsoleLocked()) {
        onSessionEnded('Your session has ended. Log in again.');
      }
    });
    socket.on('connect_error', (err: Error & { data?: { code?: string } }) => {
      if (err.data?.code === 'PROTOCOL_MISMATCH') {
        setConnection('outdated');
        stop();
      } else if (err.data?.code === 'TOO_MANY_CONNECTIONS') {
        setConnection('too-many-windows');
        stop();
      } else if (err.data?.code === 'SESSION_LOCKED') {
        // Not stopped: unlocking connects again.
        lockConsole();
        socket.disconnect();
      } else if (err.data?.code === 'UNAUTHENTICATED') {
        stop();
        onSessionEnded('Your session has ended. Log in again.');
      } else {
        // No signal or no server: socket.io tries again by itself, and keepConnected hurries it along.
        setConnection('offline');
      }
    });
    socket.on('session:ended', ({ reason }) =>
      onSessionEnded(
        reason === 'expired'
          ? 'Your shift session expired. Log in again.'
          : reason === 'revoked'
            ? 'Your session was ended (by an administrator, or because your password or account changed).'
            : 'You have been logged out.',
      ),
    );
    socket.on('session:locked', () => lockConsole());
    // Unlocked again: connect, and the usual reconnect path catches up on everything missed.
    const unsubscribeLock = subscribeToLock(() => {
      if (!isConsoleLocked() && !isStopped) reconnectNow(socket);
    });
    // Back into signal or back in view: try at once rather than wait out the backoff.
    const stopKeepingConnected = keepConnected(socket, () => !isStopped && !isConsoleLocked());
    // A receiving service's Incoming list is small: fetched again when one of its cards or places changes.
    const refreshIncoming = () => void queryClient.invalidateQueries({ queryKey: queryKeys.services.incoming() });
    socket.on('case:changed', (change) => {
      applyChange(change);
      refreshIncoming();
    });
    socket.on('service:changed', ({ service }) => {
      refreshLinkedCards(queryClient, { service });
      applyServiceChange(queryClient, service);
      refreshIncoming();
    });
    socket.on('unit:changed', ({ unit }) => {
      refreshLinkedCards(queryClient, { unit });
      applyUnitChange(queryClient, unit);
    });
    socket.on('presence:changed', (p) => queryClient.setQueryData(queryKeys.presence(p.caseId), p.viewers));
    // Administration is small and changes rarely: fetch it again rather than fold changes in.
    socket.on('admin:changed', () => void queryClient.invalidateQueries({ queryKey: queryKeys.admin.all() }));
    socket.on('directory:changed', () => void queryClient.invalidateQueries({ queryKey: queryKeys.directory() }));
    socket.on('handover:changed', () => void queryClient.invalidateQueries({ queryKey: queryKeys.cases.handover() }));
    // An early socket may already be connected: catch up on what its listeners missed.
    if (handshake) handleReady(handshake);
    if (socket.connected) handleConnect();

    return () => {
      stopKeepingConnected();
      unsubscribeLock();
      socket.removeAllListeners();
      socket.disconnect();
      socketRef.current = null;
    };
  }, [applyChange, onSessionEnded, queryClient, resync]);

  /** Sends a command and waits for its ack; a lost ack is retried with the same commandId (applied once). */
  const emitWithRetry = useCallback(async <T,>(name: string, payload: object): Promise<TAck<T>> => {
    setPendingCount((n) => n + 1);
    try {
      for (let attempt = 1; ; attempt++) {
        const socket = socketRef.current;
        if (!socket) throw new Error('Not connected');
        try {
          // The event map types each command; the generic name needs the untyped form here.
          return (await (socket as Socket).timeout(ACK_TIMEOUT_MS).emitWithAck(name, payload)) as TAck<T>;
        } catch {
          dropSilentConnection(socket);
          if (attempt >= MAX_SEND_ATTEMPTS) {
            return {
              ok: false,
              error: { code: 'INTERNAL', message: 'Not confirmed by the server. Check your connection and try again.' },
            };
          }
        }
      }
    } finally {
      setPendingCount((n) => n - 1);
    }
  }, []);

  const sendCommand = useCallback(
    async <C extends TCaseCommand>(name: C, payload: TCommandPayload<C>): Promise<TAck<TCommandResult>> => {
      const ack = await emitWithRetry<TCommandResult>(name, payload);
      if (ack.ok) applyResult(ack.data);
      return ack;
    },
    [emitWithRetry, applyResult],
  );

  const sendServiceCommand = useCallback(
    async <C extends TServiceCommand>(
      name: C,
      payload: TServiceCommandInput<C>,
    ): Promise<TAck<TServiceCommandResult>> => {
      const ack = await emitWithRetry<TServiceCommandResult>(name, payload);
      if (ack.ok) applyServiceChange(queryClient, ack.data.service);
      return ack;
    },
    [emitWithRetry, queryClient],
  );

  const sendUnitCommand = useCallback(
    async <C extends TUnitCommand>(name: C, payload: TUnitCommandInput<C>): Promise<TAck<TUnitCommandResult>> => {
      const ack = await emitWithRetry<TUnitCommandResult>(name, payload);
      if (ack.ok) applyResult(ack.data);
      return ack;
    },
    [emitWithRetry, applyResult],
  );

  const { sendOutbox, submitToOutbox, decideOutboxEntry } = useOutboxSender({
    userId: myId,
    socketRef,
    applyResult,
    emitWithRetry,
  });
  useEffect(() => {
    sendOutboxRef.current = sendOutbox;
  }, [sendOutbox]);

  /**
   * Who views which card. Sent only while connected (a reconnect says it again), and never as a
   * volatile message: socket.io drops a volatile one while the previous is still being written, and
   * moving from one card to the next sends two back to back (leave, then view).
   */
  const viewCase = useCallback((caseId: string | null) => {
    viewingRef.current = caseId;
    const socket = socketRef.current;
    if (socket?.connected) socket.emit('presence:view', { caseId });
  }, []);

  const reportActivity = useCallback(() => {
    socketRef.current?.volatile.emit('session:active');
  }, []);

  const value = useMemo(
    () => ({
      reportActivity,
      connection,
      pendingCount,
      clockOffsetMs,
      recentlyChanged,
      sendCommand,
      sendServiceCommand,
      sendUnitCommand,
      submitToOutbox,
      decideOutboxEntry,
      viewCase,
    }),
    [
      connection,
      pendingCount,
      clockOffsetMs,
      recentlyChanged,
      sendCommand,
      sendServiceCommand,
      sendUnitCommand,
      submitToOutbox,
      decideOutboxEntry,
      viewCase,
      reportActivity,
    ],
  );
  return <SocketContext.Provider value={value}>{children}</SocketContext.Provider>;
}
