import type { TSpentByBudget } from '../limits/limits';
import type { Server as HttpServer } from 'node:http';
import { Server, type Socket } from 'socket.io';
import { DomainError, type TAck } from '@shared/errors';
import {
  COMMAND_SCHEMAS,
  PROTOCOL_VERSION,
  SERVICE_COMMANDS,
  UNIT_COMMANDS,
  ZPresenceRequest,
  ZSocketAuth,
  ZOutboxReplayRequest,
  ZSyncRequest,
  type TClientToServerEvents,
  type TServiceCommand,
  type TUnitCommand,
  type TServerToClientEvents,
} from '@shared/protocol';
import { canAdminister, caseViewForRole, type TCaseCommand } from '@shared/rules/permissions';
import type { TCommandResult } from '@shared/schemas/case';
import type { TServiceCommandResult } from '@shared/schemas/service';
import type { TUnitCommandResult } from '@shared/schemas/unit';
import type { TActor, TUser } from '@shared/schemas/user';
import { sessionSource, withDisclosureSource } from '../audit/disclosures';
import { tokenFromCookieHeader, userOfAccount } from '../auth/sessions';
import { areaAdminRoom, areaViewRoom, roomsFor, sessionRoom, SHARED_VIEWS } from '../broadcaster';
import { replayForUser, replayOutbox } from '../commands/replay-outbox';
import { runCommand } from '../commands/run-command';
import { changesSince } from '../queries/cases';
import type { TServices } from '../services';
import { createPresence, REMOTE_PRESENCE_REPEAT_MS } from './presence';
import { releaseHandshakeRequest } from './release-handshake';
import type { TCluster } from '../cluster';

interface TSocketData {
  user: TUser;
  token: string;
  tokenHash: string;
  /** The session's public id: disclosures to this socket are recorded under it (server/audit). */
  sessionId: string;
  /** Where the console connects from, as the limits count it (worked out before the request is released). */
  address: string;
}
/** What the nodes of a cluster tell each other (server/cluster.ts). */
export interface TClusterEvents {
  'concordat:broadcast': (method: string, args: unknown[]) => void;
  'concordat:presence': (remote: { node: string; caseId: string; viewers: TActor[] }, areaId: string) => void;
  'concordat:spent': (spent: TSpentByBudget) => void;
}

export type TIoServer = Server<TClientToServerEvents, TServerToClientEvents, TClusterEvents, TSocketData>;
type TIoSocket = Socket<TClientToServerEvents, TServerToClientEvents, Record<string, never>, TSocketData>;

/**
 * A browser always sends Origin on a WebSocket or cross-site request, so checking it against the
 * allow-list stops another site's page from riding a logged-in user's cookie (SPEC S-11).
 */
export function isOriginAllowed(origin: string | undefined, allowed: readonly string[]): boolean {
  return origin === undefined || allowed.includes(origin);
}

/**
 * A connection that has gone dead without closing (a tablet's mobile link dropped without either end being
 * told) is noticed within pingInterval + pingTimeout, 15 s, by both ends: the tablet then says it is offline
 * and keeps its changes instead of sending them into nothing, and the control room sees the crew's
 * connection lost. socket.io's defaults (25 s + 20 s) left a crew looking "Live" for up to 45 s. One ping
 * every 10 s is a few bytes per console; a Fast 3G round trip (0.6 s) is far inside the 5 s allowed.
 */
export const HEARTBEAT = { pingInterval: 10_000, pingTimeout: 5_000 } as const;

export function createSocketServer(httpServer: HttpServer, allowedOrigins: () => readonly string[]): TIoServer {
  return new Server(httpServer, {
    serveClient: false,
    allowRequest: (req, callback) => callback(null, isOriginAllowed(req.headers.origin, allowedOrigins())),
    // Connection-state recovery is deliberately off: resync from the event log is the guarantee (SPEC S-8).
    ...HEARTBEAT,
  });
}

const COMMAND_NAMES: ReadonlySet<string> = new Set(Object.keys(COMMAND_SCHEMAS));
const isCommand = (event: string): event is TCaseCommand => COMMAND_NAMES.has(event);
const SERVICE_COMMAND_NAMES: ReadonlySet<string> = new Set(SERVICE_COMMANDS);
const isServiceCommand = (event: string): event is TServiceCommand => SERVICE_COMMAND_NAMES.has(event);
const UNIT_COMMAND_NAMES: ReadonlySet<string> = new Set(UNIT_COMMANDS);
const isUnitCommand = (event: string): event is TUnitCommand => UNIT_COMMAND_NAMES.has(event);

/** `session:active` closer together than this, from one socket, is ignored. */
const ACTIVE_MIN_INTERVAL_MS = 30_000;

/** Wires authentication, rooms, commands, resync and presence onto the socket server. */
export function attachSocketHandlers(io: TIoServer, services: TServices, cluster?: TCluster): () => void {
  const presence = createPresence();
  /** Each card viewed here and its area, so this node can repeat to the others who views it. */
  const areaOfViewed = new Map<string, string>();
  /** The viewers of a card to this node's consoles of its area that read cards (volatile: the next will do). */
  const tellViewers = (areaId: string, caseId: string) => {
    for (const v of SHARED_VIEWS) {
      // Not volatile: socket.io drops a volatile message to a socket still being written to (a console
      // that has just reconnected is being sent its resync), and a lost one leaves a card's viewers stale.
      io.local.to(areaViewRoom(areaId, v)).emit('presence:changed', { caseId, viewers: presence.viewersOf(caseId) });
    }
  };
  cluster?.onPresence((remote, areaId) => {
    presence.setRemote(remote.node, remote.caseId, areaId, remote.viewers);
    tellViewers(areaId, remote.caseId);
  });
  const repeat = cluster
    ? setInterval(() => {
        for (const caseId of presence.viewedHere()) {
          const areaId = areaOfViewed.get(caseId);
          if (areaId) cluster.sharePresence(caseId, areaId, presence.localViewersOf(caseId));
        }
        // Viewers on a node that has gone quiet leave open consoles' cards here too.
        for (const { caseId, areaId } of presence.expireRemote()) tellViewers(areaId, caseId);
      }, REMOTE_PRESENCE_REPEAT_MS)
    : null;
  repeat?.unref();

  /**
   * Each command re-checks the session, so an expired, logged-out or locked one cannot act in the gap
   * before the sweep. The refusal is acked first, then the socket is closed, so the console knows why.
   * (Defined once here rather than per socket: a closure per console costs memory on every idle one.)
   */
  const withLiveUser = async <T>(
    { token, tokenHash, sessionId }: TSocketData,
    ack: (res: TAck<T>) => void,
    act: (current: TUser) => Promise<TAck<T>>,
  ) => {
    const resolved = await services.sessions.resolve(token);
    if (resolved?.stage === 'locked') {
      ack({ ok: false, error: { code: 'SESSION_LOCKED', message: 'Your session is locked: enter your password' } });
      services.broadcaster.lockSessions([tokenHash]);
      return;
    }
    if (!resolved || resolved.stage !== 'active') {
      ack({ ok: false, error: { code: 'UNAUTHENTICATED', message: 'Your session has ended; log in again' } });
      services.broadcaster.endSessions([tokenHash], 'expired');
      return;
    }
    await services.sessions.touch(resolved);
    // Whatever the answer discloses is recorded under this socket's session (R-IG-AUDIT).
    ack(await withDisclosureSource(sessionSource(sessionId), () => act(userOfAccount(resolved.account))));
  };

  /** Tells this node's consoles, and the other nodes, who now views each of these cards of an area. */
  const announce = (areaId: string, caseIds: string[]) => {
    for (const caseId of caseIds) {
      tellViewers(areaId, caseId);
      const here = presence.localViewersOf(caseId);
      if (here.length > 0) areaOfViewed.set(caseId, areaId);
      else areaOfViewed.delete(caseId);
      cluster?.sharePresence(caseId, areaId, here);
    }
  };

  /** Handshake: protocol version, then the same session cookie the HTTP API uses (SPEC S-13, S-14). */
  const authenticate = async (socket: TIoSocket): Promise<Error | undefined> => {
    const auth = ZSocketAuth.safeParse(socket.handshake.auth);
    if (!auth.success || auth.data.protocolVersion !== PROTOCOL_VERSION) {
      return Object.assign(new Error('PROTOCOL_MISMATCH'), { data: { code: 'PROTOCOL_MISMATCH' } });
    }
    const resolved = await services.sessions.resolve(tokenFromCookieHeader(socket.handshake.headers.cookie));
    if (resolved?.stage === 'locked') {
      return Object.assign(new Error('SESSION_LOCKED'), { data: { code: 'SESSION_LOCKED' } });
    }
    if (!resolved || resolved.stage !== 'active') {
      return Object.assign(new Error('UNAUTHENTICATED'), { data: { code: 'UNAUTHENTICATED' } });
    }
    socket.data = {
      user: userOfAccount(resolved.account),
      token: resolved.token,
      tokenHash: resolved.tokenHash,
      sessionId: resolved.session.id,
      address: services.limits.addressOf(socket.handshake),
    };
    return undefined;
  };
  io.use((socket, next) => {
    authenticate(socket).then(next, next);
  });
  io.use((socket, next) => services.limits.capSockets(socket, next));

  io.on('connection', (socket: TIoSocket) => {
    void onConnection(socket);
  });
  const stop = () => {
    if (repeat) clearInterval(repeat);
  };

  async function onConnection(socket: TIoSocket): Promise<void> {
    releaseHandshakeRequest(socket);
    const { user, token } = socket.data;
    const view = caseViewForRole(user.role);
    await socket.join([sessionRoom(socket.data.tokenHash), ...roomsFor(user, view)]);
    if (canAdminister(user.role)) await socket.join(areaAdminRoom(user.areaId));
    const actor = { id: user.id, name: user.displayName, role: user.role };
    let lastActiveAt = 0;

    // One listener for every command (not one closure per command per socket): commands grow, sockets
    // are many, and each listener costs memory on every idle console (docs/PERFORMANCE.md, "sockets").
    socket.onAny((event: string, payload: unknown, rawAck: unknown) => {
      // The person used the console: keeps the session from locking (at most one write a minute).
      if (event === 'session:active') {
        // At most one a half-minute per socket reaches the database: the console sends one a minute,
        // and anything faster is dropped here, in memory, before it can cost other consoles anything.
        const now = Date.now();
        if (now - lastActiveAt < ACTIVE_MIN_INTERVAL_MS) return;
        lastActiveAt = now;
        void services.sessions
          .resolve(token)
          .then((resolved) => (resolved ? services.sessions.touch(resolved) : undefined))
          .catch((err: unknown) => services.logger.error({ err }, 'activity not recorded'));
        return;
      }
      // Rate limited per session and address; null when not a command, without an ack, or refused.
      const ack = services.limits.commandAck(socket, event, rawAck);
      if (!ack) return;
      if (isCommand(event)) {
        void withLiveUser(socket.data, ack as (res: TAck<TCommandResult>) => void, (current) =>
          runCommand(services, current, event, payload),
        );
      } else if (isUnitCommand(event)) {
        void withLiveUser(socket.data, ack as (res: TAck<TUnitCommandResult>) => void, (current) =>
          runCommand(services, current, event, payload),
        );
      } else if (isServiceCommand(event)) {
        void withLiveUser(socket.data, ack as (res: TAck<TServiceCommandResult>) => void, (current) =>
          runCommand(services, current, event, payload),
        );
      }
    });

    // A tablet's kept changes in one round trip (S-30): one token per change, as if each were sent alone.
    socket.on('outbox:replay', async (payload, ack) => {
      if (typeof ack !== 'function') return;
      const parsed = ZOutboxReplayRequest.safeParse(payload);
      if (!parsed.success) {
        return ack({ ok: false, error: { code: 'VALIDATION', message: 'Send between 1 and 50 kept changes' } });
      }
      try {
        await withLiveUser(socket.data, ack, async (current) => {
          const startSeq = await services.store.cases.headSeq();
          return {
            ok: true,
            data: await replayOutbox(
              parsed.data.entries,
              (command) => services.limits.takeCommand(socket, command),
              replayForUser(services, current),
              startSeq,
            ),
          };
        });
      } catch (error) {
        services.logger.error({ err: error, userId: user.id }, 'outbox replay failed');
        ack({ ok: false, error: { code: 'INTERNAL', message: 'The kept changes could not be sent; they stay kept' } });
      }
    });

    socket.on('sync:since', async (payload, ack) => {
      if (typeof ack !== 'function' || !services.limits.allowSocketEvent(socket, 'sync:since', ack)) return;
      const parsed = ZSyncRequest.safeParse(payload);
      if (!parsed.success)
        return ack({ ok: false, error: { code: 'VALIDATION', message: 'afterSeq must be a whole number' } });
      try {
        await withLiveUser(socket.data, ack, async (current) => ({
          ok: true,
          data: await changesSince(services, current, parsed.data.afterSeq),
        }));
      } catch (error) {
        if (error instanceof DomainError) return ack({ ok: false, error: error.toJSON() });
        services.logger.error({ err: error, userId: user.id }, 'sync failed');
        ack({ ok: false, error: { code: 'INTERNAL', message: 'Sync failed' } });
      }
    });

    socket.on('presence:view', (payload) => {
      const parsed = ZPresenceRequest.safeParse(payload);
      if (!parsed.success || view === 'none' || !services.limits.allowSocketEvent(socket, 'presence:view')) return;
      announce(user.areaId, presence.view(socket.id, actor, parsed.data.caseId));
    });

    socket.on('disconnect', () => announce(user.areaId, presence.leave(socket.id, actor)));

    socket.emit('session:ready', {
      protocolVersion: PROTOCOL_VERSION,
      serverTime: services.now().toISOString(),
      headSeq: await services.store.cases.headSeq(),
      user: { id: user.id, displayName: user.displayName, role: user.role },
    });
  }
  return stop;
}

/** Token hashes of every session with a console connected to this server. */
export function connectedSessions(io: TIoServer): string[] {
  return [...io.of('/').adapter.rooms.keys()].filter((r) => r.startsWith('session:')).map((r) => r.slice(8));
}
