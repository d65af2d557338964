import type { z } from 'zod';
import { ZUserFields, type TOrganisation, type TUserFields } from '../schemas/account';
import {
  REFERRAL_ROUTES,
  SERVICE_KIND_LABELS,
  ZServiceDetails,
  type TServiceDetails,
  type TServiceKind,
} from '../schemas/service';
import { ROLE_LABELS, ZNewPassword, type TRole } from '../schemas/user';
import { parseOpeningHoursText } from './opening-hours-text';
import { registeredPlacesProblem } from './service-lifecycle';

/** One data line of a CSV file: its line number in the file and its values by (normalised) header. */
export interface TCsvRecord {
  line: number;
  values: Record<string, string>;
}

/** The columns an import reads; headers are matched case-insensitively, spaces and dashes as underscores. */
export const USER_IMPORT_COLUMNS = {
  required: ['username', 'display_name', 'role', 'organisation'],
  optional: ['phone', 'email', 'temporary_password'],
} as const;
export const SERVICE_IMPORT_COLUMNS = {
  required: ['name', 'kind', 'organisation', 'hours', 'adult_places', 'under18_places'],
  optional: [
    'address',
    'latitude',
    'longitude',
    'phone',
    'min_age',
    'max_age',
    'referral_routes',
    'accepts_s136',
    'accepts_intoxicated',
    'excludes_urgent_medical_need',
    'access_notes',
  ],
} as const;

export function normaliseHeader(header: string): string {
  return header
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_');
}

/** Problems with a file's header row: a required column missing, or one we do not know. */
export function headerProblems(
  headers: readonly string[],
  columns: { required: readonly string[]; optional: readonly string[] },
): string[] {
  const known = new Set<string>([...columns.required, ...columns.optional]);
  const problems: string[] = [];
  const missing = columns.required.filter((c) => !headers.includes(c));
  if (missing.length > 0) problems.push(`Missing column${missing.length > 1 ? 's' : ''}: ${missing.join(', ')}`);
  const unknown = headers.filter((h) => h !== '' && !known.has(h));
  if (unknown.length > 0) {
    problems.push(
      `Unknown column${unknown.length > 1 ? 's' : ''}: ${unknown.join(', ')} (expected: ${[...known].join(', ')})`,
    );
  }
  const seen = new Set<string>();
  const repeated = new Set<string>();
  for (const h of headers) {
    if (h !== '' && seen.has(h)) repeated.add(h);
    seen.add(h);
  }
  if (repeated.size > 0) problems.push(`Column given twice: ${[...repeated].join(', ')}`);
  return problems;
}

export interface TRowCheck<T> {
  line: number;
  label: string;
  value: T | null;
  errors: string[];
}

const lower = (s: string) => s.trim().toLowerCase();

function findOrganisation(name: string, organisations: readonly Pick<TOrganisation, 'id' | 'name'>[]) {
  return organisations.find((o) => lower(o.name) === lower(name)) ?? null;
}

/** A role written as its code ("operator") or its label ("Crisis-line operator"). */
function findRole(text: string): TRole | null {
  const wanted = lower(text);
  const entry = (Object.entries(ROLE_LABELS) as [TRole, string][]).find(
    ([code, label]) => code === wanted || lower(label) === wanted,
  );
  return entry?.[0] ?? null;
}

function zodMessages(error: z.ZodError): string[] {
  return error.issues.map((i) => `${i.path.join('.') || 'value'}: ${i.message}`);
}

/**
 * Checks every row of a users file against the area's organisations and the usernames already taken
 * (in the area and earlier in the file). A row is either ready to create or carries every problem.
 */
export function checkUserRows(
  records: readonly TCsvRecord[],
  context: { organisations: readonly Pick<TOrganisation, 'id' | 'name'>[]; takenUsernames: ReadonlySet<string> },
): TRowCheck<TUserFields & { temporaryPassword: string | null }>[] {
  const seen = new Map<string, number>();
  return records.map(({ line, values }) => {
    const errors: string[] = [];
    const username = lower(values.username ?? '');
    const role = findRole(values.role ?? '');
    if (!role) errors.push(`role "${values.role ?? ''}" is not one of: ${Object.keys(ROLE_LABELS).join(', ')}`);
    const organisation = findOrganisation(values.organisation ?? '', context.organisations);
    if (!organisation) errors.push(`organisation "${values.organisation ?? ''}" is not one of this area's`);
    if (context.takenUsernames.has(username)) errors.push(`username ${username} is taken`);
    const earlier = seen.get(username);
    if (username && earlier !== undefined) errors.push(`username ${username} is also on line ${earlier}`);
    if (username) seen.set(username, line);
    const parsed = ZUserFields.safeParse({
      username,
      displayName: values.display_name ?? '',
      role: role ?? 'operator',
      organisationId: organisation?.id ?? 'unknown',
      contact: { phone: values.phone ?? '', email: (values.email ?? '').trim() },
    });
    if (!parsed.success) errors.push(...zodMessages(parsed.error));
    const temporary = (values.temporary_password ?? '').trim();
    if (temporary) {
      const checked = ZNewPassword.safeParse(temporary);
      if (!checked.success) errors.push(`temporary_password: ${checked.error.issues[0]?.message ?? 'not valid'}`);
    }
    return {
      line,
      label: username || `line ${line}`,
      value: errors.length === 0 && parsed.success ? { ...parsed.data, temporaryPassword: temporary || null } : null,
      errors,
    };
  });
}

const YES = new Set(['yes', 'y', 'true', '1']);
const NO = new Set(['no', 'n', 'false', '0', '']);

function flag(values: Record<string, string>, column: string, errors: string[], fallback: boolean): boolean {
  const text = lower(values[column] ?? '');
  if (text === '') return fallback;
  if (YES.has(text)) return true;
  if (NO.has(text)) return false;
  errors.push(`${column}: "${values[column]}" is not yes or no`);
  return fallback;
}

function wholeNumber(values: Record<string, string>, column: string, errors: string[]): number | null {
  const text = (values[column] ?? '').trim();
  if (text === '') return null;
  if (!/^\d+$/.test(text)) {
    errors.push(`${column}: "${text}" is not a whole number`);
    return null;
  }
  return Number(text);
}

function decimal(values: Record<string, string>, column: string, errors: string[]): number | null {
  const text = (values[column] ?? '').trim();
  if (text === '') return null;
  const n = Number(text);
  if (!Number.isFinite(n)) {
    errors.push(`${column}: "${text}" is not a number`);
    return null;
  }
  return n;
}

/** A kind written as its code ("A21") or its label ("Crisis café / safe haven"). */
function findKind(text: string): TServiceKind | null {
  const wanted = lower(text);
  const entry = (Object.entries(SERVICE_KIND_LABELS) as [TServiceKind, string][]).find(
    ([code, label]) => lower(code) === wanted || lower(label) === wanted,
  );
  return entry?.[0] ?? null;
}

/**
 * Checks every row of a services file: kind, organisation, hours ("Mon-Fri 18:00-23:00"), ages, referral
 * routes ("self-referral|walk-in"), yes/no flags and place totals; names must not repeat the registry's.
 */
export function checkServiceRows(
  records: readonly TCsvRecord[],
  context: { organisations: readonly Pick<TOrganisation, 'id' | 'name'>[]; takenNames: ReadonlySet<string> },
): TRowCheck<TServiceDetails & { places: { adult: number; under18: number } }>[] {
  const seen = new Map<string, number>();
  return records.map(({ line, values }) => {
    const errors: string[] = [];
    const name = (values.name ?? '').trim();
    const kind = findKind(values.kind ?? '');
    if (!kind) errors.push(`kind "${values.kind ?? ''}" is not one of: ${Object.keys(SERVICE_KIND_LABELS).join(', ')}`);
    const organisation = findOrganisation(values.organisation ?? '', context.organisations);
    if (!organisation) errors.push(`organisation "${values.organisation ?? ''}" is not one of this area's`);
    if (context.takenNames.has(lower(name))) errors.push(`a service called ${name} is already registered`);
    const earlier = seen.get(lower(name));
    if (name && earlier !== undefined) errors.push(`${name} is also on line ${earlier}`);
    if (name) seen.set(lower(name), line);
    const hours = parseOpeningHoursText(values.hours ?? '');
    if ('error' in hours) errors.push(`hours: ${hours.error}`);
    const lat = decimal(values, 'latitude', errors);
    const lng = decimal(values, 'longitude', errors);
    if ((lat === null) !== (lng === null)) errors.push('give both latitude and longitude, or neither');
    const routesText = (values.referral_routes ?? '').trim();
    const routes = routesText === '' ? [...REFERRAL_ROUTES] : routesText.split(/[|;]/).map((r) => lower(r));
    const badRoutes = routes.filter((r) => !(REFERRAL_ROUTES as readonly string[]).includes(r));
    if (badRoutes.length > 0)
      errors.push(`referral_routes: ${badRoutes.join(', ')} (use ${REFERRAL_ROUTES.join('|')})`);
    const adult = wholeNumber(values, 'adult_places', errors);
    const under18 = wholeNumber(values, 'under18_places', errors);
    const details = {
      name,
      kind: kind ?? 'A21',
      organisationId: organisation?.id ?? 'unknown',
      address: (values.address ?? '').trim(),
      coordinates: lat !== null && lng !== null ? { lat, lng } : null,
      phone: (values.phone ?? '').trim(),
      hours: 'hours' in hours ? hours.hours : { isAlwaysOpen: true, weekly: [], exceptions: [] },
      eligibility: {
        minAge: wholeNumber(values, 'min_age', errors),
        maxAge: wholeNumber(values, 'max_age', errors),
        referralRoutes: routes.filter((r): r is (typeof REFERRAL_ROUTES)[number] =>
          (REFERRAL_ROUTES as readonly string[]).includes(r),
        ),
        acceptsS136: flag(values, 'accepts_s136', errors, kind === 'A20' || kind === 'ED'),
        acceptsIntoxicated: flag(values, 'accepts_intoxicated', errors, false),
        excludesUrgentMedicalNeed: flag(values, 'excludes_urgent_medical_need', errors, kind !== 'ED'),
        accessNotes: (values.access_notes ?? '').trim(),
      },
    };
    const parsed = ZServiceDetails.safeParse(details);
    if (!parsed.success) errors.push(...zodMessages(parsed.error));
    const places = { adult: adult ?? 0, under18: under18 ?? 0 };
    if (places.adult > 500 || places.under18 > 500) errors.push('at most 500 places per category');
    const placesProblem = kind ? registeredPlacesProblem(kind, places) : null;
    if (placesProblem) errors.push(placesProblem);
    return {
      line,
      label: name || `line ${line}`,
      value: errors.length === 0 && parsed.success ? { ...parsed.data, places } : null,
      errors,
    };
  });
}
