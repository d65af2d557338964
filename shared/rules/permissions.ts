import { INFORMATION_SHARING_POLICY, type TCaseView } from '../config/information-sharing';
import { withheldCardPaths } from './redaction';
import type { TCaseField } from '../schemas/case';
import { ROLES, type TRole } from '../schemas/user';

export const CASE_COMMANDS = [
  'case:create',
  'case:update',
  'case:add-note',
  'case:take-ownership',
  'case:mark-contact-lost',
  'case:restore-contact',
  'case:close',
  'case:reopen',
  'case:detain',
  'case:choose-place-of-safety',
  'case:record-arrival',
  'case:record-welfare-check',
  'case:record-handover',
  'case:record-assessment',
  'case:extend-detention',
  'case:end-detention',
  'case:acknowledge-alert',
  'case:break-glass',
  'case:review-break-glass',
  'case:decide-person-link',
] as const;
export type TCaseCommand = (typeof CASE_COMMANDS)[number];

/** Roles whose view withholds detail the policy lets them open in an emergency (R-IG-BREAKGLASS). */
const BREAK_GLASS_ROLES: readonly TRole[] = ROLES.filter((r) =>
  (INFORMATION_SHARING_POLICY.breakGlass.fromViews as readonly TCaseView[]).includes(
    INFORMATION_SHARING_POLICY.viewByRole[r],
  ),
);

const RESPONDERS: readonly TRole[] = ['operator', 'triage-clinician', 'ambulance-clinician', 'duty-manager', 'amhp'];

/** Which roles may run each command. Anything not listed is refused with FORBIDDEN. */
const COMMAND_ROLES: Record<TCaseCommand, readonly TRole[]> = {
  'case:create': [...RESPONDERS, 'police-officer'],
  'case:update': [...RESPONDERS, 'police-officer'],
  'case:add-note': [...RESPONDERS, 'police-officer'],
  'case:take-ownership': RESPONDERS,
  'case:mark-contact-lost': ['operator', 'triage-clinician', 'ambulance-clinician', 'duty-manager'],
  'case:restore-contact': ['operator', 'triage-clinician', 'ambulance-clinician', 'duty-manager'],
  'case:close': RESPONDERS,
  // Reopening undoes a close: the hub's decision, as closing with a safety net is theirs to check.
  'case:reopen': ['operator', 'duty-manager'],
  // R-S136-POWER: section 136 (and executing a s135 warrant) is a police constable's power only.
  'case:detain': ['police-officer'],
  // Police choose the first place; an AMHP, or anyone either authorises, may transfer.
  'case:choose-place-of-safety': [...RESPONDERS, 'police-officer'],
  'case:record-arrival': [...RESPONDERS, 'police-officer'],
  'case:record-welfare-check': [...RESPONDERS, 'police-officer'],
  'case:record-handover': [...RESPONDERS, 'police-officer'],
  // Assessments, extensions and the end are health decisions, recorded by health staff.
  'case:record-assessment': RESPONDERS,
  'case:extend-detention': RESPONDERS,
  'case:end-detention': RESPONDERS,
  'case:acknowledge-alert': [...RESPONDERS, 'police-officer'],
  'case:break-glass': BREAK_GLASS_ROLES,
  'case:review-break-glass': INFORMATION_SHARING_POLICY.breakGlass.reviewers,
  // Deciding who is the same person reads their history: the views that read it (R-PERSON-HISTORY).
  'case:decide-person-link': ROLES.filter((r) => canReadPersonHistory(r)),
};

/** Whether a role reads a person's previous contacts and link suggestions (R-PERSON-HISTORY). */
export function canReadPersonHistory(role: TRole): boolean {
  const view = INFORMATION_SHARING_POLICY.viewByRole[role];
  return view !== 'none' && INFORMATION_SHARING_POLICY.personHistory.views.includes(view);
}

export function canRunCommand(role: TRole, command: TCaseCommand): boolean {
  return COMMAND_ROLES[command].includes(role);
}

/** The view of case cards a role receives (R-IG-MIN). */
export function caseViewForRole(role: TRole): TCaseView {
  return INFORMATION_SHARING_POLICY.viewByRole[role];
}

export function canReadCases(role: TRole): boolean {
  return caseViewForRole(role) !== 'none';
}

/**
 * A role may only change fields it can see: otherwise it could overwrite clinical information it was
 * never shown. A field is editable when no withheld path falls inside it.
 */
export function canEditField(role: TRole, field: TCaseField): boolean {
  const view = caseViewForRole(role);
  if (view === 'none') return false;
  return !withheldCardPaths(view).some((p) => p === field || p.startsWith(`${field}.`));
}

/**
 * Administration (accounts, organisations, the area, imports and the administration history) is for
 * administrators only. Duty managers keep the service registry and units through their own commands.
 */
export function canAdminister(role: TRole): boolean {
  return role === 'admin';
}

/** Whether a role reads reports (R-REPORT-ACCESS), and whether as exact figures or disclosure-controlled ones. */
export function reportAccess(role: TRole): 'exact' | 'disclosure-controlled' | null {
  if (INFORMATION_SHARING_POLICY.reports.exact.includes(role)) return 'exact';
  if (INFORMATION_SHARING_POLICY.reports.disclosureControlled.includes(role)) return 'disclosure-controlled';
  return null;
}
