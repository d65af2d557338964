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
};

export const ZUser = z
  .object({
    id: z.string(),
    username: z.string(),
    displayName: z.string(),
    role: ZRole,
    organisation: z.string(),
    areaId: z.string(),
  })
  .meta({ id: 'User' });
export type TUser = z.infer<typeof ZUser>;

/** Who did something, as shown on a timeline. */
export const ZActor = z.object({ id: z.string(), name: z.string(), role: ZRole }).meta({ id: 'Actor' });
export type TActor = z.infer<typeof ZActor>;

export const ZLoginRequest = z
  .object({
    username: z.string().trim().min(1, 'Enter your username').max(100),
    password: z.string().min(1, 'Enter your password').max(200),
  })
  .meta({ id: 'LoginRequest' });
export type TLoginRequest = z.infer<typeof ZLoginRequest>;

export const ZSessionInfo = z
  .object({ user: ZUser, serverTime: z.string(), protocolVersion: z.int() })
  .meta({ id: 'SessionInfo' });
export type TSessionInfo = z.infer<typeof ZSessionInfo>;
