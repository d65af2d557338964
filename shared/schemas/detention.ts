import { z } from 'zod';
import { ZCaseId, ZCommandId, ZExpectedVersion, ZInstant, ZPlaceCategory } from './common';
import { ZActor } from './user';

export const ZPower = z.enum(['s136', 's135']);
export type TPower = z.infer<typeof ZPower>;

/** Where the power was used. s136 cannot be used in a dwelling or its private garden (R-S136-PLACE). */
export const DETENTION_PLACES = [
  'public-place',
  'shared-garden-or-yard',
  'dwelling',
  'dwelling-private-garden',
  'health-setting',
  'other',
] as const;
export const ZDetentionPlace = z.enum(DETENTION_PLACES);
export const DETENTION_PLACE_LABELS: Record<z.infer<typeof ZDetentionPlace>, string> = {
  'public-place': 'Public place',
  'shared-garden-or-yard': 'Shared garden or yard',
  dwelling: 'House, flat or room where someone lives',
  'dwelling-private-garden': "A dwelling's private garden, yard, garage or outhouse",
  'health-setting': 'Health setting',
  other: 'Other',
};

export const ZConsultation = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('consulted'), profession: z.string().min(1), name: z.string().trim().max(200) }),
  z.object({
    kind: z.literal('not-practicable'),
    reason: z.string().trim().min(5, 'Say why consultation was not practicable').max(500),
  }),
]);

export const PLACE_OF_SAFETY_KINDS = ['health-based-suite', 'emergency-department', 'police-station', 'other'] as const;
export const ZPlaceOfSafetyKind = z.enum(PLACE_OF_SAFETY_KINDS);
export type TPlaceOfSafetyKind = z.infer<typeof ZPlaceOfSafetyKind>;
export const PLACE_OF_SAFETY_LABELS: Record<TPlaceOfSafetyKind, string> = {
  'health-based-suite': 'Health-based place of safety (s136 suite)',
  'emergency-department': 'Emergency department',
  'police-station': 'Police station',
  other: 'Other place of safety',
};

/**
 * A place of safety by name with its kind in brackets, unless the name already says it ("Kestrel Vale
 * General — emergency department", not "… emergency department (Emergency department)").
 */
export function placeOfSafetyText(place: { name: string; kind: TPlaceOfSafetyKind }): string {
  const kind = PLACE_OF_SAFETY_LABELS[place.kind];
  return place.name.toLowerCase().includes(kind.toLowerCase()) ? place.name : `${place.name} (${kind})`;
}

export const ZTransport = z.discriminatedUnion('mode', [
  z.object({ mode: z.literal('ambulance') }),
  z.object({
    mode: z.literal('police-vehicle'),
    reason: z.enum(['no-ambulance-within-30-min', 'not-requested', 'ambulance-diverted', 'crew-refused', 'other']),
  }),
  z.object({ mode: z.literal('other') }),
  z.object({ mode: z.literal('not-known') }),
]);
export const POLICE_VEHICLE_REASON_LABELS = {
  'no-ambulance-within-30-min': 'Ambulance would not arrive within 30 minutes',
  'not-requested': 'Ambulance not requested',
  'ambulance-diverted': 'Ambulance diverted to a higher-priority call',
  'crew-refused': 'Crew refused',
  other: 'Other',
} as const;

/** R-POS-ADULT: an officer of inspector rank or above authorises a police station. */
export const AUTHORISING_RANKS = [
  'inspector',
  'chief-inspector',
  'superintendent',
  'chief-superintendent',
  'assistant-chief-constable',
  'chief-constable',
] as const;
export const AUTHORISING_RANK_LABELS: Record<(typeof AUTHORISING_RANKS)[number], string> = {
  inspector: 'Inspector',
  'chief-inspector': 'Chief Inspector',
  superintendent: 'Superintendent',
  'chief-superintendent': 'Chief Superintendent',
  'assistant-chief-constable': 'Assistant Chief Constable',
  'chief-constable': 'Chief Constable',
};

/** R-POS-ADULT: every condition for an adult at a police station, each recorded. */
export const ZPoliceStationAuthority = z.object({
  imminentRiskOfSeriousInjuryOrDeath: z.boolean(),
  noOtherPlaceCanReasonablyDetain: z.boolean(),
  healthcareProfessionalWillBePresent: z.boolean(),
  healthProfessionalConsulted: z.union([z.literal('yes'), z.literal('not-reasonably-practicable')]),
  authorisingOfficer: z.object({
    name: z.string().trim().min(1, 'Name the authorising officer'),
    rank: z.enum(AUTHORISING_RANKS),
  }),
  arrestedForSubstantiveOffence: z.boolean(),
});
export type TPoliceStationAuthority = z.infer<typeof ZPoliceStationAuthority>;

export const ZPlaceOfSafety = z.object({
  kind: ZPlaceOfSafetyKind,
  name: z.string().trim().min(1, 'Name the place').max(200),
  transport: ZTransport,
  policeStation: ZPoliceStationAuthority.nullable(),
  chosenAt: ZInstant,
  arrivedOnSiteAt: ZInstant.nullable(),
  enteredAt: ZInstant.nullable(),
  /**
   * The registry's service (R-POS-REGISTRY), or null for a place typed outside the registry, which every
   * screen marks as such. Absent on places recorded before the registry was offered.
   */
  serviceId: z.uuid().nullable().optional(),
  /** The room held there for the person (adult or under-18), or null where the service counts no rooms. */
  holdId: z.uuid().nullable().optional(),
  category: ZPlaceCategory.nullable().optional(),
  /** When whoever is bringing the person expects to arrive, for the receiving staff. */
  expectedArrivalAt: ZInstant.nullable().optional(),
});
export type TPlaceOfSafety = z.infer<typeof ZPlaceOfSafety>;

export const DETENTION_OUTCOMES = [
  'no-mental-disorder',
  'informal-admission',
  's2-application',
  's3-application',
  'discharged-with-follow-up',
  'other',
] as const;
export const ZDetentionOutcome = z.enum(DETENTION_OUTCOMES);
export type TDetentionOutcome = z.infer<typeof ZDetentionOutcome>;
export const DETENTION_OUTCOME_LABELS: Record<z.infer<typeof ZDetentionOutcome>, string> = {
  'no-mental-disorder': 'No mental disorder found',
  'informal-admission': 'Informal admission',
  's2-application': 'Application under section 2',
  's3-application': 'Application under section 3',
  'discharged-with-follow-up': 'Discharged with follow-up',
  other: 'Other arrangements',
};

export const EXTENSION_GROUNDS = [
  'person-condition',
  'no-amhp-available',
  'no-doctor-available',
  'no-bed-available',
  'other',
] as const;
export const ZExtensionGround = z.enum(EXTENSION_GROUNDS);
export const EXTENSION_GROUND_LABELS: Record<z.infer<typeof ZExtensionGround>, string> = {
  'person-condition': 'The person’s condition makes assessment impracticable in time',
  'no-amhp-available': 'No AMHP available',
  'no-doctor-available': 'No doctor available',
  'no-bed-available': 'No bed available',
  other: 'Other reason',
};

export const ALERT_KINDS = [
  'police-station-used',
  'handover-warning',
  'handover-overdue',
  'detention-warning',
  'detention-expired',
  'welfare-check-due',
  'consecutive-detention',
  'break-glass',
  'contact-lost-follow-up',
] as const;
export const ZAlertKind = z.enum(ALERT_KINDS);
export type TAlertKind = z.infer<typeof ZAlertKind>;

export const ZAlert = z.object({
  id: z.string(),
  kind: ZAlertKind,
  message: z.string(),
  raisedAt: ZInstant,
  acknowledgedBy: ZActor.nullable(),
  acknowledgedAt: ZInstant.nullable(),
  /** When the alert job escalated it to the duty manager, still unacknowledged (R-ALERT-ESCALATE). */
  escalatedAt: ZInstant.nullable().optional(),
});
export type TAlert = z.infer<typeof ZAlert>;

/** The Mental Health Act record on a card: everything the clocks and the Home Office return need. */
export const ZDetention = z
  .object({
    power: ZPower,
    rulesVersion: z.string(),
    officer: z.object({ name: z.string(), collarNumber: z.string() }),
    decidedAt: ZInstant.meta({ description: "s136: the officer's decision; s135: first entry to execute the warrant" }),
    place: ZDetentionPlace,
    consultation: ZConsultation,
    keptAtPlaceOfSafety: z.boolean(),
    /** Stated by the user when the card's age is unknown (R-POS-CHILD). */
    ageStatement: z.enum(['under-18', '18-or-over']).nullable(),
    places: z.array(ZPlaceOfSafety).meta({ description: 'First place of safety, then each transfer' }),
    welfareChecks: z.array(z.object({ at: ZInstant, by: z.string() })),
    handedOverAt: ZInstant.nullable(),
    doctorExamination: z
      .object({ at: ZInstant, doctorName: z.string(), isS12Approved: z.boolean(), whyNotS12: z.string().nullable() })
      .nullable(),
    amhpInterview: z.object({ at: ZInstant, amhpName: z.string() }).nullable(),
    extension: z
      .object({ minutes: z.int(), by: z.string(), at: ZInstant, superintendent: z.string().nullable() })
      .nullable(),
    outcome: z.object({ kind: ZDetentionOutcome, note: z.string().nullable(), at: ZInstant }).nullable(),
    breachedAt: ZInstant.nullable(),
  })
  .meta({ id: 'Detention' });
export type TDetention = z.infer<typeof ZDetention>;

// ---- Commands ----
const base = { commandId: ZCommandId, caseId: ZCaseId, expectedVersion: ZExpectedVersion };

export const ZDetainRequest = z
  .object({
    ...base,
    power: ZPower,
    officer: z.object({ name: z.string().trim().min(1, 'Name the officer'), collarNumber: z.string().trim().max(20) }),
    decidedAt: ZInstant,
    place: ZDetentionPlace,
    consultation: ZConsultation,
    keptAtPlaceOfSafety: z.boolean(),
  })
  .meta({ id: 'DetainRequest' });
export type TDetainRequest = z.infer<typeof ZDetainRequest>;

export const ZChoosePlaceOfSafetyRequest = z
  .object({
    ...base,
    kind: ZPlaceOfSafetyKind,
    name: z.string().trim().min(1, 'Name the place').max(200),
    transport: ZTransport,
    policeStation: ZPoliceStationAuthority.nullable(),
    ageStatement: z.enum(['under-18', '18-or-over']).nullable(),
    /**
     * A place from the registry (R-POS-REGISTRY): its kind and name are the registry's, and a room is
     * held there. Null for a place typed by hand, recorded as outside the registry.
     */
    serviceId: z.uuid().nullable().optional(),
    expectedArrivalAt: ZInstant.nullable().optional(),
  })
  .meta({ id: 'ChoosePlaceOfSafetyRequest' });
export type TChoosePlaceOfSafetyRequest = z.infer<typeof ZChoosePlaceOfSafetyRequest>;

/** The fields alone (for the API description); the request adds "at least one time". */
export const ZRecordArrivalFields = z
  .object({ ...base, arrivedOnSiteAt: ZInstant.nullable(), enteredAt: ZInstant.nullable() })
  .meta({ id: 'RecordArrivalRequest' });
export const ZRecordArrivalRequest = ZRecordArrivalFields.refine(
  (r) => r.arrivedOnSiteAt !== null || r.enteredAt !== null,
  'Give the arrival time, the entry time, or both',
);
export type TRecordArrivalRequest = z.infer<typeof ZRecordArrivalRequest>;

export const ZRecordWelfareCheckRequest = z
  .object({ commandId: ZCommandId, caseId: ZCaseId, at: ZInstant, by: z.string().trim().min(1, 'Name who checked') })
  .meta({ id: 'RecordWelfareCheckRequest' });
export type TRecordWelfareCheckRequest = z.infer<typeof ZRecordWelfareCheckRequest>;

export const ZRecordHandoverRequest = z.object({ ...base, at: ZInstant }).meta({ id: 'RecordHandoverRequest' });
export type TRecordHandoverRequest = z.infer<typeof ZRecordHandoverRequest>;

export const ZRecordAssessmentRequest = z
  .object({
    ...base,
    assessment: z.discriminatedUnion('kind', [
      z.object({
        kind: z.literal('doctor'),
        at: ZInstant,
        doctorName: z.string().trim().min(1),
        isS12Approved: z.boolean(),
        whyNotS12: z.string().trim().max(500),
      }),
      z.object({ kind: z.literal('amhp'), at: ZInstant, amhpName: z.string().trim().min(1) }),
    ]),
  })
  .meta({ id: 'RecordAssessmentRequest' });
export type TRecordAssessmentRequest = z.infer<typeof ZRecordAssessmentRequest>;

export const ZExtendDetentionRequest = z
  .object({
    ...base,
    minutes: z.int().min(1),
    doctorName: z.string().trim().min(1, 'Name the examining doctor'),
    ground: ZExtensionGround,
    superintendent: z.string().trim().max(200).nullable(),
  })
  .meta({ id: 'ExtendDetentionRequest' });
export type TExtendDetentionRequest = z.infer<typeof ZExtendDetentionRequest>;

export const ZEndDetentionRequest = z
  .object({ ...base, outcome: ZDetentionOutcome, note: z.string().trim().max(1000) })
  .meta({ id: 'EndDetentionRequest' });
export type TEndDetentionRequest = z.infer<typeof ZEndDetentionRequest>;

export const ZAcknowledgeAlertRequest = z
  .object({ commandId: ZCommandId, caseId: ZCaseId, alertId: z.string().min(1) })
  .meta({ id: 'AcknowledgeAlertRequest' });
export type TAcknowledgeAlertRequest = z.infer<typeof ZAcknowledgeAlertRequest>;

/** Deadlines the server computes from recorded times (never accepted from a client). */
export const ZDeadlines = z
  .object({
    startsAt: ZInstant.nullable(),
    expiresAt: ZInstant.nullable(),
    latestPossibleEnd: ZInstant.nullable(),
    handoverDueAt: ZInstant.nullable(),
    nextWelfareCheckDueAt: ZInstant.nullable(),
    state: z.enum(['awaiting-arrival', 'running', 'ended', 'expired']),
  })
  .meta({ id: 'DetentionDeadlines' });
