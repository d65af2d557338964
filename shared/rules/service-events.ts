import type { THold, TPlaceCategory, TPlaceCounts, TServiceDetails, TServiceStatus } from '../schemas/service';
import type { TActor } from '../schemas/user';

/** The facts a service command records. The service is a fold over them (service-lifecycle.ts). */
export type TServiceEventData =
  | {
      type: 'service.registered';
      data: TServiceDetails & { areaId: string; places: Record<TPlaceCategory, number> };
    }
  | { type: 'service.details-updated'; data: { changes: Partial<TServiceDetails>; reason: string | null } }
  | { type: 'service.places-changed'; data: { category: TPlaceCategory; counts: TPlaceCounts; reason: string | null } }
  /** The registry's totals (rooms built, beds commissioned), set by a duty manager or administrator. */
  | { type: 'service.totals-changed'; data: { totals: Record<TPlaceCategory, number>; reason: string | null } }
  | { type: 'service.status-changed'; data: { status: TServiceStatus; reason: string | null } }
  | { type: 'service.confirmed'; data: Record<string, never> }
  | { type: 'hold.placed'; data: { hold: Omit<THold, 'placedBy' | 'placedAt' | 'state'> } }
  | { type: 'hold.accepted'; data: { holdId: string } }
  /** R-NTA-1: counted as a turn-away. */
  | { type: 'hold.declined'; data: { holdId: string; reason: string; onwardRoute: string } }
  | { type: 'hold.arrived'; data: { holdId: string } }
  | { type: 'hold.released'; data: { holdId: string; reason: string } }
  | { type: 'hold.expired'; data: { holdId: string } }
  /**
   * A room moved by a detention, not counted by the service's staff (R-POS-REGISTRY): a person arrived
   * without a held room (free → occupied), or left one (occupied → cleaning). The figure's confirmation
   * time is left alone: nobody recounted.
   */
  | {
      type: 'service.room-changed';
      data: {
        category: TPlaceCategory;
        change: 'occupied' | 'vacated';
        holdId: string | null;
        caseRef: string;
        reason: string;
      };
    };

export type TServiceEventType = TServiceEventData['type'];

/** A service event with its place in the log. */
export type TServiceEvent = TServiceEventData & {
  seq: number;
  serviceId: string;
  version: number;
  at: string;
  actor: TActor;
  commandId: string;
};
export type TNewServiceEvent = Omit<TServiceEvent, 'seq'>;
