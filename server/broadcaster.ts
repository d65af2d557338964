import type { Server } from 'socket.io';
import type { TCaseView } from '@shared/config/information-sharing';
import type { TServerToClientEvents } from '@shared/protocol';
import type { TCaseEvent } from '@shared/rules/case-events';
import { serviceForRole } from '@shared/rules/capacity';
import { redactCard } from '@shared/rules/redaction';
import type { TServiceEvent } from '@shared/rules/service-events';
import type { TUnitEvent } from '@shared/rules/unit-events';
import type { TService } from '@shared/schemas/service';
import type { TUnit } from '@shared/schemas/unit';
import { toTimelineEntry } from '@shared/rules/timeline';
import type { TCaseCard } from '@shared/schemas/case';
import type { TDisclosureLog } from './audit/disclosures';

export const SHARED_VIEWS = ['clinical', 'police'] as const satisfies readonly Exclude<TCaseView, 'none'>[];

/** Sockets of one area that receive one view of case cards. */
export function areaViewRoom(areaId: string, view: Exclude<TCaseView, 'none'>): string {
  return `area:${areaId}:${view}`;
}

/** Sockets of one area that receive service changes: in full, or as the display-only board sees them. */
export function areaServicesRoom(areaId: string, view: 'full' | 'display'): string {
  return `area:${areaId}:services:${view}`;
}

/** Sockets opened with one session, so logout and expiry can close exactly them. */
export function sessionRoom(tokenHash: string): string {
  return `session:${tokenHash}`;
}

/** Administrators' consoles of one area: told when accounts, organisations or the area change. */
export function areaAdminRoom(areaId: string): string {
  return `area:${areaId}:admin`;
}

export type TSessionEndReason = 'logged-out' | 'expired' | 'revoked';

/**
 * Sends committed events to every console that may see them. Each view's redacted message is built once
 * per event and emitted to that view's room; socket.io encodes it once for the whole room.
 */
export function createBroadcaster(
  io: Server<Record<string, never>, TServerToClientEvents>,
  disclosures?: Pick<TDisclosureLog, 'pushed'>,
) {
  return {
    publish(events: readonly TCaseEvent[], card: TCaseCard): void {
      // R-IG-AUDIT: everyone in the rooms now receives this card (server/audit/disclosures.ts).
      disclosures?.pushed(
        io,
        SHARED_VIEWS.map((view) => areaViewRoom(card.areaId, view)),
        card.id,
      );
      for (const view of SHARED_VIEWS) {
        const redacted = redactCard(card, view);
        for (const event of events) {
          io.to(areaViewRoom(card.areaId, view)).emit('case:changed', {
            seq: event.seq,
            entry: toTimelineEntry(event, view),
            card: redacted,
          });
        }
      }
    },
    /** A unit as it now is, to every working console of its area (not the display-only board). */
    publishUnit(events: readonly TUnitEvent[], unit: TUnit): void {
      const seq = events[events.length - 1]?.seq ?? 0;
      io.to(areaServicesRoom(unit.areaId, 'full')).emit('unit:changed', { seq, unit });
    },
    /**
     * Administration changed (an account, an organisation, the area): administrators refetch; when names
     * change, every console of the area refreshes the directory it shows names from.
     */
    publishAdministration(areaId: string, kind: 'area' | 'organisation' | 'user', id: string, seq: number): void {
      io.to(areaAdminRoom(areaId)).emit('admin:changed', { kind, id, seq });
      if (kind !== 'user') {
        io.to(areaServicesRoom(areaId, 'full'))
          .to(areaServicesRoom(areaId, 'display'))
          .emit('directory:changed', { seq });
      }
    },
    /** Tells a session's consoles it has ended, then closes them (logout, expiry, an administrator). */
    endSessions(tokenHashes: readonly string[], reason: TSessionEndReason): void {
      for (const hash of tokenHashes) {
        io.to(sessionRoom(hash)).emit('session:ended', { reason });
        io.in(sessionRoom(hash)).disconnectSockets(true);
      }
    },
    /** Idle sessions: the console keeps its screen behind a lock; the connection closes until unlocked. */
    lockSessions(tokenHashes: readonly string[]): void {
      for (const hash of tokenHashes) {
        io.to(sessionRoom(hash)).emit('session:locked', {});
        io.in(sessionRoom(hash)).disconnectSockets(true);
      }
    },
    /** A service as it now is, to every console of its area (the board without who holds are for). */
    publishService(events: readonly TServiceEvent[], service: TService): void {
      const seq = events[events.length - 1]?.seq ?? 0;
      io.to(areaServicesRoom(service.areaId, 'full')).emit('service:changed', { seq, service });
      io.to(areaServicesRoom(service.areaId, 'display')).emit('service:changed', {
        seq,
        service: serviceForRole(service, 'board'),
      });
    },
  };
}
export type TBroadcaster = ReturnType<typeof createBroadcaster>;

/**
 * For the administration command line, which has no consoles of its own to tell: a running server
 * closes the sessions it ended at its next sweep, and consoles pick up its changes on their next fetch.
 */
export function createQuietBroadcaster(): TBroadcaster {
  const nothing = () => undefined;
  return {
    publish: nothing,
    publishUnit: nothing,
    publishAdministration: nothing,
    endSessions: nothing,
    lockSessions: nothing,
    publishService: nothing,
  };
}
