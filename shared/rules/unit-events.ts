import type { TUnit, TUnitKind, TUnitStatus } from '../schemas/unit';
import type { TActor } from '../schemas/user';

type TLocation = NonNullable<TUnit['location']>;

/** The facts a unit command records. The unit is a fold over them (unit-lifecycle.ts). */
export type TUnitEventData =
  | {
      type: 'unit.registered';
      data: { areaId: string; callSign: string; kind: TUnitKind; organisationId: string; members: TUnit['members'] };
    }
  | {
      type: 'unit.details-updated';
      data: { changes: { callSign?: string; kind?: TUnitKind; organisationId?: string }; reason: string };
    }
  /** Who crews the unit; also written when a member's account is renamed, disabled or given another role. */
  | { type: 'unit.crew-changed'; data: { members: TUnit['members']; reason: string } }
  | { type: 'unit.shift-changed'; data: { isOnShift: boolean } }
  | {
      type: 'unit.dispatched';
      data: {
        caseId: string;
        caseRef: string;
        acceptBy: string;
        retaskReason: string | null;
        previousCaseId: string | null;
      };
    }
  | { type: 'unit.accepted'; data: { caseId: string } }
  | { type: 'unit.declined'; data: { caseId: string; reason: string } }
  | { type: 'unit.dispatch-escalated'; data: { caseId: string } }
  /** The hub took the unit off its job (or cancelled the dispatch), or the card was closed. */
  | { type: 'unit.stood-down'; data: { caseId: string; caseRef: string; reason: string } }
  | {
      type: 'unit.status-changed';
      /** occurredAt: when the crew made it, when that was earlier than it reached the server (kept offline). */
      data: { from: TUnitStatus; to: TUnitStatus; caseId: string | null; occurredAt?: string };
    }
  | { type: 'unit.location-set'; data: TLocation }
  /** caseId and caseRef: the crew's job when they sent it (older events have no caseId). */
  | { type: 'unit.sos-raised'; data: { location: TLocation | null; caseRef?: string | null; caseId?: string | null } }
  | { type: 'unit.sos-acknowledged'; data: { caseId?: string | null } }
  /** Still not acknowledged `afterMinutes` after it was raised: escalated to the duty manager (R-ALERT-ESCALATE). */
  | { type: 'unit.sos-escalated'; data: { afterMinutes: number; caseId: string | null } };

export type TUnitEvent = TUnitEventData & {
  seq: number;
  unitId: string;
  version: number;
  at: string;
  actor: TActor;
  commandId: string;
};
export type TNewUnitEvent = Omit<TUnitEvent, 'seq'>;
