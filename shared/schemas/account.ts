import { z } from 'zod';
import { ZCommandId, ZExpectedVersion, ZInstant } from './common';
import { ZActor, ZAreaSummary, ZNewPassword, ZRole, ZUsername } from './user';

/** A short code people say on the phone ("KV"); upper-case letters, digits and dashes. */
export const ZAreaCode = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z0-9][A-Z0-9-]{1,11}$/, '2 to 12 letters or digits');

export const ZArea = ZAreaSummary.extend({ version: z.int(), updatedAt: ZInstant }).meta({ id: 'Area' });
export type TArea = z.infer<typeof ZArea>;

export const ORGANISATION_KINDS = [
  'nhs-trust',
  'police',
  'ambulance',
  'local-authority',
  'voluntary',
  'other',
] as const;
export const ZOrganisationKind = z.enum(ORGANISATION_KINDS);
export type TOrganisationKind = z.infer<typeof ZOrganisationKind>;
export const ORGANISATION_KIND_LABELS: Record<TOrganisationKind, string> = {
  'nhs-trust': 'NHS trust',
  police: 'Police force',
  ambulance: 'Ambulance service',
  'local-authority': 'Local authority',
  voluntary: 'Voluntary or community organisation',
  other: 'Other',
};

const ZName = z.string().trim().min(1, 'Enter a name').max(120);
/** Organisation ids are UUIDs when made in the product; the demo uses readable ones. */
export const ZOrganisationId = z.string().min(1).max(64);

export const ZOrganisation = z
  .object({
    id: ZOrganisationId,
    areaId: z.string(),
    name: z.string(),
    kind: ZOrganisationKind,
    version: z.int(),
    updatedAt: ZInstant,
  })
  .meta({ id: 'Organisation' });
export type TOrganisation = z.infer<typeof ZOrganisation>;

/** Display names for everyone in an area: nothing about areas or organisations is hard-coded in the client. */
export const ZDirectory = z
  .object({ area: ZAreaSummary, organisations: z.array(ZOrganisation.pick({ id: true, name: true, kind: true })) })
  .meta({ id: 'Directory' });
export type TDirectory = z.infer<typeof ZDirectory>;

/** Contact details as given: both fields present (a change replaces both, never one by default). */
const ZContactExact = z.object({
  phone: z.string().trim().max(40),
  email: z.union([z.literal(''), z.email('Not an email address')]),
});
export const ZContact = z.object({
  phone: ZContactExact.shape.phone.default(''),
  email: ZContactExact.shape.email.default(''),
});
export type TContact = z.infer<typeof ZContact>;

/** A person's account as administrators see it. Secrets (password, MFA) never leave the server. */
export const ZAccount = z
  .object({
    id: z.string(),
    areaId: z.string(),
    username: z.string(),
    displayName: z.string(),
    role: ZRole,
    organisationId: z.string(),
    contact: ZContact,
    isEnabled: z.boolean(),
    /** Made by the demo seed or inside the demo area: fictional, and never mixed with real accounts. */
    isDemo: z.boolean(),
    mustChangePassword: z.boolean(),
    hasMfa: z.boolean(),
    version: z.int(),
    createdAt: ZInstant,
    updatedAt: ZInstant,
  })
  .meta({ id: 'Account' });
export type TAccount = z.infer<typeof ZAccount>;

/** An account with what the administrator needs beside it: units crewed and live sessions. */
export const ZAccountListItem = ZAccount.extend({
  unitCallSigns: z.array(z.string()),
  sessionCount: z.int(),
  lastActiveAt: ZInstant.nullable(),
}).meta({ id: 'AccountListItem' });
export type TAccountListItem = z.infer<typeof ZAccountListItem>;

/** Someone a unit can be crewed by: enabled, in a crew role (for duty managers picking a crew). */
export const ZCrewCandidate = z
  .object({ id: z.string(), displayName: z.string(), role: ZRole, organisationId: z.string() })
  .meta({ id: 'CrewCandidate' });
export type TCrewCandidate = z.infer<typeof ZCrewCandidate>;

export const ZSessionSummary = z
  .object({
    id: z.string(),
    stage: z.enum(['mfa', 'change-password', 'enrol-mfa', 'locked', 'active']),
    createdAt: ZInstant,
    expiresAt: ZInstant,
    lastActiveAt: ZInstant,
    isLocked: z.boolean(),
    /** The browser's own description and the client address, as the server saw them. */
    userAgent: z.string(),
    source: z.string(),
  })
  .meta({ id: 'SessionSummary' });
export type TSessionSummary = z.infer<typeof ZSessionSummary>;

const ZReason = z.string().trim().max(300).default('');
const ZRequiredReason = z.string().trim().min(1, 'Say why (it goes in the administration history)').max(300);

export const ZAreaUpdateRequest = z
  .object({
    commandId: ZCommandId,
    expectedVersion: ZExpectedVersion,
    changes: z.object({ name: ZName, shortCode: ZAreaCode }).partial(),
    reason: ZReason,
  })
  .meta({ id: 'AreaUpdateRequest' });

export const ZOrganisationCreateRequest = z
  .object({ commandId: ZCommandId, organisationId: z.uuid(), name: ZName, kind: ZOrganisationKind, reason: ZReason })
  .meta({ id: 'OrganisationCreateRequest' });

export const ZOrganisationUpdateRequest = z
  .object({
    commandId: ZCommandId,
    organisationId: ZOrganisationId,
    expectedVersion: ZExpectedVersion,
    changes: z.object({ name: ZName, kind: ZOrganisationKind }).partial(),
    reason: ZReason,
  })
  .meta({ id: 'OrganisationUpdateRequest' });

const ZDisplayName = z.string().trim().min(1, 'Enter a name').max(100);
export const ZUserFields = z.object({
  username: ZUsername,
  displayName: ZDisplayName,
  role: ZRole,
  organisationId: ZOrganisationId,
  contact: ZContact.default({ phone: '', email: '' }),
});
/**
 * What a change may name. No field has a default here: a change names only what changes, so a role
 * change never resets someone's contact details.
 */
const ZUserChanges = z
  .object({ displayName: ZDisplayName, role: ZRole, organisationId: ZOrganisationId, contact: ZContactExact })
  .partial();
/** Account ids are UUIDs when made in the product; the demo uses readable ones. */
const ZUserId = z.string().min(1).max(64);

export const ZUserCreateRequest = ZUserFields.extend({
  commandId: ZCommandId,
  userId: z.uuid(),
  /** Leave out to have one generated; either way it must be changed at the first login. */
  temporaryPassword: ZNewPassword.optional(),
  reason: ZReason,
}).meta({ id: 'UserCreateRequest' });

export const ZUserUpdateRequest = z
  .object({
    commandId: ZCommandId,
    userId: ZUserId,
    expectedVersion: ZExpectedVersion,
    changes: ZUserChanges,
    reason: ZReason,
  })
  .refine((v) => v.changes.role === undefined || v.reason.length > 0, {
    message: 'Say why the role changes (it changes what this person sees)',
    path: ['reason'],
  })
  .meta({ id: 'UserUpdateRequest' });

export const ZUserSetEnabledRequest = z
  .object({ commandId: ZCommandId, userId: ZUserId, isEnabled: z.boolean(), reason: ZRequiredReason })
  .meta({ id: 'UserSetEnabledRequest' });

export const ZUserSetTemporaryPasswordRequest = z
  .object({
    commandId: ZCommandId,
    userId: ZUserId,
    temporaryPassword: ZNewPassword.optional(),
    reason: ZRequiredReason,
  })
  .meta({ id: 'UserSetTemporaryPasswordRequest' });

export const ZUserResetMfaRequest = z
  .object({
    commandId: ZCommandId,
    userId: ZUserId,
    /** The reset also sets a temporary password (given, or generated and shown once). */
    temporaryPassword: ZNewPassword.optional(),
    reason: ZRequiredReason,
  })
  .meta({ id: 'UserResetMfaRequest' });

export const ZUserRevokeSessionsRequest = z
  .object({
    commandId: ZCommandId,
    userId: ZUserId,
    /** One session, or every session of the user when left out. */
    sessionId: z.string().max(64).optional(),
    reason: ZRequiredReason,
  })
  .meta({ id: 'UserRevokeSessionsRequest' });

export type TAreaUpdateRequest = z.infer<typeof ZAreaUpdateRequest>;
export type TOrganisationCreateRequest = z.infer<typeof ZOrganisationCreateRequest>;
export type TOrganisationUpdateRequest = z.infer<typeof ZOrganisationUpdateRequest>;
export type TUserFields = z.infer<typeof ZUserFields>;
export type TUserCreateRequest = z.infer<typeof ZUserCreateRequest>;
export type TUserUpdateRequest = z.infer<typeof ZUserUpdateRequest>;
export type TUserSetEnabledRequest = z.infer<typeof ZUserSetEnabledRequest>;
export type TUserSetTemporaryPasswordRequest = z.infer<typeof ZUserSetTemporaryPasswordRequest>;
export type TUserResetMfaRequest = z.infer<typeof ZUserResetMfaRequest>;
export type TUserRevokeSessionsRequest = z.infer<typeof ZUserRevokeSessionsRequest>;

/** What an account command answers; a temporary password is shown once, to the administrator who set it. */
export const ZAccountCommandResult = z
  .object({ account: ZAccount, temporaryPassword: z.string().nullable(), seq: z.int() })
  .meta({ id: 'AccountCommandResult' });
export type TAccountCommandResult = z.infer<typeof ZAccountCommandResult>;

export const ZOrganisationCommandResult = z
  .object({ organisation: ZOrganisation, seq: z.int() })
  .meta({ id: 'OrganisationCommandResult' });
export type TOrganisationCommandResult = z.infer<typeof ZOrganisationCommandResult>;

export const ZAreaCommandResult = z.object({ area: ZArea, seq: z.int() }).meta({ id: 'AreaCommandResult' });
export type TAreaCommandResult = z.infer<typeof ZAreaCommandResult>;

/** One line of the administration history: who changed what, when and why. */
export const ZAdminHistoryEntry = z
  .object({
    seq: z.int(),
    at: ZInstant,
    actor: ZActor,
    type: z.string(),
    /** What it was about: an account, organisation, area, unit or service, by its name. */
    subject: z.string(),
    text: z.string(),
    reason: z.string(),
  })
  .meta({ id: 'AdminHistoryEntry' });
export type TAdminHistoryEntry = z.infer<typeof ZAdminHistoryEntry>;
/** A page of the history: the entries before a sequence (the first page when left out). */
export const ZHistoryQuery = z.object({ before: z.coerce.number().int().positive().optional() });

export const ZAdminHistory = z
  .object({ entries: z.array(ZAdminHistoryEntry), nextBefore: z.int().nullable() })
  .meta({ id: 'AdminHistory' });
export type TAdminHistory = z.infer<typeof ZAdminHistory>;

/** First run without the demo: the area, its first organisation and its first administrator. */
export const ZSetupRequest = z
  .object({
    token: z.string().min(1).max(200),
    areaName: ZName,
    areaCode: ZAreaCode,
    organisationName: ZName,
    organisationKind: ZOrganisationKind,
    displayName: z.string().trim().min(1, 'Enter your name').max(100),
    username: ZUsername,
    password: ZNewPassword,
  })
  .meta({ id: 'SetupRequest' });
export type TSetupRequest = z.infer<typeof ZSetupRequest>;

/** What this installation is, before anyone logs in: the demo, waiting for setup, or a live area. */
export const ZInstanceInfo = z
  .object({ mode: z.enum(['demo', 'setup', 'live']), isReady: z.boolean() })
  .meta({ id: 'InstanceInfo' });
export type TInstanceInfo = z.infer<typeof ZInstanceInfo>;

/** A bulk import: the CSV text, and whether to only check it. */
/** An import's limits: a spreadsheet of a whole area's staff or services fits; a runaway file does not. */
export const IMPORT_MAX_ROWS = 1_000;
export const IMPORT_MAX_COLUMNS = 40;

export const ZImportRequest = z
  .object({
    /** A repeat of the same import is applied once (its temporary passwords are not shown again). */
    commandId: ZCommandId,
    csv: z.string().max(2_000_000),
    isDryRun: z.boolean(),
  })
  .meta({ id: 'ImportRequest' });
export type TImportRequest = z.infer<typeof ZImportRequest>;

/** The row-by-row report of an import (line numbers as in the file, the header being line 1). */
export const ZImportRow = z.object({
  line: z.int(),
  /** What the row is, for people: a username or a service name. */
  label: z.string(),
  action: z.enum(['create', 'error']),
  errors: z.array(z.string()),
  /** A temporary password generated for an imported user: shown once, after the real import. */
  temporaryPassword: z.string().nullable(),
});
export type TImportRow = z.infer<typeof ZImportRow>;
export const ZImportReport = z
  .object({
    isDryRun: z.boolean(),
    isApplied: z.boolean(),
    /** The same commandId was applied before: nothing new was written and no passwords are shown. */
    isRepeat: z.boolean(),
    /** Problems with the file as a whole (wrong headers, not CSV). */
    fileErrors: z.array(z.string()),
    rows: z.array(ZImportRow),
  })
  .meta({ id: 'ImportReport' });
export type TImportReport = z.infer<typeof ZImportReport>;
