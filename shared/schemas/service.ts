import { z } from 'zod';
import { ZCoordinates } from './case';
import { ZInstant, ZPlaceCategory, type TPlaceCategory } from './common';
import { ZRole } from './user';

/**
 * What a service is, by MHSDS team type where one exists. Police custody exists only as a record of
 * use: it is never offered as a place (R-LRO-1).
 */
export const SERVICE_KINDS = ['A21', 'A25', 'A02', 'A23', 'A20', 'ED', 'custody'] as const;
export const ZServiceKind = z.enum(SERVICE_KINDS);
export type TServiceKind = z.infer<typeof ZServiceKind>;
export const SERVICE_KIND_LABELS: Record<TServiceKind, string> = {
  A21: 'Crisis café / safe haven',
  A25: 'Crisis house',
  A02: 'Crisis resolution / home treatment',
  A23: 'Psychiatric decision unit',
  A20: 'Health-based place of safety',
  ED: 'Emergency department',
  custody: 'Police custody (record only)',
};

/** "HH:MM" in Europe/London; a session that closes after midnight runs into the next day. */
const ZClock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'Use HH:MM');
export const ZOpeningSession = z.object({
  day: z.int().min(1).max(7).meta({ description: '1 = Monday … 7 = Sunday' }),
  opens: ZClock,
  closes: ZClock,
});
export const ZOpeningHours = z.object({
  isAlwaysOpen: z.boolean(),
  weekly: z.array(ZOpeningSession),
  /** Dated exceptions such as bank holidays: closed all day, or open for these sessions instead. */
  exceptions: z.array(z.object({ date: z.iso.date(), sessions: z.array(z.object({ opens: ZClock, closes: ZClock })) })),
});
export type TOpeningHours = z.infer<typeof ZOpeningHours>;

export const REFERRAL_ROUTES = ['self-referral', 'professional-referral', 'walk-in'] as const;
export const ZEligibility = z.object({
  minAge: z.int().min(0).nullable(),
  maxAge: z.int().min(0).nullable(),
  referralRoutes: z.array(z.enum(REFERRAL_ROUTES)),
  acceptsS136: z.boolean(),
  acceptsIntoxicated: z.boolean(),
  excludesUrgentMedicalNeed: z.boolean(),
  accessNotes: z.string(),
});
export type TEligibility = z.infer<typeof ZEligibility>;

export { PLACE_CATEGORIES, ZPlaceCategory, type TPlaceCategory } from './common';
export const PLACE_CATEGORY_LABELS: Record<TPlaceCategory, string> = { adult: 'Adult', under18: 'Under-18' };

/**
 * Each place is free, occupied, being cleaned or closed (with a reason). Free is never stored: it is
 * total − occupied − cleaning − closed − held, so counts always add up (shared/rules/capacity.ts).
 */
export const PLACE_STATES = ['free', 'occupied', 'cleaning', 'closed'] as const;
export const ZPlaceState = z.enum(PLACE_STATES);
export type TPlaceState = z.infer<typeof ZPlaceState>;

export const ZPlaceCounts = z.object({
  total: z.int().min(0).max(500),
  occupied: z.int().min(0).max(500),
  cleaning: z.int().min(0).max(500),
  closed: z.int().min(0).max(500),
  closedReason: z.string().max(200).nullable(),
});
export type TPlaceCounts = z.infer<typeof ZPlaceCounts>;

/** Every figure carries when it was last confirmed, and by whom. */
export const ZCapacity = z.object({
  adult: ZPlaceCounts,
  under18: ZPlaceCounts,
  confirmedAt: ZInstant,
  confirmedBy: z.string(),
});
export type TCapacity = z.infer<typeof ZCapacity>;

export const SERVICE_STATUSES = ['open', 'closed', 'full', 'diverting'] as const;
export const ZServiceStatus = z.enum(SERVICE_STATUSES);
export type TServiceStatus = z.infer<typeof ZServiceStatus>;

/** A place held for a named case so two crews do not race to the last one. */
export const ZHold = z
  .object({
    id: z.uuid(),
    /** Null (like caseRef, placedBy and note) where the policy withholds it from the reader. */
    caseId: z.uuid().nullable(),
    caseRef: z.string().nullable(),
    category: ZPlaceCategory,
    state: z.enum(['held', 'accepted']),
    placedAt: ZInstant,
    expiresAt: ZInstant,
    placedBy: z.object({ id: z.string().optional(), name: z.string(), role: ZRole }).nullable(),
    note: z.string().nullable(),
    /**
     * A place of safety chosen for a detention (R-POS-REGISTRY) rather than a crisis alternative held by
     * the hub: shown as "s136" on the receiving screens. Absent on holds recorded before it existed.
     */
    purpose: z.enum(['place', 'place-of-safety']).optional(),
  })
  .meta({ id: 'Hold' });
export type THoldPurpose = NonNullable<THold['purpose']>;

/** How a hold ended, kept for a while so the receiving service still sees who came (R-LINK-RECEIVING). */
export const ZEndedHold = z.object({
  holdId: z.string(),
  caseId: z.uuid().nullable(),
  caseRef: z.string().nullable(),
  category: ZPlaceCategory,
  purpose: z.enum(['place', 'place-of-safety']).optional(),
  how: z.enum(['arrived', 'released', 'declined', 'expired']),
  endedAt: ZInstant,
});
export type TEndedHold = z.infer<typeof ZEndedHold>;
export type THold = z.infer<typeof ZHold>;

/** What the registry records about a service (everything but its live figures). */
export const ZServiceDetails = z.object({
  name: z.string().trim().min(1).max(120),
  kind: ZServiceKind,
  /** The organisation that runs it: its staff keep its figures. */
  organisationId: z.string().min(1).max(64),
  address: z.string().max(300),
  coordinates: ZCoordinates.nullable(),
  phone: z.string().max(40),
  hours: ZOpeningHours,
  eligibility: ZEligibility,
});
export type TServiceDetails = z.infer<typeof ZServiceDetails>;

export const ZService = ZServiceDetails.extend({
  id: z.uuid(),
  areaId: z.string(),
  version: z.int(),
  updatedAt: ZInstant,
  capacity: ZCapacity,
  status: ZServiceStatus,
  statusReason: z.string().nullable(),
  holds: z.array(ZHold),
  /**
   * The last hold released or expired here: the receiving service is told which card and why, so staff
   * expecting someone know they are not coming (R-LINK-CLOSE). Null where the policy withholds it.
   */
  lastReleasedHold: z
    .object({ caseRef: z.string().nullable(), at: ZInstant, by: z.string(), reason: z.string() })
    .nullable()
    .optional(),
  /**
   * Holds that ended here recently (arrived, released, declined, expired), newest last: the receiving
   * service keeps seeing the card for a set time after (R-LINK-RECEIVING). Empty where the policy
   * withholds it.
   */
  recentHolds: z.array(ZEndedHold).optional(),
}).meta({ id: 'Service' });
export type TService = z.infer<typeof ZService>;

const ZServiceCommand = z.object({ commandId: z.uuid(), serviceId: z.uuid() });
const ZReason = z.string().trim().max(300);

export const ZServiceRegisterRequest = ZServiceDetails.extend({
  commandId: z.uuid(),
  serviceId: z.uuid(),
  places: z.object({ adult: z.int().min(0).max(500), under18: z.int().min(0).max(500) }),
}).meta({ id: 'ServiceRegisterRequest' });
export const ZServiceUpdateDetailsRequest = ZServiceCommand.extend({
  expectedVersion: z.int().min(1),
  changes: ZServiceDetails.partial(),
  reason: ZReason.optional(),
}).meta({ id: 'ServiceUpdateDetailsRequest' });
/** The registry's totals per category (duty managers and administrators). */
export const ZServiceSetTotalsRequest = ZServiceCommand.extend({
  expectedVersion: z.int().min(1),
  totals: z.object({ adult: z.int().min(0).max(500), under18: z.int().min(0).max(500) }),
  reason: ZReason.optional(),
}).meta({ id: 'ServiceSetTotalsRequest' });
export type TServiceSetTotalsRequest = z.infer<typeof ZServiceSetTotalsRequest>;
/** Moves one or more places from one state to another: "a room is now occupied", "cleaned". */
export const ZServiceMovePlacesRequest = ZServiceCommand.extend({
  category: ZPlaceCategory,
  from: ZPlaceState,
  to: ZPlaceState,
  count: z.int().min(1).max(50).default(1),
  reason: ZReason.optional(),
})
  .refine((v) => v.from !== v.to, { message: 'Choose a different state', path: ['to'] })
  .refine((v) => v.to !== 'closed' || (v.reason ?? '').length > 0, {
    message: 'Say why the place is closed',
    path: ['reason'],
  })
  .meta({ id: 'ServiceMovePlacesRequest' });
/** Sets every figure of a category at once (a recount), based on the version the person saw. */
export const ZServiceSetPlacesRequest = ZServiceCommand.extend({
  expectedVersion: z.int().min(1),
  category: ZPlaceCategory,
  counts: ZPlaceCounts,
  reason: ZReason.optional(),
})
  .refine((v) => v.counts.occupied + v.counts.cleaning + v.counts.closed <= v.counts.total, {
    message: 'Occupied, cleaning and closed places cannot exceed the total',
    path: ['counts', 'total'],
  })
  .refine((v) => v.counts.closed === 0 || (v.counts.closedReason ?? '').length > 0, {
    message: 'Say why places are closed',
    path: ['counts', 'closedReason'],
  })
  .meta({ id: 'ServiceSetPlacesRequest' });
export const ZServiceSetStatusRequest = ZServiceCommand.extend({
  status: ZServiceStatus,
  reason: ZReason.optional(),
})
  .refine((v) => v.status === 'open' || (v.reason ?? '').length > 0, {
    message: 'Say why (people will see it)',
    path: ['reason'],
  })
  .meta({ id: 'ServiceSetStatusRequest' });
export const ZServiceConfirmRequest = ZServiceCommand.meta({ id: 'ServiceConfirmRequest' });

export const ZHoldPlaceRequest = ZServiceCommand.extend({
  holdId: z.uuid(),
  caseId: z.uuid(),
  category: ZPlaceCategory,
  note: z.string().trim().max(500).default(''),
}).meta({ id: 'HoldPlaceRequest' });
const ZHoldCommand = ZServiceCommand.extend({ holdId: z.uuid() });
export const ZHoldAcceptRequest = ZHoldCommand.meta({ id: 'HoldAcceptRequest' });
/** R-NTA-1: a decline needs a reason and an onward route, and is counted as a turn-away. */
export const ZHoldDeclineRequest = ZHoldCommand.extend({
  reason: z.string().trim().min(1, 'Say why').max(300),
  onwardRoute: z.string().trim().min(1, 'Say where the person should go instead').max(300),
}).meta({ id: 'HoldDeclineRequest' });
export const ZHoldArriveRequest = ZHoldCommand.meta({ id: 'HoldArriveRequest' });
export const ZHoldReleaseRequest = ZHoldCommand.extend({ reason: z.string().trim().min(1, 'Say why').max(300) }).meta({
  id: 'HoldReleaseRequest',
});

export type TServiceRegisterRequest = z.infer<typeof ZServiceRegisterRequest>;
export type TServiceUpdateDetailsRequest = z.infer<typeof ZServiceUpdateDetailsRequest>;
export type TServiceMovePlacesRequest = z.infer<typeof ZServiceMovePlacesRequest>;
export type TServiceSetPlacesRequest = z.infer<typeof ZServiceSetPlacesRequest>;
export type TServiceSetStatusRequest = z.infer<typeof ZServiceSetStatusRequest>;
export type THoldPlaceRequest = z.infer<typeof ZHoldPlaceRequest>;
export type THoldDeclineRequest = z.infer<typeof ZHoldDeclineRequest>;
export type THoldReleaseRequest = z.infer<typeof ZHoldReleaseRequest>;

/** What a service command returns: the service as the actor may see it, and the last event's seq. */
export const ZServiceCommandResult = z.object({ service: ZService, seq: z.int() }).meta({ id: 'ServiceCommandResult' });
export type TServiceCommandResult = z.infer<typeof ZServiceCommandResult>;
