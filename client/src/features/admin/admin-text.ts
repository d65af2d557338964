import type { TSharedView } from '@shared/config/information-sharing';
import { receivingViewFor } from '@shared/rules/receiving';
import { withheldCardPaths, withheldExplanation } from '@shared/rules/redaction';
import type { TAccountListItem, TImportReport } from '@shared/schemas/account';
import { canAdminister, canRunCommand, caseViewForRole } from '@shared/rules/permissions';
import { canRunUnitCommand, CREW_ROLES } from '@shared/rules/unit-lifecycle';
import { canReadAudit } from '@shared/rules/audit';
import { ROLE_LABELS, type TRole } from '@shared/schemas/user';

/**
 * What a role's view of case cards means in words, for the confirmation before a role change: the
 * administrator must see what the person will be shown, not just a role code (hazard "wrong role given").
 * Written from the information-sharing policy, so it cannot drift from what the server sends.
 */
function viewText(view: TSharedView): string {
  const withheld = withheldCardPaths(view).map((p) => withheldExplanation(p).label);
  return withheld.length === 0
    ? 'Full case cards, including NHS number, ethnicity, presenting concerns, caller and clinical notes.'
    : `Case cards without: ${withheld.join(', ')}.`;
}

export function caseViewText(role: TRole): string {
  const view = caseViewForRole(role);
  if (view !== 'none') return viewText(view);
  const receiving = receivingViewFor(role);
  if (!receiving) return 'No case cards at all.';
  return `Only the cards of people coming to their own organisation's services, while expected or there. ${viewText(receiving)}`;
}

/** Session stages as an administrator reads them; the login steps are named by what the person is doing. */
export function sessionStageText(stage: string): string {
  switch (stage) {
    case 'active':
      return 'Active';
    case 'locked':
      return 'Locked (idle)';
    case 'mfa':
      return 'Logging in: authenticator code';
    case 'change-password':
      return 'Logging in: new password';
    case 'enrol-mfa':
      return 'Logging in: setting up authenticator';
    default:
      return stage;
  }
}

const BROWSERS: [RegExp, string][] = [
  [/\bEdg(e|A|iOS)?\//, 'Edge'],
  [/\bSamsungBrowser\//, 'Samsung Internet'],
  [/\b(OPR|Opera)\//, 'Opera'],
  [/\b(Firefox|FxiOS)\//, 'Firefox'],
  [/\bHeadlessChrome\//, 'Headless Chrome'],
  [/\b(Chrome|CriOS|Chromium)\//, 'Chrome'],
  [/\bVersion\/[\d.]+.*Safari\//, 'Safari'],
  [/^curl\//, 'curl'],
];

const SYSTEMS: [RegExp, string][] = [
  [/\bAndroid\b/, 'Android'],
  [/\biPad\b/, 'iPad'],
  [/\b(iPhone|iPod)\b/, 'iPhone'],
  [/\bCrOS\b/, 'ChromeOS'],
  [/\bWindows\b/, 'Windows'],
  [/\bMac OS X\b|\bMacintosh\b/, 'macOS'],
  [/\bLinux\b/, 'Linux'],
];

/**
 * "Chrome on Android" from a browser's self-description, so an administrator can tell a person's
 * sessions apart at a glance (the full text stays available as a tooltip). Unknown agents are shortened.
 */
export function summariseUserAgent(userAgent: string): string {
  const text = userAgent.trim();
  if (text === '') return 'Unknown device';
  const browser = BROWSERS.find(([pattern]) => pattern.test(text))?.[1];
  const system = SYSTEMS.find(([pattern]) => pattern.test(text))?.[1];
  if (browser && system) return `${browser} on ${system}`;
  if (browser) return browser;
  if (system) return `Browser on ${system}`;
  return text.length > 40 ? `${text.slice(0, 39)}…` : text;
}

/** The filters of the accounts table: free text plus the three an administrator narrows 200 accounts by. */
export interface TAccountFilter {
  text: string;
  role: TRole | '';
  organisationId: string;
  isDisabledOnly: boolean;
}

/**
 * Accounts matching the filter. Free text matches name, username, role (code or label) and organisation
 * name, each word on its own, so "vale police" finds the constabulary's officers.
 */
export function filterAccounts(
  accounts: readonly TAccountListItem[],
  filter: TAccountFilter,
  organisationName: (id: string) => string,
): TAccountListItem[] {
  const words = filter.text.trim().toLowerCase().split(/\s+/).filter(Boolean);
  return accounts.filter((a) => {
    if (filter.role && a.role !== filter.role) return false;
    if (filter.organisationId && a.organisationId !== filter.organisationId) return false;
    if (filter.isDisabledOnly && a.isEnabled) return false;
    if (words.length === 0) return true;
    const haystack = [a.displayName, a.username, a.role, ROLE_LABELS[a.role], organisationName(a.organisationId)]
      .join(' ')
      .toLowerCase();
    return words.every((w) => haystack.includes(w));
  });
}

export type TAccountSortKey = 'name' | 'username' | 'role' | 'organisation' | 'lastActive';
export interface TAccountSort {
  key: TAccountSortKey;
  isDescending: boolean;
}

const collator = new Intl.Collator('en-GB', { sensitivity: 'base', numeric: true });

/** Accounts in the order chosen; ties fall back to the name so the order never jumps between refetches. */
export function sortAccounts(
  accounts: readonly TAccountListItem[],
  sort: TAccountSort,
  organisationName: (id: string) => string,
): TAccountListItem[] {
  const keyOf = (a: TAccountListItem): string => {
    switch (sort.key) {
      case 'name':
        return a.displayName;
      case 'username':
        return a.username;
      case 'role':
        return ROLE_LABELS[a.role];
      case 'organisation':
        return organisationName(a.organisationId);
      case 'lastActive':
        // Never active sorts as the oldest.
        return a.lastActiveAt ?? '';
    }
  };
  const direction = sort.isDescending ? -1 : 1;
  return [...accounts].sort(
    (a, b) =>
      direction * collator.compare(keyOf(a), keyOf(b)) ||
      collator.compare(a.displayName, b.displayName) ||
      a.id.localeCompare(b.id),
  );
}

/** Counts behind the summary line of an import check. */
export function importCounts(report: TImportReport): { total: number; ready: number; withProblems: number } {
  const ready = report.rows.filter((r) => r.action === 'create').length;
  return { total: report.rows.length, ready, withProblems: report.rows.length - ready };
}

/** "50 rows: 49 ready, 1 with problems", the line an administrator reads before importing. */
export function importSummary(report: TImportReport): string {
  const { total, ready, withProblems } = importCounts(report);
  if (report.fileErrors.length > 0) return 'The file cannot be read as it is: fix the problems above';
  if (total === 0) return 'No rows below the header';
  return `${total} row${total === 1 ? '' : 's'}: ${ready} ready, ${withProblems} with problems`;
}

/** Whether a checked file can be imported: readable, at least one row, and no row with a problem. */
export function isCleanReport(report: TImportReport): boolean {
  return report.fileErrors.length === 0 && report.rows.length > 0 && report.rows.every((r) => r.action === 'create');
}

/** CSV for downloads, formulas neutralised (shared with the server's audit export). */
export { toCsv } from '@shared/rules/csv';

/**
 * What a role can do, in a few plain lines derived from the same rules the server enforces, for the
 * role-change confirmation.
 */
export function roleAbilities(role: TRole): string[] {
  const lines: string[] = [];
  if (canRunCommand(role, 'case:create')) lines.push('Opens and updates case cards.');
  if (canRunCommand(role, 'case:detain')) lines.push('Records section 136 detentions.');
  if (canRunUnitCommand(role, 'unit:dispatch')) lines.push('Dispatches units to cases.');
  if (CREW_ROLES.includes(role)) lines.push('Can be on the crew of a unit and work from its tablet.');
  if (role === 'duty-manager') lines.push('Keeps the service registry, unit crews and service figures.');
  if (role === 'pos-staff' || role === 'provider') lines.push("Keeps their own organisation's service figures.");
  if (role === 'board') lines.push('Shows the capacity wall board only; cannot change anything.');
  if (canAdminister(role)) lines.push('Manages every account, organisation and import of the area.');
  if (canReadAudit(role)) lines.push('Reads the access log: who was shown which card, when.');
  return lines;
}
