/**
 * Every legal and policy time limit, as versioned data with an effective-from date (domain.md §2–§4).
 * The Mental Health Act 2025 is being commenced in phases: a change is a new entry here, never an edit
 * of a literal somewhere in the code. Rules read the version in force at the moment that matters.
 */
export interface TLegalRules {
  version: string;
  effectiveFrom: string;
  /** R-S136-CLOCK-1 / R-S135-CLOCK: permitted period from the clock start. */
  permittedPeriodMinutes: number;
  /** R-S136-EXT: one extension of at most this much. */
  maxExtensionMinutes: number;
  /** R-POS-WELFARE: a healthcare professional checks at least this often at a police station. */
  welfareCheckIntervalMinutes: number;
  /** Warn this long before a welfare check falls due. */
  welfareWarningMinutes: number;
  /** R-RCRP-HANDOVER: local target for police to hand over to health staff (configurable per site). */
  handoverTargetMinutes: number;
  /** Handover alerts: minutes after arrival. */
  handoverAlertMinutes: readonly number[];
  /** Detention alerts: minutes after the clock start (e.g. 20 h and 23 h), plus expiry itself. */
  detentionAlertMinutes: readonly number[];
  /** R-S136-END: a new s136 this soon after the last one ended raises a warning. */
  consecutiveWarningHours: number;
  /** R-S136-CONSULT: professions named in regulations. Paramedic and OT are *unconfirmed*. */
  consultableProfessions: readonly { id: string; label: string; isConfirmed: boolean }[];
}

export const LEGAL_RULES_VERSIONS: readonly TLegalRules[] = [
  {
    version: 'mha1983-as-amended-pca2017',
    effectiveFrom: '2017-12-11T00:00:00Z',
    permittedPeriodMinutes: 24 * 60,
    maxExtensionMinutes: 12 * 60,
    welfareCheckIntervalMinutes: 30,
    welfareWarningMinutes: 5,
    handoverTargetMinutes: 60,
    handoverAlertMinutes: [45, 60],
    detentionAlertMinutes: [20 * 60, 23 * 60],
    consecutiveWarningHours: 72,
    consultableProfessions: [
      { id: 'doctor', label: 'Registered medical practitioner', isConfirmed: true },
      { id: 'nurse', label: 'Registered nurse', isConfirmed: true },
      { id: 'amhp', label: 'Approved mental health professional', isConfirmed: true },
      { id: 'paramedic', label: 'Paramedic (unconfirmed in regulations)', isConfirmed: false },
      {
        id: 'occupational-therapist',
        label: 'Occupational therapist (unconfirmed in regulations)',
        isConfirmed: false,
      },
    ],
  },
];

/** The rules in force at an instant: the latest version whose effective date has passed. */
export function legalRulesAt(
  instant: string | Date,
  versions: readonly TLegalRules[] = LEGAL_RULES_VERSIONS,
): TLegalRules {
  const t = new Date(instant).getTime();
  const inForce = versions.filter((v) => new Date(v.effectiveFrom).getTime() <= t);
  const latest = inForce.sort((a, b) => b.effectiveFrom.localeCompare(a.effectiveFrom))[0];
  if (!latest) throw new Error(`No legal rules in force at ${new Date(instant).toISOString()}`);
  return latest;
}
