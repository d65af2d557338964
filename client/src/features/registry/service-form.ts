import type { UseFormReturn } from 'react-hook-form';
import { openingHoursText, parseOpeningHoursText } from '@shared/rules/opening-hours-text';
import {
  PLACE_CATEGORIES,
  PLACE_CATEGORY_LABELS,
  REFERRAL_ROUTES,
  ZServiceDetails,
  type TOpeningHours,
  type TPlaceCategory,
  type TService,
  type TServiceDetails,
  type TServiceKind,
} from '@shared/schemas/service';

/** A referral route a service accepts. */
export type TReferralRoute = (typeof REFERRAL_ROUTES)[number];

/** Labels for the referral routes, in the words a duty manager uses. */
export const REFERRAL_ROUTE_LABELS: Record<TReferralRoute, string> = {
  'self-referral': 'Self-referral',
  'professional-referral': 'Professional referral',
  'walk-in': 'Walk-in',
};

/** One dated exception as typed: a date, and either "closed all day" or its sessions as text. */
export interface TExceptionDraft {
  date: string;
  isClosed: boolean;
  sessionsText: string;
}

/**
 * The service editor's draft, as the person types it: numbers and hours stay text until saved, so a
 * half-typed value is never lost or silently turned into something else.
 */
export interface TServiceFormValues {
  name: string;
  kind: TServiceKind;
  organisationId: string;
  address: string;
  phone: string;
  lat: string;
  lng: string;
  isAlwaysOpen: boolean;
  weeklyText: string;
  exceptions: TExceptionDraft[];
  minAge: string;
  maxAge: string;
  referralRoutes: TReferralRoute[];
  acceptsS136: boolean;
  acceptsIntoxicated: boolean;
  excludesUrgentMedicalNeed: boolean;
  accessNotes: string;
  adult: string;
  under18: string;
  reason: string;
}

/** What a valid draft becomes: the registry details, the place totals and the reason for the history. */
export interface TServiceFormOutput {
  details: TServiceDetails;
  places: Record<TPlaceCategory, number>;
  reason: string;
}

/** What the editor's resolver needs beyond the draft: the places in use now (edit only). */
export interface TServiceFormContext {
  minimumTotals?: Record<TPlaceCategory, number> | undefined;
}

/** The editor's react-hook-form handle, shared by its field groups. */
export type TServiceForm = UseFormReturn<TServiceFormValues, TServiceFormContext, TServiceFormOutput>;

/** A problem with one field of the draft, by its form path ("exceptions.1.date"). */
export interface TFormIssue {
  path: string;
  message: string;
}

/** Written in the weekly-hours box for a service that opens only on its dated exceptions. */
export const NO_REGULAR_HOURS = 'none';

/** Kinds that never count places (R-LRO-1): their totals stay 0 and the totals command refuses them. */
export function countsPlaces(kind: TServiceKind): boolean {
  return kind !== 'ED' && kind !== 'custody';
}

/** "18+", "16–25", "Up to 17", "Any age". */
export function agesText(eligibility: TService['eligibility']): string {
  const { minAge, maxAge } = eligibility;
  if (minAge === null && maxAge === null) return 'Any age';
  if (maxAge === null) return `${minAge}+`;
  if (minAge === null || minAge === 0) return `Up to ${maxAge}`;
  return `${minAge}–${maxAge}`;
}

/** A blank draft for "Add a service": nothing is guessed except the first organisation. */
export function blankServiceForm(organisationId: string): TServiceFormValues {
  return {
    name: '',
    kind: 'A21',
    organisationId,
    address: '',
    phone: '',
    lat: '',
    lng: '',
    isAlwaysOpen: false,
    weeklyText: '',
    exceptions: [],
    minAge: '18',
    maxAge: '',
    referralRoutes: ['self-referral', 'professional-referral', 'walk-in'],
    acceptsS136: false,
    acceptsIntoxicated: false,
    excludesUrgentMedicalNeed: true,
    accessNotes: '',
    adult: '0',
    under18: '0',
    reason: '',
  };
}

/** Session list as text: "10:00-16:00, 18:00-23:00". */
export function sessionsText(sessions: readonly { opens: string; closes: string }[]): string {
  return sessions.map((s) => `${s.opens}-${s.closes}`).join(', ');
}

/** The draft of an existing service, written the way the editor shows it. */
export function formFromService(service: TService): TServiceFormValues {
  const { hours, eligibility } = service;
  return {
    name: service.name,
    kind: service.kind,
    organisationId: service.organisationId,
    address: service.address,
    phone: service.phone,
    lat: service.coordinates ? String(service.coordinates.lat) : '',
    lng: service.coordinates ? String(service.coordinates.lng) : '',
    isAlwaysOpen: hours.isAlwaysOpen,
    weeklyText:
      hours.weekly.length > 0
        ? openingHoursText({ isAlwaysOpen: false, weekly: hours.weekly })
        : hours.isAlwaysOpen
          ? ''
          : NO_REGULAR_HOURS,
    exceptions: hours.exceptions.map((e) => ({
      date: e.date,
      isClosed: e.sessions.length === 0,
      sessionsText: sessionsText(e.sessions),
    })),
    minAge: eligibility.minAge === null ? '' : String(eligibility.minAge),
    maxAge: eligibility.maxAge === null ? '' : String(eligibility.maxAge),
    referralRoutes: REFERRAL_ROUTES.filter((r) => eligibility.referralRoutes.includes(r)),
    acceptsS136: eligibility.acceptsS136,
    acceptsIntoxicated: eligibility.acceptsIntoxicated,
    excludesUrgentMedicalNeed: eligibility.excludesUrgentMedicalNeed,
    accessNotes: eligibility.accessNotes,
    adult: String(service.capacity.adult.total),
    under18: String(service.capacity.under18.total),
    reason: '',
  };
}

const CLOCK = /^([01]\d|2[0-3]):[0-5]\d$/;

/** "10:00-16:00, 18:00-02:00" → sessions, or what is wrong in words. Empty text is no sessions. */
export function parseSessionsText(text: string): { sessions: { opens: string; closes: string }[] } | { error: string } {
  const sessions: { opens: string; closes: string }[] = [];
  for (const part of text
    .split(/[;,]/)
    .map((p) => p.trim())
    .filter(Boolean)) {
    const match = /^(\d{1,2}:\d{2})\s*[-–]\s*(\d{1,2}:\d{2})$/.exec(part);
    const opens = match?.[1]?.padStart(5, '0');
    const closes = match?.[2]?.padStart(5, '0');
    if (!opens || !closes || !CLOCK.test(opens) || !CLOCK.test(closes)) {
      return { error: `"${part}" is not like "10:00-16:00"` };
    }
    if (opens === closes) return { error: `"${part}" opens and closes at the same time` };
    sessions.push({ opens, closes });
  }
  sessions.sort((a, b) => a.opens.localeCompare(b.opens));
  return { sessions };
}

/**
 * The weekly box as hours: "24/7", "none" (only the dated exceptions), or sessions such as
 * "Mon-Fri 18:00-23:00; Sat-Sun 12:00-02:00". Returns the weekly part, or the problem in words.
 */
export function parseWeeklyText(
  text: string,
): { isAlwaysOpen: boolean; weekly: TOpeningHours['weekly'] } | { error: string } {
  const trimmed = text.trim();
  if (/^(none|no regular hours)$/i.test(trimmed)) return { isAlwaysOpen: false, weekly: [] };
  if (trimmed === '') {
    return {
      error: `Give the weekly hours such as "Mon-Fri 18:00-23:00", tick Open 24/7, or write "${NO_REGULAR_HOURS}" if it opens only on the dated exceptions`,
    };
  }
  const parsed = parseOpeningHoursText(trimmed);
  if ('error' in parsed) return parsed;
  return { isAlwaysOpen: parsed.hours.isAlwaysOpen, weekly: parsed.hours.weekly };
}

const DAY_NAMES = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'] as const;

/** Each weekday with its sessions in words, for the live preview under the weekly box. */
export function weeklyByDay(weekly: TOpeningHours['weekly']): { day: string; text: string; isClosed: boolean }[] {
  return DAY_NAMES.map((day, index) => {
    const sessions = weekly.filter((s) => s.day === index + 1);
    return {
      day,
      isClosed: sessions.length === 0,
      text:
        sessions.length === 0
          ? 'closed'
          : sessions.map((s) => `${s.opens}–${s.closes}${s.closes <= s.opens ? ' (next day)' : ''}`).join(', '),
    };
  });
}

const dateFormat = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'UTC',
  weekday: 'short',
  day: 'numeric',
  month: 'short',
  year: 'numeric',
});

/** "Fri 25 Dec 2026" for a calendar date, or null when it is not a real date. */
export function dateLabel(date: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) return null;
  const at = new Date(`${date}T12:00:00Z`);
  if (Number.isNaN(at.getTime()) || at.toISOString().slice(0, 10) !== date) return null;
  const parts = Object.fromEntries(dateFormat.formatToParts(at).map((p) => [p.type, p.value]));
  return `${parts.weekday} ${parts.day} ${parts.month} ${parts.year}`;
}

function readWholeNumber(
  text: string,
  path: string,
  range: { min: number; max: number },
  issues: TFormIssue[],
): number | null {
  const trimmed = text.trim();
  if (trimmed === '') return null;
  if (!/^\d+$/.test(trimmed)) {
    issues.push({ path, message: 'Use a whole number' });
    return null;
  }
  const value = Number(trimmed);
  if (value < range.min || value > range.max) {
    issues.push({ path, message: `Between ${range.min} and ${range.max}` });
    return null;
  }
  return value;
}

function readCoordinate(text: string, path: string, example: string, limit: number, issues: TFormIssue[]) {
  const trimmed = text.trim();
  if (trimmed === '') return null;
  const value = Number(trimmed);
  if (!/^-?\d+(\.\d+)?$/.test(trimmed) || Number.isNaN(value) || Math.abs(value) > limit) {
    issues.push({
      path,
      message: `A number between -${limit} and ${limit}, such as ${example}`,
    });
    return null;
  }
  return value;
}

/** Places in use now in one category: the total cannot go below these (shared/rules/service-lifecycle.ts). */
export function placesInUse(service: Pick<TService, 'capacity' | 'holds'>, category: TPlaceCategory) {
  const c = service.capacity[category];
  const held = service.holds.filter((h) => h.category === category).length;
  return {
    occupied: c.occupied,
    cleaning: c.cleaning,
    closed: c.closed,
    held,
    total: c.occupied + c.cleaning + c.closed + held,
  };
}

/** The refusal the server gives for a total below what is in use, word for word. */
export function belowInUseMessage(category: TPlaceCategory, inUse: number): string {
  return `${PLACE_CATEGORY_LABELS[category]} places: ${inUse} are in use, held, cleaning or closed now; the total cannot be below that`;
}

/**
 * Reads the draft into registry details, with every problem in words against its field. `minimumTotals`
 * are the places in use now (on edit), so a total below them is caught before the server refuses it.
 */
export function readServiceForm(
  values: TServiceFormValues,
  minimumTotals?: Record<TPlaceCategory, number>,
): { ok: true; value: TServiceFormOutput } | { ok: false; issues: TFormIssue[] } {
  const issues: TFormIssue[] = [];
  const name = values.name.trim();
  if (name === '') issues.push({ path: 'name', message: 'Enter the service’s name' });
  else if (name.length > 120) issues.push({ path: 'name', message: 'At most 120 characters' });
  if (!values.organisationId) issues.push({ path: 'organisationId', message: 'Choose the organisation that runs it' });
  if (values.address.trim().length > 300) issues.push({ path: 'address', message: 'At most 300 characters' });
  if (values.phone.trim().length > 40) issues.push({ path: 'phone', message: 'At most 40 characters' });

  const lat = readCoordinate(values.lat, 'lat', '52.4087', 90, issues);
  const lng = readCoordinate(values.lng, 'lng', '-1.5061', 180, issues);
  const hasLat = values.lat.trim() !== '';
  const hasLng = values.lng.trim() !== '';
  if (hasLat !== hasLng) {
    issues.push({ path: hasLat ? 'lng' : 'lat', message: 'Give both latitude and longitude, or neither' });
  }

  let weekly: TOpeningHours['weekly'] = [];
  let isAlwaysOpen = values.isAlwaysOpen;
  if (!isAlwaysOpen) {
    const parsed = parseWeeklyText(values.weeklyText);
    if ('error' in parsed) issues.push({ path: 'weeklyText', message: parsed.error });
    else {
      isAlwaysOpen = parsed.isAlwaysOpen;
      weekly = parsed.weekly;
    }
  }

  const exceptions: TOpeningHours['exceptions'] = [];
  const seen = new Set<string>();
  values.exceptions.forEach((e, i) => {
    const date = e.date.trim();
    if (dateLabel(date) === null) {
      issues.push({ path: `exceptions.${i}.date`, message: 'Give the date of the exception' });
    } else if (seen.has(date)) {
      issues.push({ path: `exceptions.${i}.date`, message: `${dateLabel(date)} is listed twice` });
    }
    seen.add(date);
    if (e.isClosed) {
      exceptions.push({ date, sessions: [] });
      return;
    }
    const parsed = parseSessionsText(e.sessionsText);
    if ('error' in parsed) issues.push({ path: `exceptions.${i}.sessionsText`, message: parsed.error });
    else if (parsed.sessions.length === 0) {
      issues.push({
        path: `exceptions.${i}.sessionsText`,
        message: 'Give the hours that day, such as 12:00-18:00, or tick Closed all day',
      });
    } else exceptions.push({ date, sessions: parsed.sessions });
  });
  exceptions.sort((a, b) => a.date.localeCompare(b.date));

  const minAge = readWholeNumber(values.minAge, 'minAge', { min: 0, max: 130 }, issues);
  const maxAge = readWholeNumber(values.maxAge, 'maxAge', { min: 0, max: 130 }, issues);
  if (minAge !== null && maxAge !== null && minAge > maxAge) {
    issues.push({ path: 'maxAge', message: `Maximum age is below the minimum (${minAge})` });
  }

  const places = { adult: 0, under18: 0 };
  if (countsPlaces(values.kind)) {
    for (const category of PLACE_CATEGORIES) {
      const value = readWholeNumber(values[category], category, { min: 0, max: 500 }, issues);
      if (values[category].trim() === '') issues.push({ path: category, message: 'Give a number (0 for none)' });
      places[category] = value ?? 0;
      const minimum = minimumTotals?.[category] ?? 0;
      if (value !== null && value < minimum)
        issues.push({ path: category, message: belowInUseMessage(category, minimum) });
    }
  }
  if (values.reason.trim().length > 300) issues.push({ path: 'reason', message: 'At most 300 characters' });

  if (issues.length > 0) return { ok: false, issues };
  const details: TServiceDetails = {
    name,
    kind: values.kind,
    organisationId: values.organisationId,
    address: values.address.trim(),
    coordinates: lat !== null && lng !== null ? { lat, lng } : null,
    phone: values.phone.trim(),
    hours: { isAlwaysOpen, weekly, exceptions },
    eligibility: {
      minAge,
      maxAge,
      referralRoutes: REFERRAL_ROUTES.filter((r) => values.referralRoutes.includes(r)),
      acceptsS136: values.acceptsS136,
      acceptsIntoxicated: values.acceptsIntoxicated,
      excludesUrgentMedicalNeed: values.excludesUrgentMedicalNeed,
      accessNotes: values.accessNotes.trim(),
    },
  };
  // The same schema the server parses with, as a last check that nothing above was missed.
  const checked = ZServiceDetails.safeParse(details);
  if (!checked.success) {
    return {
      ok: false,
      issues: checked.error.issues.map((i) => ({
        path: formPathOf(i.path.map(String).join('.')) ?? 'name',
        message: i.message,
      })),
    };
  }
  return { ok: true, value: { details: checked.data, places, reason: values.reason.trim() } };
}

/** Hours compared regardless of the order sessions were typed in. */
function normalisedHours(hours: TOpeningHours): TOpeningHours {
  const bySession = (a: { opens: string; closes: string }, b: { opens: string; closes: string }) =>
    a.opens.localeCompare(b.opens) || a.closes.localeCompare(b.closes);
  const weekly = [...hours.weekly].sort((a, b) => a.day - b.day || bySession(a, b));
  return {
    isAlwaysOpen: hours.isAlwaysOpen,
    weekly: weekly.filter((s, i) => {
      const before = weekly[i - 1];
      return !before || before.day !== s.day || before.opens !== s.opens || before.closes !== s.closes;
    }),
    exceptions: [...hours.exceptions]
      .sort((a, b) => a.date.localeCompare(b.date))
      .map((e) => ({ date: e.date, sessions: [...e.sessions].sort(bySession) })),
  };
}

function comparable(key: keyof TServiceDetails, value: unknown): string {
  if (key === 'hours') return JSON.stringify(normalisedHours(value as TOpeningHours));
  if (key === 'eligibility') {
    const e = value as TServiceDetails['eligibility'];
    return JSON.stringify({
      ...e,
      accessNotes: e.accessNotes.trim(),
      referralRoutes: REFERRAL_ROUTES.filter((r) => e.referralRoutes.includes(r)),
    });
  }
  if (typeof value === 'string') return JSON.stringify(value.trim());
  return JSON.stringify(value);
}

const DETAIL_KEYS = Object.keys(ZServiceDetails.shape) as (keyof TServiceDetails)[];

/** Only the details that differ from the service as it was opened: the history records what really changed. */
export function changedDetails(before: TServiceDetails, after: TServiceDetails): Partial<TServiceDetails> {
  const changes: Partial<Record<keyof TServiceDetails, unknown>> = {};
  for (const key of DETAIL_KEYS) {
    if (comparable(key, before[key]) !== comparable(key, after[key])) changes[key] = after[key];
  }
  return changes as Partial<TServiceDetails>;
}

const FIELD_FOR_DETAIL: Record<string, keyof TServiceFormValues> = {
  name: 'name',
  kind: 'kind',
  organisationId: 'organisationId',
  address: 'address',
  phone: 'phone',
  'coordinates.lat': 'lat',
  'coordinates.lng': 'lng',
  coordinates: 'lat',
  'hours.isAlwaysOpen': 'isAlwaysOpen',
  'hours.weekly': 'weeklyText',
  'eligibility.minAge': 'minAge',
  'eligibility.maxAge': 'maxAge',
  'eligibility.referralRoutes': 'referralRoutes',
  'eligibility.accessNotes': 'accessNotes',
  'places.adult': 'adult',
  'places.under18': 'under18',
  'totals.adult': 'adult',
  'totals.under18': 'under18',
  reason: 'reason',
};

/**
 * The editor field an API issue path points at ("changes.hours.exceptions.0.date" → "exceptions.0.date"),
 * so a server refusal is shown next to the field it is about. Null when no field matches.
 */
export function formPathOf(apiPath: string): string | null {
  const path = apiPath.replace(/^changes\./, '');
  const exception = /^hours\.exceptions\.(\d+)(?:\.(date|sessions).*)?$/.exec(path);
  if (exception) return `exceptions.${exception[1]}.${exception[2] === 'date' ? 'date' : 'sessionsText'}`;
  if (path.startsWith('hours.weekly')) return 'weeklyText';
  for (const [prefix, field] of Object.entries(FIELD_FOR_DETAIL)) {
    if (path === prefix || path.startsWith(`${prefix}.`)) return field;
  }
  return null;
}
