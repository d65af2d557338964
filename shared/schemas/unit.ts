import { z } from 'zod';
import { ZCoordinates } from './case';
import { ZInstant } from './common';
import { ZRole } from './user';

/** Kinds of unit that go to (or phone) a person in crisis. */
export const UNIT_KINDS = [
  'street-triage-car',
  'street-triage-phone',
  'ambulance-mh-car',
  'home-treatment-team',
  'amhp-on-duty',
] as const;
export const ZUnitKind = z.enum(UNIT_KINDS);
export type TUnitKind = z.infer<typeof ZUnitKind>;
export const UNIT_KIND_LABELS: Record<TUnitKind, string> = {
  'street-triage-car': 'Street-triage car',
  'street-triage-phone': 'Street-triage phone line (control room)',
  'ambulance-mh-car': 'Ambulance mental-health car',
  'home-treatment-team': 'Crisis home-treatment team',
  'amhp-on-duty': 'AMHP on duty',
};

export const UNIT_STATUSES = [
  'available',
  'dispatched',
  'en-route',
  'on-scene',
  'conveying',
  'at-destination',
  'handing-over',
  'unavailable',
] as const;
export const ZUnitStatus = z.enum(UNIT_STATUSES);
export type TUnitStatus = z.infer<typeof ZUnitStatus>;
export const UNIT_STATUS_LABELS: Record<TUnitStatus, string> = {
  available: 'Available',
  dispatched: 'Dispatched',
  'en-route': 'En route',
  'on-scene': 'On scene',
  conveying: 'Conveying',
  'at-destination': 'At destination',
  'handing-over': 'Handing over',
  unavailable: 'Unavailable',
};

export const ZUnitMember = z.object({ userId: z.string(), name: z.string(), role: ZRole });
export const ZUnitLocation = ZCoordinates.extend({ at: ZInstant, source: z.enum(['device', 'manual']) });

/** A dispatch the unit has not yet accepted belongs to the hub, with a deadline (DISPATCH_RULES.acceptWithinMinutes). */
export const ZAssignment = z.object({
  caseId: z.uuid(),
  caseRef: z.string(),
  dispatchedAt: ZInstant,
  dispatchedBy: z.string(),
  acceptBy: ZInstant,
  acceptedAt: ZInstant.nullable(),
  /** Set when the acceptance deadline passed: the operator and duty manager are alerted. */
  escalatedAt: ZInstant.nullable(),
});
export type TAssignment = z.infer<typeof ZAssignment>;

export const ZUnit = z
  .object({
    id: z.uuid(),
    areaId: z.string(),
    version: z.int(),
    updatedAt: ZInstant,
    callSign: z.string(),
    kind: ZUnitKind,
    organisationId: z.string(),
    members: z.array(ZUnitMember),
    isOnShift: z.boolean(),
    status: ZUnitStatus,
    statusSince: ZInstant,
    location: ZUnitLocation.nullable(),
    assignment: ZAssignment.nullable(),
    /** The last time the hub took the unit off a job, until its next dispatch: the crew are told why. */
    stoodDown: z
      .object({ at: ZInstant, by: z.string(), caseRef: z.string(), reason: z.string() })
      .nullable()
      .optional(),
    /**
     * An SOS until the crew's next one: where they were (the position taken at that moment, else the last
     * shared one), the job they were on, and who in the hub acknowledged it and when — which the crew see.
     */
    sos: z
      .object({
        at: ZInstant,
        location: ZUnitLocation.nullable(),
        acknowledgedBy: z.string().nullable(),
        acknowledgedAt: ZInstant.nullable().optional(),
        /** When the alert job escalated it to the duty manager, still unacknowledged (R-ALERT-ESCALATE). */
        escalatedAt: ZInstant.nullable().optional(),
        caseRef: z.string().nullable().optional(),
      })
      .nullable(),
  })
  .meta({ id: 'Unit' });
export type TUnit = z.infer<typeof ZUnit>;

const ZUnitCommand = z.object({ commandId: z.uuid(), unitId: z.uuid() });

const ZCallSign = z.string().trim().toUpperCase().min(1, 'Enter a call sign').max(40);
const ZCrew = z.array(z.string()).min(1, 'A unit needs at least one crew member').max(6, 'At most six crew members');

export const ZUnitRegisterRequest = ZUnitCommand.extend({
  callSign: ZCallSign,
  kind: ZUnitKind,
  organisationId: z.string().min(1).max(64),
  memberUserIds: ZCrew,
}).meta({ id: 'UnitRegisterRequest' });
export const ZUnitUpdateDetailsRequest = ZUnitCommand.extend({
  expectedVersion: z.int().min(1),
  changes: z.object({ callSign: ZCallSign, kind: ZUnitKind, organisationId: z.string().min(1).max(64) }).partial(),
  reason: z.string().trim().max(300).default(''),
}).meta({ id: 'UnitUpdateDetailsRequest' });
export const ZUnitSetCrewRequest = ZUnitCommand.extend({
  expectedVersion: z.int().min(1),
  memberUserIds: ZCrew,
  reason: z.string().trim().max(300).default(''),
}).meta({ id: 'UnitSetCrewRequest' });
export const ZUnitSetShiftRequest = ZUnitCommand.extend({ isOnShift: z.boolean() }).meta({ id: 'UnitSetShiftRequest' });
export const ZUnitDispatchRequest = ZUnitCommand.extend({
  caseId: z.uuid(),
  /** Needed to take a unit that is committed elsewhere (re-tasking). */
  retaskReason: z.string().trim().max(300).optional(),
}).meta({ id: 'UnitDispatchRequest' });
export const ZUnitAcceptRequest = ZUnitCommand.meta({ id: 'UnitAcceptRequest' });
export const ZUnitDeclineRequest = ZUnitCommand.extend({
  reason: z.string().trim().min(1, 'Say why').max(300),
}).meta({ id: 'UnitDeclineRequest' });
export const ZUnitSetStatusRequest = ZUnitCommand.extend({
  status: ZUnitStatus,
  /** The version the tablet saw: a status changed meanwhile by someone else is a conflict, not an overwrite. */
  expectedVersion: z.int().min(1),
  /**
   * When the crew made the change, if the tablet kept it while offline. Recorded alongside the
   * server's time, and only between the unit's previous status and now (SPEC S-25).
   */
  occurredAt: ZInstant.optional(),
}).meta({ id: 'UnitSetStatusRequest' });
export const ZUnitSetLocationRequest = ZUnitCommand.extend({
  lat: z.number().min(-90).max(90),
  lng: z.number().min(-180).max(180),
  source: z.enum(['device', 'manual']),
}).meta({ id: 'UnitSetLocationRequest' });
/** The position at the moment of the SOS, if the device could give one within a few seconds. */
export const ZUnitSosRequest = ZUnitCommand.extend({
  position: z
    .object({ lat: z.number().min(-90).max(90), lng: z.number().min(-180).max(180) })
    .nullable()
    .optional(),
}).meta({ id: 'UnitSosRequest' });
export type TUnitSosRequest = z.infer<typeof ZUnitSosRequest>;
export const ZUnitAcknowledgeSosRequest = ZUnitCommand.meta({ id: 'UnitAcknowledgeSosRequest' });
/** The hub takes a unit off its job, or cancels its dispatch; the crew read the reason. */
export const ZUnitStandDownRequest = ZUnitCommand.extend({
  reason: z.string().trim().min(3, 'Say why the unit is stood down').max(300),
}).meta({ id: 'UnitStandDownRequest' });

export type TUnitRegisterRequest = z.infer<typeof ZUnitRegisterRequest>;
export type TUnitUpdateDetailsRequest = z.infer<typeof ZUnitUpdateDetailsRequest>;
export type TUnitSetCrewRequest = z.infer<typeof ZUnitSetCrewRequest>;
export type TUnitDispatchRequest = z.infer<typeof ZUnitDispatchRequest>;
export type TUnitSetStatusRequest = z.infer<typeof ZUnitSetStatusRequest>;
export type TUnitSetLocationRequest = z.infer<typeof ZUnitSetLocationRequest>;

export const ZUnitCommandResult = z.object({ unit: ZUnit, seq: z.int() }).meta({ id: 'UnitCommandResult' });
export type TUnitCommandResult = z.infer<typeof ZUnitCommandResult>;
export const ZUnitList = z.object({ units: z.array(ZUnit) }).meta({ id: 'UnitList' });

/** The response-interval stamps of a case (later KPIs), each taken from an event. */
export const RESPONSE_STAMPS = [
  'callReceived',
  'triaged',
  'dispatched',
  'accepted',
  'enRoute',
  'onScene',
  'leftScene',
  'atDestination',
  'handedOver',
  'clear',
] as const;
export type TResponseStamp = (typeof RESPONSE_STAMPS)[number];
export const ZResponseIntervals = z
  .object(
    Object.fromEntries(RESPONSE_STAMPS.map((s) => [s, ZInstant.nullable()])) as Record<
      TResponseStamp,
      z.ZodNullable<typeof ZInstant>
    >,
  )
  .meta({ id: 'ResponseIntervals' });
export type TResponseIntervals = Record<TResponseStamp, string | null>;
