import { ZHandoverAcknowledgeRequest, ZHandoverWriteRequest } from './schemas/handover';
import { z } from 'zod';
import {
  ZCaseAddNoteRequest,
  ZCaseBreakGlassRequest,
  ZCaseReviewBreakGlassRequest,
  ZCaseDecidePersonLinkRequest,
  ZCaseCard,
  ZCaseCloseRequest,
  ZCaseReopenRequest,
  ZCaseCreateRequest,
  ZCaseMarkContactLostRequest,
  ZCaseRestoreContactRequest,
  ZCaseTakeOwnershipRequest,
  ZCaseUpdateRequest,
  ZTimelineEntry,
  type TCaseChanged,
  type TCommandResult,
} from './schemas/case';
import {
  ZAcknowledgeAlertRequest,
  ZChoosePlaceOfSafetyRequest,
  ZDetainRequest,
  ZEndDetentionRequest,
  ZExtendDetentionRequest,
  ZRecordArrivalRequest,
  ZRecordAssessmentRequest,
  ZRecordHandoverRequest,
  ZRecordWelfareCheckRequest,
} from './schemas/detention';
import {
  ZHoldAcceptRequest,
  ZHoldArriveRequest,
  ZHoldDeclineRequest,
  ZHoldPlaceRequest,
  ZHoldReleaseRequest,
  ZService,
  ZServiceConfirmRequest,
  ZServiceMovePlacesRequest,
  ZServiceRegisterRequest,
  ZServiceSetPlacesRequest,
  ZServiceSetStatusRequest,
  ZServiceSetTotalsRequest,
  ZServiceUpdateDetailsRequest,
  type TService,
  type TServiceCommandResult,
} from './schemas/service';
import {
  ZUnitAcceptRequest,
  ZUnitAcknowledgeSosRequest,
  ZUnitStandDownRequest,
  ZUnitDeclineRequest,
  ZUnitDispatchRequest,
  ZUnitRegisterRequest,
  ZUnitSetCrewRequest,
  ZUnitSetLocationRequest,
  ZUnitSetShiftRequest,
  ZUnitUpdateDetailsRequest,
  ZUnitSetStatusRequest,
  ZUnitSosRequest,
  type TUnit,
  type TUnitCommandResult,
} from './schemas/unit';
import {
  ZAreaUpdateRequest,
  ZOrganisationCreateRequest,
  ZOrganisationUpdateRequest,
  ZUserCreateRequest,
  ZUserResetMfaRequest,
  ZUserRevokeSessionsRequest,
  ZUserSetEnabledRequest,
  ZUserSetTemporaryPasswordRequest,
  ZUserUpdateRequest,
  type TAccountCommandResult,
  type TAreaCommandResult,
  type TOrganisationCommandResult,
} from './schemas/account';
import type { TAck } from './errors';
import type { TCaseCommand } from './rules/permissions';
import type { TActor } from './schemas/user';

/** Bumped whenever a payload changes incompatibly; an older tab is told to reload. */
export const PROTOCOL_VERSION = 8;

/** Every client → server command and the schema its payload must pass. */
export const COMMAND_SCHEMAS = {
  'case:create': ZCaseCreateRequest,
  'case:update': ZCaseUpdateRequest,
  'case:add-note': ZCaseAddNoteRequest,
  'case:take-ownership': ZCaseTakeOwnershipRequest,
  'case:mark-contact-lost': ZCaseMarkContactLostRequest,
  'case:restore-contact': ZCaseRestoreContactRequest,
  'case:close': ZCaseCloseRequest,
  'case:reopen': ZCaseReopenRequest,
  'case:detain': ZDetainRequest,
  'case:choose-place-of-safety': ZChoosePlaceOfSafetyRequest,
  'case:record-arrival': ZRecordArrivalRequest,
  'case:record-welfare-check': ZRecordWelfareCheckRequest,
  'case:record-handover': ZRecordHandoverRequest,
  'case:record-assessment': ZRecordAssessmentRequest,
  'case:extend-detention': ZExtendDetentionRequest,
  'case:end-detention': ZEndDetentionRequest,
  'case:acknowledge-alert': ZAcknowledgeAlertRequest,
  'case:break-glass': ZCaseBreakGlassRequest,
  'case:review-break-glass': ZCaseReviewBreakGlassRequest,
  'case:decide-person-link': ZCaseDecidePersonLinkRequest,
} as const satisfies Record<TCaseCommand, z.ZodType>;

export type TCommandInput<C extends TCaseCommand> = z.infer<(typeof COMMAND_SCHEMAS)[C]>;
/** What a client sends for a case command: fields with defaults may be left out. */
export type TCommandPayload<C extends TCaseCommand> = z.input<(typeof COMMAND_SCHEMAS)[C]>;

/** Commands on the service registry, capacity and holds (one stream per service). */
export const SERVICE_COMMAND_SCHEMAS = {
  'service:register': ZServiceRegisterRequest,
  'service:update-details': ZServiceUpdateDetailsRequest,
  'service:set-totals': ZServiceSetTotalsRequest,
  'service:move-places': ZServiceMovePlacesRequest,
  'service:set-places': ZServiceSetPlacesRequest,
  'service:set-status': ZServiceSetStatusRequest,
  'service:confirm': ZServiceConfirmRequest,
  'hold:place': ZHoldPlaceRequest,
  'hold:accept': ZHoldAcceptRequest,
  'hold:decline': ZHoldDeclineRequest,
  'hold:arrive': ZHoldArriveRequest,
  'hold:release': ZHoldReleaseRequest,
} as const;
export type TServiceCommand = keyof typeof SERVICE_COMMAND_SCHEMAS;
export const SERVICE_COMMANDS = Object.keys(SERVICE_COMMAND_SCHEMAS) as TServiceCommand[];
export type TServiceCommandInput<C extends TServiceCommand> = z.infer<(typeof SERVICE_COMMAND_SCHEMAS)[C]>;

/** Commands on units: shifts, dispatch and its acceptance, status, location, SOS. */
export const UNIT_COMMAND_SCHEMAS = {
  'unit:register': ZUnitRegisterRequest,
  'unit:update-details': ZUnitUpdateDetailsRequest,
  'unit:set-crew': ZUnitSetCrewRequest,
  'unit:set-shift': ZUnitSetShiftRequest,
  'unit:dispatch': ZUnitDispatchRequest,
  'unit:accept': ZUnitAcceptRequest,
  'unit:decline': ZUnitDeclineRequest,
  'unit:set-status': ZUnitSetStatusRequest,
  'unit:set-location': ZUnitSetLocationRequest,
  'unit:sos': ZUnitSosRequest,
  'unit:acknowledge-sos': ZUnitAcknowledgeSosRequest,
  'unit:stand-down': ZUnitStandDownRequest,
} as const;
export type TUnitCommand = keyof typeof UNIT_COMMAND_SCHEMAS;
export const UNIT_COMMANDS = Object.keys(UNIT_COMMAND_SCHEMAS) as TUnitCommand[];
export type TUnitCommandInput<C extends TUnitCommand> = z.infer<(typeof UNIT_COMMAND_SCHEMAS)[C]>;
export type TUnitChanged = { seq: number; unit: TUnit };

/** Shift handover notes (R-HANDOVER): the control room's, by HTTP. */
export const HANDOVER_COMMAND_SCHEMAS = {
  'handover:write': ZHandoverWriteRequest,
  'handover:acknowledge': ZHandoverAcknowledgeRequest,
} as const;
export type THandoverCommand = keyof typeof HANDOVER_COMMAND_SCHEMAS;

/**
 * Administration of the area: its name, organisations and accounts (administrators only; over HTTP,
 * where every one of them is also in the OpenAPI document).
 */
export const ADMIN_COMMAND_SCHEMAS = {
  'area:update': ZAreaUpdateRequest,
  'organisation:create': ZOrganisationCreateRequest,
  'organisation:update': ZOrganisationUpdateRequest,
  'user:create': ZUserCreateRequest,
  'user:update': ZUserUpdateRequest,
  'user:set-enabled': ZUserSetEnabledRequest,
  'user:set-temporary-password': ZUserSetTemporaryPasswordRequest,
  'user:reset-mfa': ZUserResetMfaRequest,
  'user:revoke-sessions': ZUserRevokeSessionsRequest,
} as const;
export type TAdminCommand = keyof typeof ADMIN_COMMAND_SCHEMAS;
export const ADMIN_COMMANDS = Object.keys(ADMIN_COMMAND_SCHEMAS) as TAdminCommand[];
export type TAdminCommandInput<C extends TAdminCommand> = z.infer<(typeof ADMIN_COMMAND_SCHEMAS)[C]>;
export type TAdminCommandResult<C extends TAdminCommand> = C extends 'area:update'
  ? TAreaCommandResult
  : C extends `organisation:${string}`
    ? TOrganisationCommandResult
    : TAccountCommandResult;

/** A service as it now is, sent to every console of the area after each change. */
export const ZServiceChanged = z.object({ seq: z.int(), service: ZService });
export type TServiceChanged = { seq: number; service: TService };

export const ZSyncRequest = z.object({ afterSeq: z.int().min(0) });
export type TSyncRequest = z.infer<typeof ZSyncRequest>;

/** A gap longer than this is not replayed: the client refetches everything instead (SPEC S-9). */
export const MAX_SYNC_EVENTS = 500;

export const ZSyncResponse = z.discriminatedUnion('isComplete', [
  z.object({
    isComplete: z.literal(true),
    headSeq: z.int(),
    /** Every missed event as a timeline line, oldest first. */
    entries: z.array(ZTimelineEntry),
    /** Each touched card once, as it now is: 100 changes to 6 cards send 6 cards, not 100. */
    cards: z.array(ZCaseCard),
  }),
  z.object({ isComplete: z.literal(false), headSeq: z.int() }),
]);
export type TSyncResponse = z.infer<typeof ZSyncResponse>;

/**
 * The commands a field crew can make without a connection (SPEC S-25): kept on the device, then sent
 * together in one `outbox:replay` (S-30). Each still passes its own schema and authorisation.
 */
export const OUTBOX_COMMANDS = [
  'unit:accept',
  'unit:decline',
  'unit:set-status',
  'case:add-note',
  'case:record-arrival',
  'case:record-welfare-check',
  'case:record-handover',
  'unit:set-location',
  'hold:place',
] as const satisfies readonly (TUnitCommand | TCaseCommand | TServiceCommand)[];
export type TOutboxCommandName = (typeof OUTBOX_COMMANDS)[number];
/** At most this many kept changes go in one replay; more wait for the next. */
export const MAX_REPLAY_ENTRIES = 50;

/**
 * Kept changes in the order they were made. `followsPrevious`: made while an earlier change to the same
 * unit, card or service was waiting, so the server bases it on that change's result (its version).
 */
export const ZOutboxReplayRequest = z.object({
  entries: z
    .array(
      z.object({
        name: z.enum(OUTBOX_COMMANDS),
        payload: z.record(z.string(), z.unknown()),
        followsPrevious: z.boolean(),
      }),
    )
    .min(1)
    .max(MAX_REPLAY_ENTRIES),
});
export type TOutboxReplayRequest = z.infer<typeof ZOutboxReplayRequest>;
/** One answer per entry, in order; null: not tried, because an earlier change to its stream was refused. */
export type TOutboxReplayResponse = {
  results: (TAck<TCommandResult | TUnitCommandResult | TServiceCommandResult> | null)[];
};

export const ZPresenceRequest = z.object({ caseId: z.uuid().nullable() });
export interface TPresence {
  caseId: string;
  viewers: TActor[];
}

export interface THandshake {
  protocolVersion: number;
  serverTime: string;
  headSeq: number;
  user: { id: string; displayName: string; role: string };
}

/** What a client may send: fields with defaults may be left out. */
type TUnitCommandPayload<C extends TUnitCommand> = z.input<(typeof UNIT_COMMAND_SCHEMAS)[C]>;
type TServiceCommandPayload<C extends TServiceCommand> = z.input<(typeof SERVICE_COMMAND_SCHEMAS)[C]>;

type TCommandEmitters = {
  [C in TCaseCommand]: (payload: TCommandPayload<C>, ack: (res: TAck<TCommandResult>) => void) => void;
} & {
  [C in TUnitCommand]: (payload: TUnitCommandPayload<C>, ack: (res: TAck<TUnitCommandResult>) => void) => void;
} & {
  [C in TServiceCommand]: (payload: TServiceCommandPayload<C>, ack: (res: TAck<TServiceCommandResult>) => void) => void;
};

/** client → server socket events */
export interface TClientToServerEvents extends TCommandEmitters {
  'sync:since': (payload: TSyncRequest, ack: (res: TAck<TSyncResponse>) => void) => void;
  /** A tablet's kept changes, in order, in one round trip (S-30). */
  'outbox:replay': (payload: TOutboxReplayRequest, ack: (res: TAck<TOutboxReplayResponse>) => void) => void;
  'presence:view': (payload: z.infer<typeof ZPresenceRequest>) => void;
  /** The person used the console (at most once a minute): keeps the session from locking. */
  'session:active': () => void;
}

/** server → client socket events (past tense) */
export interface TServerToClientEvents {
  'session:ready': (handshake: THandshake) => void;
  'case:changed': (message: TCaseChanged) => void;
  'service:changed': (message: TServiceChanged) => void;
  'unit:changed': (message: TUnitChanged) => void;
  'presence:changed': (presence: TPresence) => void;
  'session:ended': (reason: { reason: 'logged-out' | 'expired' | 'revoked' }) => void;
  /** The session was idle too long: enter the password to carry on (the screen is kept). */
  'session:locked': (empty: Record<string, never>) => void;
  /** Administrators: an account, organisation or the area changed. */
  'admin:changed': (change: { kind: 'area' | 'organisation' | 'user'; id: string; seq: number }) => void;
  /** A shift handover note was written or acknowledged: the control room fetches the handover again. */
  'handover:changed': (change: { seq: number }) => void;
  /** Names of the area or its organisations changed: fetch the directory again. */
  'directory:changed': (change: { seq: number }) => void;
}

/** Sent by the client in the socket.io `auth` payload. */
export const ZSocketAuth = z.object({ protocolVersion: z.int() });
