import { z } from 'zod';
import { isValidNhsNumber, normaliseNhsNumber } from '../rules/nhs-number';
import { ZCaseId, ZCommandId, ZExpectedVersion, ZInstant, ZSeq } from './common';
import { ZAlert, ZDeadlines, ZDetention } from './detention';
import { ZActor } from './user';

export const CHANNELS = [
  '111-option-2',
  'police',
  'ambulance',
  'self-referral',
  'carer-or-family',
  'other-agency',
] as const;
export const ZChannel = z.enum(CHANNELS);
export const CHANNEL_LABELS: Record<z.infer<typeof ZChannel>, string> = {
  '111-option-2': '111 option 2 / crisis line',
  police: 'Police',
  ambulance: 'Ambulance',
  'self-referral': 'Self-referral',
  'carer-or-family': 'Carer or family',
  'other-agency': 'Other agency',
};

/** MHSDS clinical response priority codes: 1 emergency, 4 very urgent, 2 urgent, 3 routine. */
export const PRIORITIES = ['emergency', 'very-urgent', 'urgent', 'routine'] as const;
export const ZPriority = z.enum(PRIORITIES);
export type TPriority = z.infer<typeof ZPriority>;
export const PRIORITY_LABELS: Record<TPriority, string> = {
  emergency: 'Emergency',
  'very-urgent': 'Very urgent',
  urgent: 'Urgent',
  routine: 'Routine',
};
export const PRIORITY_MHSDS_CODE: Record<TPriority, string> = {
  emergency: '1',
  'very-urgent': '4',
  urgent: '2',
  routine: '3',
};

export const LOCATION_TYPES = ['public-place', 'own-home', 'other-dwelling', 'health-setting', 'other'] as const;
export const ZLocationType = z.enum(LOCATION_TYPES);
export const LOCATION_TYPE_LABELS: Record<z.infer<typeof ZLocationType>, string> = {
  'public-place': 'Public place',
  'own-home': 'Own home',
  'other-dwelling': 'Other dwelling',
  'health-setting': 'Health setting',
  other: 'Other',
};

export const SEXES = ['female', 'male', 'other', 'not-known'] as const;
export const ZSex = z.enum(SEXES);
export const SEX_LABELS: Record<z.infer<typeof ZSex>, string> = {
  female: 'Female',
  male: 'Male',
  other: 'Other',
  'not-known': 'Not known',
};

/** NHS Data Dictionary ethnic category codes. */
export const ETHNIC_CATEGORIES = {
  A: 'White – British',
  B: 'White – Irish',
  C: 'White – Any other White background',
  D: 'Mixed – White and Black Caribbean',
  E: 'Mixed – White and Black African',
  F: 'Mixed – White and Asian',
  G: 'Mixed – Any other mixed background',
  H: 'Asian or Asian British – Indian',
  J: 'Asian or Asian British – Pakistani',
  K: 'Asian or Asian British – Bangladeshi',
  L: 'Asian or Asian British – Any other Asian background',
  M: 'Black or Black British – Caribbean',
  N: 'Black or Black British – African',
  P: 'Black or Black British – Any other Black background',
  R: 'Other ethnic groups – Chinese',
  S: 'Other ethnic groups – Any other ethnic group',
  Z: 'Not stated',
  '99': 'Not known',
} as const;
export const ETHNICITY_CODES = Object.keys(ETHNIC_CATEGORIES) as [keyof typeof ETHNIC_CATEGORIES];
export const ZEthnicity = z.enum(ETHNICITY_CODES);

/** A UK postcode, stored in its usual form ("KV1 2AB"). */
export const ZPostcode = z
  .string()
  .trim()
  .toUpperCase()
  .transform((v) => v.replace(/\s+/g, '').replace(/^(.+)(\d[A-Z]{2})$/, '$1 $2'))
  .refine((v) => /^[A-Z]{1,2}\d[A-Z\d]? \d[A-Z]{2}$/.test(v), 'Not a UK postcode (for example KV1 2AB)');

export const ZNhsNumber = z
  .string()
  .transform(normaliseNhsNumber)
  .refine(isValidNhsNumber, 'Not a valid NHS number (10 digits with a correct check digit)');

export const ZPersonAge = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('age'), years: z.int().min(0).max(120) }),
  z.object({ kind: z.literal('date-of-birth'), date: z.iso.date() }),
  z.object({ kind: z.literal('unknown') }),
]);
export type TPersonAge = z.infer<typeof ZPersonAge>;

export const ZPerson = z.object({
  name: z.string().trim().max(200).nullable().meta({ description: 'null when the name is not known' }),
  age: ZPersonAge,
  sex: ZSex,
  ethnicity: ZEthnicity,
  nhsNumber: ZNhsNumber.nullable(),
  /**
   * Where the person lives, when known: the deprivation lookup's key for the inequalities reports
   * (R-REPORT-IMD). Optional: cards written before it existed have none.
   */
  postcode: ZPostcode.nullable().optional(),
});

export const ZCaller = z.object({
  name: z.string().trim().max(200),
  relationship: z.string().trim().max(100),
  callbackNumber: z.string().trim().max(40),
});

export const ZCoordinates = z.object({ lat: z.number().min(-90).max(90), lng: z.number().min(-180).max(180) });

export const ZLocation = z.object({
  description: z.string().trim().min(1, 'Say where the person is').max(500),
  type: ZLocationType,
  coordinates: ZCoordinates.nullable(),
});

export const ZRiskFlags = z.object({
  toSelf: z.boolean(),
  toOthers: z.boolean(),
  fromOthers: z.boolean(),
  safeguarding: z.boolean(),
});
export type TRiskFlags = z.infer<typeof ZRiskFlags>;

/**
 * Safety information for everyone who attends (police and crews see it): weapons, violence, hazards at
 * the address, and a short line saying what to expect. Kept apart from clinical detail so it can be
 * shared (R-IG-MIN).
 */
export const ZSafety = z.object({
  weapons: z.boolean(),
  violence: z.boolean(),
  addressHazards: z.boolean(),
  note: z.string().trim().max(500),
});
export type TSafety = z.infer<typeof ZSafety>;
export const NO_SAFETY_CONCERNS: TSafety = { weapons: false, violence: false, addressHazards: false, note: '' };
export const SAFETY_FLAG_LABELS: Record<Exclude<keyof TSafety, 'note'>, string> = {
  weapons: 'Weapon mentioned',
  violence: 'Violence or threats',
  addressHazards: 'Hazards at the address (dogs, others present, access)',
};

/** Fields a person at a console can edit on a card. Each is one logical field for conflict detection. */
export const ZCaseDetails = z.object({
  channel: ZChannel,
  caller: ZCaller,
  person: ZPerson,
  location: ZLocation,
  presentingConcerns: z.string().trim().max(4000),
  riskFlags: ZRiskFlags,
  safety: ZSafety,
  priority: ZPriority,
  /** The situation line: shared with every agency on the job (police and crews included). */
  summary: z.string().trim().min(1, 'Write the situation in a line').max(280),
});
export type TCaseDetails = z.infer<typeof ZCaseDetails>;
export type TCaseField = keyof TCaseDetails;
export const CASE_FIELDS = Object.keys(ZCaseDetails.shape) as TCaseField[];

export const FOLLOW_UPS = ['call-back', 'welfare-check-police', 'welfare-check-other', 'send-unit'] as const;
export const ZFollowUp = z.enum(FOLLOW_UPS);
export type TFollowUp = z.infer<typeof ZFollowUp>;
export const FOLLOW_UP_LABELS: Record<z.infer<typeof ZFollowUp>, string> = {
  'call-back': 'Call back',
  'welfare-check-police': 'Police welfare check',
  'welfare-check-other': 'Welfare check by another service',
  'send-unit': 'Send a unit',
};

/** Where the person went, or what the safety net is (R-NTA-1). */
export const OUTCOME_KINDS = [
  'stayed-home-with-safety-plan',
  'crisis-alternative',
  'home-treatment-team',
  'place-of-safety',
  'emergency-department',
  'admitted',
  'referred-other-service',
  'police-custody',
  'no-contact-welfare-done',
] as const;
export const ZOutcomeKind = z.enum(OUTCOME_KINDS);
export const OUTCOME_LABELS: Record<z.infer<typeof ZOutcomeKind>, string> = {
  'stayed-home-with-safety-plan': 'Stayed at home with a safety plan',
  'crisis-alternative': 'Went to a crisis alternative (café, safe haven, crisis house)',
  'home-treatment-team': 'Handed to crisis resolution / home treatment',
  'place-of-safety': 'Taken to a health-based place of safety',
  'emergency-department': 'Taken to an emergency department',
  admitted: 'Admitted',
  'referred-other-service': 'Referred to another service',
  'police-custody': 'Police custody (offence)',
  'no-contact-welfare-done': 'Could not be reached; welfare action completed',
};
export const ZOutcome = z.object({
  kind: ZOutcomeKind,
  destinationOrSafetyNet: z.string().trim().min(5, 'Say where the person went or what the safety net is').max(1000),
});
export type TOutcome = z.infer<typeof ZOutcome>;

export const NOTE_VISIBILITIES = ['clinical', 'all-agencies'] as const;
export const ZNoteVisibility = z.enum(NOTE_VISIBILITIES);
export type TNoteVisibility = z.infer<typeof ZNoteVisibility>;

export const ZNote = z.object({
  id: z.string(),
  text: z.string(),
  visibility: ZNoteVisibility,
  author: ZActor,
  at: ZInstant,
});
export type TNote = z.infer<typeof ZNote>;

export const BREAK_GLASS_FINDINGS = ['justified', 'not-justified'] as const;
export const ZBreakGlassFinding = z.enum(BREAK_GLASS_FINDINGS);
export const BREAK_GLASS_FINDING_LABELS: Record<z.infer<typeof ZBreakGlassFinding>, string> = {
  justified: 'Justified',
  'not-justified': 'Not justified',
};

/** One emergency opening of withheld details (R-IG-BREAKGLASS), and its review. */
export const ZBreakGlassUse = z.object({
  id: z.string(),
  by: ZActor,
  reason: z.string(),
  at: ZInstant,
  until: ZInstant,
  review: z.object({ by: ZActor, at: ZInstant, finding: ZBreakGlassFinding, note: z.string() }).nullable(),
});
export type TBreakGlassUse = z.infer<typeof ZBreakGlassUse>;

export const CASE_STATUSES = ['open', 'contact-lost', 'closed'] as const;
export const ZCaseStatus = z.enum(CASE_STATUSES);
export const STATUS_LABELS: Record<(typeof CASE_STATUSES)[number], string> = {
  open: 'Open',
  'contact-lost': 'Contact lost',
  closed: 'Closed',
};
export type TCaseStatus = z.infer<typeof ZCaseStatus>;

/** `note` is null in a view it is withheld from (see `withheld`). */
export const ZContactLost = z.object({ since: ZInstant, followUp: ZFollowUp, note: z.string().nullable(), by: ZActor });

/**
 * A case card as stored (the projection). Notes are not on the card: each is an event on its timeline,
 * so a change to a card with many notes sends the changed line, not every note again. Redacted copies replace withheld values with null and list
 * them in `withheld`, so a screen can say what it is not being shown rather than show a blank.
 */
/** Why two cards might be about the same person, when no NHS number links them (R-PERSON-LINK). */
export const ZPersonLinkBasis = z.enum(['name-and-date-of-birth', 'phone']);
export type TPersonLinkBasis = z.infer<typeof ZPersonLinkBasis>;

/** An operator's decision that another card is, or is not, about the same person. Kept on both cards. */
export const ZPersonLink = z
  .object({
    caseId: ZCaseId,
    ref: z.string(),
    decision: z.enum(['confirmed', 'rejected']),
    basis: ZPersonLinkBasis,
    by: ZActor,
    at: ZInstant,
  })
  .meta({ id: 'PersonLink' });
export type TPersonLink = z.infer<typeof ZPersonLink>;

export const ZCaseCard = z
  .object({
    id: ZCaseId,
    ref: z.string(),
    areaId: z.string(),
    version: z.int(),
    status: ZCaseStatus,
    channel: ZChannel,
    caller: ZCaller.nullable(),
    person: ZPerson.extend({ ethnicity: ZEthnicity.nullable() }),
    location: ZLocation,
    presentingConcerns: z.string().nullable(),
    riskFlags: ZRiskFlags,
    safety: ZSafety,
    priority: ZPriority,
    summary: z.string().nullable(),
    owner: ZActor.nullable(),
    contactLost: ZContactLost.nullable(),
    outcome: ZOutcome.extend({ destinationOrSafetyNet: z.string().nullable() }).nullable(),
    createdBy: ZActor,
    createdAt: ZInstant,
    updatedAt: ZInstant,
    closedAt: ZInstant.nullable(),
    /** The Mental Health Act record, when the person is detained under s136 or s135. */
    detention: ZDetention.nullable(),
    alerts: z.array(ZAlert),
    breakGlass: z.array(ZBreakGlassUse),
    personLinks: z.array(ZPersonLink).meta({
      description: 'Decisions that other cards are, or are not, about the same person (R-PERSON-LINK)',
    }),
    withheld: z.array(z.string()).meta({
      description: 'Policy paths withheld from this reader (null above); INFORMATION_SHARING_POLICY says why',
    }),
  })
  .meta({ id: 'CaseCard' });
export type TCaseCard = z.infer<typeof ZCaseCard>;

// ---- Commands (client → server). Each carries a commandId. ----

export const ZCaseCreateRequest = ZCaseDetails.extend({
  safety: ZSafety.default(NO_SAFETY_CONCERNS),
  commandId: ZCommandId,
}).meta({ id: 'CaseCreateRequest' });
/** What a client sends: safety information may be left out (none recorded). */
export type TCaseCreateRequest = z.input<typeof ZCaseCreateRequest>;

export const ZCaseUpdateRequest = z
  .object({
    commandId: ZCommandId,
    caseId: ZCaseId,
    expectedVersion: ZExpectedVersion,
    changes: ZCaseDetails.partial().refine((c) => Object.keys(c).length > 0, 'Change at least one field'),
  })
  .meta({ id: 'CaseUpdateRequest' });
export type TCaseUpdateRequest = z.infer<typeof ZCaseUpdateRequest>;

/** Adding a note needs no version: two different notes never conflict (safe merge, SPEC S-7). */
export const ZCaseAddNoteRequest = z
  .object({
    commandId: ZCommandId,
    caseId: ZCaseId,
    text: z.string().trim().min(1, 'Write the note').max(4000),
    visibility: ZNoteVisibility,
  })
  .meta({ id: 'CaseAddNoteRequest' });
export type TCaseAddNoteRequest = z.infer<typeof ZCaseAddNoteRequest>;

export const ZCaseTakeOwnershipRequest = z
  .object({ commandId: ZCommandId, caseId: ZCaseId, expectedVersion: ZExpectedVersion })
  .meta({ id: 'CaseTakeOwnershipRequest' });
export type TCaseTakeOwnershipRequest = z.infer<typeof ZCaseTakeOwnershipRequest>;

export const ZCaseMarkContactLostRequest = z
  .object({
    commandId: ZCommandId,
    caseId: ZCaseId,
    expectedVersion: ZExpectedVersion,
    followUp: ZFollowUp,
    note: z.string().trim().max(1000),
  })
  .meta({ id: 'CaseMarkContactLostRequest' });
export type TCaseMarkContactLostRequest = z.infer<typeof ZCaseMarkContactLostRequest>;

export const ZCaseRestoreContactRequest = z
  .object({
    commandId: ZCommandId,
    caseId: ZCaseId,
    expectedVersion: ZExpectedVersion,
    note: z.string().trim().max(1000),
  })
  .meta({ id: 'CaseRestoreContactRequest' });
export type TCaseRestoreContactRequest = z.infer<typeof ZCaseRestoreContactRequest>;

export const ZCaseCloseRequest = z
  .object({ commandId: ZCommandId, caseId: ZCaseId, expectedVersion: ZExpectedVersion, outcome: ZOutcome })
  .meta({ id: 'CaseCloseRequest' });
export type TCaseCloseRequest = z.infer<typeof ZCaseCloseRequest>;

/** Reopens a closed card with a reason; its detention and places are not brought back (R-LINK-REOPEN). */
export const ZCaseReopenRequest = z
  .object({
    commandId: ZCommandId,
    caseId: ZCaseId,
    expectedVersion: ZExpectedVersion,
    reason: z.string().trim().min(5, 'Say why the card is reopened').max(500),
  })
  .meta({ id: 'CaseReopenRequest' });
export type TCaseReopenRequest = z.infer<typeof ZCaseReopenRequest>;

/** Opens this card's withheld details for a limited time, with a reason (R-IG-BREAKGLASS). */
export const ZCaseBreakGlassRequest = z
  .object({
    commandId: ZCommandId,
    caseId: ZCaseId,
    reason: z.string().trim().min(10, 'Say why you need the withheld details (at least 10 characters)').max(500),
  })
  .meta({ id: 'CaseBreakGlassRequest' });
export type TCaseBreakGlassRequest = z.infer<typeof ZCaseBreakGlassRequest>;

/** A reviewer's finding on one break-glass use; it also acknowledges its alert. */
export const ZCaseReviewBreakGlassRequest = z
  .object({
    commandId: ZCommandId,
    caseId: ZCaseId,
    useId: z.string().min(1).max(100),
    finding: ZBreakGlassFinding,
    note: z.string().trim().max(1000),
  })
  .meta({ id: 'CaseReviewBreakGlassRequest' });
export type TCaseReviewBreakGlassRequest = z.infer<typeof ZCaseReviewBreakGlassRequest>;

/**
 * Confirms or rejects a suggested link between this card and another about (perhaps) the same person.
 * No version: a link decision never conflicts with an edit, and the other card may be closed.
 */
export const ZCaseDecidePersonLinkRequest = z
  .object({
    commandId: ZCommandId,
    caseId: ZCaseId,
    otherCaseId: ZCaseId,
    decision: z.enum(['confirmed', 'rejected']),
  })
  .meta({ id: 'CaseDecidePersonLinkRequest' });
export type TCaseDecidePersonLinkRequest = z.infer<typeof ZCaseDecidePersonLinkRequest>;

// ---- Events (server → client) ----

export const CASE_EVENT_TYPES = [
  'case.created',
  'case.updated',
  'case.note-added',
  'case.ownership-taken',
  'case.contact-lost',
  'case.contact-restored',
  'case.closed',
  'case.reopened',
  'case.detained',
  'case.place-of-safety-chosen',
  'case.arrival-recorded',
  'case.welfare-check-recorded',
  'case.handover-recorded',
  'case.assessment-recorded',
  'case.detention-extended',
  'case.detention-ended',
  'case.alert-raised',
  'case.alert-acknowledged',
  'case.alert-escalated',
  'case.break-glass-opened',
  'case.break-glass-reviewed',
  'case.person-link-decided',
] as const;
export const ZCaseEventType = z.enum(CASE_EVENT_TYPES);

/** Events on a card's units and holds that its timeline also shows (R-LINK-TIMELINE). */
export const LINKED_EVENT_TYPES = [
  'unit.dispatched',
  'unit.accepted',
  'unit.declined',
  'unit.dispatch-escalated',
  'unit.sos-raised',
  'unit.sos-acknowledged',
  'unit.sos-escalated',
  'unit.status-changed',
  'unit.stood-down',
  'hold.placed',
  'hold.accepted',
  'hold.declined',
  'hold.arrived',
  'hold.released',
  'hold.expired',
  'service.room-changed',
] as const;
export type TLinkedEventType = (typeof LINKED_EVENT_TYPES)[number];
export type TCaseEventType = z.infer<typeof ZCaseEventType>;

/** One line on a card's timeline, already redacted for the reader's role. */
export const ZTimelineEntry = z
  .object({
    seq: ZSeq,
    caseId: ZCaseId,
    version: z.int(),
    type: z.union([ZCaseEventType, z.enum(LINKED_EVENT_TYPES)]),
    at: ZInstant,
    actor: ZActor,
    text: z.string().meta({ description: 'Human-readable description, redacted for the reader' }),
    fields: z.array(z.string()).meta({ description: 'Card fields this event changed' }),
    commandId: z.string().meta({
      description: 'The command that made it, so a device that kept the change offline knows it has arrived',
    }),
  })
  .meta({ id: 'TimelineEntry' });
export type TTimelineEntry = z.infer<typeof ZTimelineEntry>;

/** What the server sends after a commit: the event as a timeline line, and the card as it now is. */
export const ZCaseChanged = z.object({ seq: ZSeq, entry: ZTimelineEntry, card: ZCaseCard }).meta({ id: 'CaseChanged' });
export type TCaseChanged = z.infer<typeof ZCaseChanged>;

export const ZCaseWithTimeline = z
  .object({ card: ZCaseCard, timeline: z.array(ZTimelineEntry) })
  .meta({ id: 'CaseWithTimeline' });
export type TCaseWithTimeline = z.infer<typeof ZCaseWithTimeline>;

export const ZCaseList = z.object({ cases: z.array(ZCaseCard), headSeq: ZSeq }).meta({ id: 'CaseList' });
export type TCaseList = z.infer<typeof ZCaseList>;

/** A command's successful result: the card after the change (redacted for the caller) and its event seq. */
export const ZCommandResult = z.object({ card: ZCaseCard, seq: ZSeq }).meta({ id: 'CommandResult' });
export type TCommandResult = z.infer<typeof ZCommandResult>;

/** Running detentions with their server-computed deadlines, oldest clock first. */
export const ZDetentionList = z
  .object({ detentions: z.array(z.object({ card: ZCaseCard, deadlines: ZDeadlines })) })
  .meta({ id: 'DetentionList' });
export type TDetentionList = z.infer<typeof ZDetentionList>;
