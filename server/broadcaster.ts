import type { Server } from 'socket.io';
import {
  INFORMATION_SHARING_POLICY as POLICY,
  type THoldAudience,
  type TSharedView,
} from '@shared/config/information-sharing';
import { receivingViewFor } from '@shared/rules/receiving';
import type { TServerToClientEvents } from '@shared/protocol';
import type { TCaseEvent } from '@shared/rules/case-events';
import {
  holdAudience,
  redactCard,
  redactService,
  redactUnit,
  unitAudience,
  type TReader,
} from '@shared/rules/redaction';
import type { TServiceEvent } from '@shared/rules/service-events';
import type { TUnitEvent } from '@shared/rules/unit-events';
import type { TService } from '@shared/schemas/service';
import type { TUnit } from '@shared/schemas/unit';
import { toTimelineEntry } from '@shared/rules/timeline';
import type { TCaseCard } from '@shared/schemas/case';
import type { TDisclosureLog } from './audit/disclosures';

/** The views whose rooms every area has (roles that read cards by role). */
export const SHARED_VIEWS = ['clinical', 'police'] as const satisfies readonly TSharedView[];
/** The views receiving services' staff read the cards of people coming to them in. */
const RECEIVING_VIEWS = [...new Set(Object.values(POLICY.receiving.viewByRole))] as TSharedView[];

/**
 * Rooms are how the policy reaches sockets: each socket joins the rooms of the audiences it belongs to
 * (roomsFor), and each message is redacted once per audience and sent to that audience's room.
 */

/** Every console of one area (names in the directory changed). */
export function areaRoom(areaId: string): string {
  return `area:${areaId}`;
}

/** Sockets of one area that receive one view of case cards. */
export function areaViewRoom(areaId: string, view: TSharedView): string {
  return `area:${areaId}:${view}`;
}

/**
 * Staff of one organisation who read, in one view, the cards of people coming to its services
 * (R-LINK-RECEIVING): a card's changes go here while its person is expected or there.
 */
export function receivingRoom(areaId: string, organisationId: string, view: TSharedView): string {
  return `area:${areaId}:receiving:${organisationId}:${view}`;
}

/** Sockets of one area that see services' holds as one audience (R-IG-MIN). */
export function holdAudienceRoom(areaId: string, audience: Exclude<THoldAudience, 'receiving-service'>): string {
  return `area:${areaId}:services:${audience}`;
}

/** Staff of one organisation: they see their own services' holds in full. */
export function organisationStaffRoom(areaId: string, organisationId: string): string {
  return `area:${areaId}:staff:${organisationId}`;
}

/** The hub's unit board, and the administrators' registry of units. */
export function unitAudienceRoom(areaId: string, audience: 'hub' | 'registry'): string {
  return `area:${areaId}:units:${audience}`;
}

/** One person's consoles: a crew member receives their own units here. */
export function userRoom(userId: string): string {
  return `user:${userId}`;
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
 * Sends committed events to every console of this node that may see them. Each view's redacted message is
 * built once per event and emitted to that view's room; socket.io encodes it once for the whole room.
 * With several nodes, server/cluster.ts passes each call on to the others, which send to their own.
 */
export function createBroadcaster(
  io: Server<Record<string, never>, TServerToClientEvents>,
  disclosures?: Pick<TDisclosureLog, 'pushed'>,
) {
  /** Each view's redacted message is built once per event and sent to that view's rooms. */
  function send(events: readonly TCaseEvent[], card: TCaseCard, rooms: [TSharedView, string[]][]): void {
    // R-IG-AUDIT: everyone in the rooms now receives this card (server/audit/disclosures.ts).
    disclosures?.pushed(
      io,
      rooms.flatMap(([, names]) => names),
      card.id,
    );
    for (const [view, names] of rooms) {
      // No rooms means nobody: socket.io would send a message with no room to every socket.
      if (names.length === 0) continue;
      const redacted = redactCard(card, view);
      for (const event of events) {
        io.local
          .to(names)
          .emit('case:changed', { seq: event.seq, entry: toTimelineEntry(event, view), card: redacted });
      }
    }
  }

  return {
    /** A handover note changed: a signal to the area's control room, which fetches the handover again. */
    publishHandover(areaId: string, seq: number): void {
      io.local.to(unitAudienceRoom(areaId, 'hub')).emit('handover:changed', { seq });
    },
    /** A card's change to every view room of its area (R-IG-MIN). */
    publish(events: readonly TCaseEvent[], card: TCaseCard): void {
      send(
        events,
        card,
        SHARED_VIEWS.map((view) => [view, [areaViewRoom(card.areaId, view)]]),
      );
    },
    /**
     * The same change to the staff of the organisations whose services are receiving its person
     * (R-LINK-RECEIVING), in their roles' receiving views.
     */
    publishToReceivers(
      events: readonly TCaseEvent[],
      card: TCaseCard,
      audiences: readonly { organisationId: string; view: TSharedView }[],
    ): void {
      if (audiences.length === 0) return;
      send(
        events,
        card,
        RECEIVING_VIEWS.map((view) => [
          view,
          audiences.filter((a) => a.view === view).map((a) => receivingRoom(card.areaId, a.organisationId, view)),
        ]),
      );
    },
    /**
     * A unit as it now is: in full to the hub and to its own crew, as a registry record to
     * administrators, and to nobody else (R-IG-MIN).
     */
    publishUnit(events: readonly TUnitEvent[], unit: TUnit): void {
      const seq = events[events.length - 1]?.seq ?? 0;
      io.local
        .to(unitAudienceRoom(unit.areaId, 'hub'))
        .to(unit.members.map((m) => userRoom(m.userId)))
        .emit('unit:changed', { seq, unit: redactUnit(unit, 'hub') });
      io.local.to(unitAudienceRoom(unit.areaId, 'registry')).emit('unit:changed', {
        seq,
        unit: redactUnit(unit, 'registry'),
      });
    },
    /**
     * Administration changed (an account, an organisation, the area): administrators refetch; when names
     * change, every console of the area refreshes the directory it shows names from.
     */
    publishAdministration(areaId: string, kind: 'area' | 'organisation' | 'user', id: string, seq: number): void {
      io.local.to(areaAdminRoom(areaId)).emit('admin:changed', { kind, id, seq });
      if (kind !== 'user') {
        io.local.to(areaRoom(areaId)).emit('directory:changed', { seq });
      }
    },
    /** Tells a session's consoles it has ended, then closes them (logout, expiry, an administrator). */
    endSessions(tokenHashes: readonly string[], reason: TSessionEndReason): void {
      for (const hash of tokenHashes) {
        io.local.to(sessionRoom(hash)).emit('session:ended', { reason });
        io.local.in(sessionRoom(hash)).disconnectSockets(true);
      }
    },
    /** Idle sessions: the console keeps its screen behind a lock; the connection closes until unlocked. */
    lockSessions(tokenHashes: readonly string[]): void {
      for (const hash of tokenHashes) {
        io.local.to(sessionRoom(hash)).emit('session:locked', {});
        io.local.in(sessionRoom(hash)).disconnectSockets(true);
      }
    },
    /**
     * A service as it now is, to every console of its area, its holds redacted once per audience: the
     * receiving service's own staff see them in full, other services only that places are taken.
     */
    publishService(events: readonly TServiceEvent[], service: TService): void {
      const seq = events[events.length - 1]?.seq ?? 0;
      const own = organisationStaffRoom(service.areaId, service.organisationId);
      for (const audience of ['hub', 'police', 'board'] as const) {
        io.local.to(holdAudienceRoom(service.areaId, audience)).emit('service:changed', {
          seq,
          service: redactService(service, audience),
        });
      }
      io.local.to(own).emit('service:changed', { seq, service: redactService(service, 'receiving-service') });
      io.local
        .to(holdAudienceRoom(service.areaId, 'unrelated'))
        .except(own)
        .emit('service:changed', { seq, service: redactService(service, 'unrelated') });
    },
  };
}
export type TBroadcaster = ReturnType<typeof createBroadcaster>;

/** The rooms a reader's sockets join: one per audience the policy puts them in. */
export function roomsFor(reader: TReader & { areaId: string }, caseView: TSharedView | 'none'): string[] {
  const rooms = [areaRoom(reader.areaId), userRoom(reader.id)];
  if (caseView !== 'none') rooms.push(areaViewRoom(reader.areaId, caseView));
  const holds = holdAudience(reader, { organisationId: '' });
  rooms.push(holdAudienceRoom(reader.areaId, holds === 'receiving-service' ? 'unrelated' : holds));
  if (reader.role === 'pos-staff' || reader.role === 'provider') {
    rooms.push(organisationStaffRoom(reader.areaId, reader.organisationId));
  }
  const receiving = receivingViewFor(reader.role);
  if (caseView === 'none' && receiving) rooms.push(receivingRoom(reader.areaId, reader.organisationId, receiving));
  const units = unitAudience(reader, { members: [] });
  if (units === 'hub' || units === 'registry') rooms.push(unitAudienceRoom(reader.areaId, units));
  return rooms;
}

/**
 * For the administration command line, which has no consoles of its own to tell: a running server
 * closes the sessions it ended at its next sweep, and consoles pick up its changes on their next fetch.
 */
export function createQuietBroadcaster(): TBroadcaster {
  const nothing = () => undefined;
  return {
    publish: nothing,
    publishToReceivers: nothing,
    publishUnit: nothing,
    publishAdministration: nothing,
    endSessions: nothing,
    lockSessions: nothing,
    publishService: nothing,
    publishHandover: nothing,
  };
}
