import { z } from 'zod';

export const ROLES = [
  'operator',
  'triage-clinician',
  'police-officer',
  'ambulance-clinician',
  'pos-staff',
  'provider',
  'duty-manager',
  'amhp',
  'admin',
  'board',
  'ig-lead',
  'commissioner',
] as const;
export const ZRole = z.enum(ROLES);
export type TRole = z.infer<typeof ZRole>;

export const ROLE_LABELS: Record<TRole, string> = {
  operator: 'Crisis-line operator',
  'triage-clinician': 'Street-triage clinician',
  'police-officer': 'Police officer',
  'ambulance-clinician': 'Ambulance clinician',
  'pos-staff': 'Place-of-safety staff',
  provider: 'Crisis-alternative staff',
  'duty-manager': 'Duty manager',
  amhp: 'AMHP',
  admin: 'Administrator',
  board: 'Capacity board (display only)',
  'ig-lead': 'Information governance lead',
  commissioner: 'Commissioner (reports only)',
};

/** Usernames are stored lower-case, so "JSmith" and "jsmith" are one account. */
export const ZUsername = z
  .string()
  .trim()
  .toLowerCase()
  .min(3, 'At least 3 characters')
  .max(64)
  .regex(/^[a-z0-9][a-z0-9._-]*$/, 'Letters, digits, dots, dashes and underscores only');

export const ZUser = z
  .object({
    id: z.string(),
    username: z.string(),
    displayName: z.string(),
    role: ZRole,
    organisationId: z.string(),
    areaId: z.string(),
  })
  .meta({ id: 'User' });
export type TUser = z.infer<typeof ZUser>;

/** Who did something, as shown on a timeline. */
export const ZActor = z.object({ id: z.string(), name: z.string(), role: ZRole }).meta({ id: 'Actor' });
export type TActor = z.infer<typeof ZActor>;

export const ZLoginRequest = z
  .object({
    username: z.string().trim().toLowerCase().min(1, 'Enter your username').max(100),
    password: z.string().min(1, 'Enter your password').max(200),
  })
  .meta({ id: 'LoginRequest' });
export type TLoginRequest = z.infer<typeof ZLoginRequest>;

/** The area a session works in, for headings and the demo band. */
export const ZAreaSummary = z
  .object({ id: z.string(), name: z.string(), shortCode: z.string(), isDemo: z.boolean() })
  .meta({ id: 'AreaSummary' });
export type TAreaSummary = z.infer<typeof ZAreaSummary>;

/**
 * Where the console's map draws its background from: the area's own tile service when one is configured,
 * else a GeoJSON basemap shipped with the console (the demo's fictional Kestrel Vale), else none.
 */
export const ZMapSource = z
  .object({ tiles: z.string().nullable(), attribution: z.string(), basemap: z.string().nullable() })
  .meta({ id: 'MapSource' });
export type TMapSource = z.infer<typeof ZMapSource>;
/** The demo area's fictional basemap (roads, river, built-up areas), served with the console. */
export const DEMO_BASEMAP = '/basemap-kestrel-vale.geojson';

export const ZSessionInfo = z
  .object({
    stage: z.literal('active'),
    user: ZUser,
    area: ZAreaSummary,
    serverTime: z.string(),
    protocolVersion: z.int(),
    /** Minutes without input before the console locks and asks for the password; 0 means never. */
    idleLockMinutes: z.number().min(0),
    map: ZMapSource,
  })
  .meta({ id: 'SessionInfo' });
export type TSessionInfo = z.infer<typeof ZSessionInfo>;

/**
 * The steps of logging in after the password, in order: the second factor, a new password when the
 * current one is temporary, and MFA enrolment for an account that has none. `locked` is an active
 * session left idle: the password brings it back without losing the screen.
 */
export const PENDING_STAGES = ['mfa', 'change-password', 'enrol-mfa', 'locked'] as const;
export type TPendingStage = (typeof PENDING_STAGES)[number];
export type TSessionStage = TPendingStage | 'active';

export const ZPendingSession = z
  .object({ stage: z.enum(PENDING_STAGES), username: z.string(), displayName: z.string() })
  .meta({ id: 'PendingSession' });
export type TPendingSession = z.infer<typeof ZPendingSession>;

/** What `GET /session` and every login step answer: the whole session, or the next step to take. */
export const ZSessionState = z
  .discriminatedUnion('stage', [ZSessionInfo, ZPendingSession])
  .meta({ id: 'SessionState' });
export type TSessionState = z.infer<typeof ZSessionState>;

/** Passwords: at least 12 characters; the server also checks strength against common-password lists. */
export const PASSWORD_MIN_LENGTH = 12;
export const ZNewPassword = z
  .string()
  .min(PASSWORD_MIN_LENGTH, `At least ${PASSWORD_MIN_LENGTH} characters`)
  .max(200, 'At most 200 characters');

export const ZChangePasswordRequest = z
  .object({
    /** Not needed right after logging in with a temporary password. */
    currentPassword: z.string().max(200).optional(),
    newPassword: ZNewPassword,
  })
  .meta({ id: 'ChangePasswordRequest' });
export type TChangePasswordRequest = z.infer<typeof ZChangePasswordRequest>;

/** A six-digit code from the authenticator app, or one of the recovery codes. */
export const ZMfaCodeRequest = z
  .object({
    code: z
      .string()
      .trim()
      .min(6, 'Enter the six-digit code')
      .max(20)
      .transform((c) => c.replace(/\s+/g, '')),
  })
  .meta({ id: 'MfaCodeRequest' });
export type TMfaCodeRequest = z.infer<typeof ZMfaCodeRequest>;

export const ZMfaEnrolment = z
  .object({
    /** Base32, for typing into an app by hand. */
    secret: z.string(),
    /** The otpauth:// address the QR code carries. */
    uri: z.string(),
    /** The QR code as an SVG document. */
    qrSvg: z.string(),
  })
  .meta({ id: 'MfaEnrolment' });
export type TMfaEnrolment = z.infer<typeof ZMfaEnrolment>;

export const ZMfaEnrolled = z
  .object({ recoveryCodes: z.array(z.string()), session: ZSessionState })
  .meta({ id: 'MfaEnrolled' });
export type TMfaEnrolled = z.infer<typeof ZMfaEnrolled>;

export const ZUnlockRequest = z.object({ password: z.string().min(1, 'Enter your password').max(200) }).meta({
  id: 'UnlockRequest',
});
export type TUnlockRequest = z.infer<typeof ZUnlockRequest>;
