import { z } from 'zod';
import { ZCoordinates } from './case';
import { ZInstant } from './common';

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

/** Places by category; every figure carries when it was last confirmed, and by whom. */
export const ZCapacity = z.object({
  adult: z.object({ free: z.int().min(0), total: z.int().min(0) }),
  under18: z.object({ free: z.int().min(0), total: z.int().min(0) }),
  confirmedAt: ZInstant,
  confirmedBy: z.string(),
});
export type TCapacity = z.infer<typeof ZCapacity>;

export const ZServiceStatus = z.enum(['open', 'closed', 'full', 'diverting']);

export const ZService = z
  .object({
    id: z.string(),
    name: z.string(),
    kind: ZServiceKind,
    areaId: z.string(),
    coordinates: ZCoordinates.nullable(),
    phone: z.string(),
    hours: ZOpeningHours,
    eligibility: ZEligibility,
    capacity: ZCapacity,
    status: ZServiceStatus,
  })
  .meta({ id: 'Service' });
export type TService = z.infer<typeof ZService>;
