import type { TCaseCard } from '../schemas/case';
import type { TPlaceOfSafetyKind } from '../schemas/detention';
import { ageInYears, firstPlaceReached } from './detention';
import { ethnicGroup } from './report-facts';
import { londonDateTime } from './report-periods';

/**
 * The Home Office annual data return on police use of s136 and s135 (R-HO-RETURN): one row per
 * detention decided in the financial year, in the return's own categories, with UK local times. No
 * names and no card references: the return does not need them, and the file leaves the product.
 */
export const HOME_OFFICE_COLUMNS = [
  'power',
  'date_detained',
  'time_detained',
  'age',
  'under_18',
  'sex',
  'ethnicity',
  'first_place_of_safety',
  'transport',
  'police_vehicle_reason',
  'arrested_for_substantive_offence',
] as const;
export type THomeOfficeRow = Record<(typeof HOME_OFFICE_COLUMNS)[number], string>;

/** Column headings as the file shows them. */
export const HOME_OFFICE_HEADINGS: THomeOfficeRow = {
  power: 'Power',
  date_detained: 'Date detained',
  time_detained: 'Time detained (UK)',
  age: 'Age',
  under_18: 'Under 18',
  sex: 'Sex',
  ethnicity: 'Ethnicity',
  first_place_of_safety: 'First place of safety',
  transport: 'Method of transport to first place of safety',
  police_vehicle_reason: 'Reason a police vehicle was used',
  arrested_for_substantive_offence: 'Arrested for a substantive offence (police station)',
};

/** The return's place-of-safety categories: an s136 suite is a health-based place of safety. */
const FIRST_PLACE: Record<TPlaceOfSafetyKind, string> = {
  'police-station': 'Police station',
  'emergency-department': 'A&E',
  'health-based-suite': 'Health-based place of safety',
  other: 'Other',
};

const TRANSPORT: Record<string, string> = {
  ambulance: 'Ambulance',
  'police-vehicle': 'Police vehicle',
  other: 'Other',
  'not-known': 'Not known',
};

const POLICE_VEHICLE_REASON: Record<string, string> = {
  'no-ambulance-within-30-min': 'Ambulance not available within 30 minutes',
  'not-requested': 'Ambulance not requested',
  'ambulance-diverted': 'Ambulance diverted to a higher-priority call',
  'crew-refused': 'Ambulance crew refused',
  other: 'Other',
};

const SEX: Record<string, string> = { female: 'Female', male: 'Male', other: 'Other', 'not-known': 'Not known' };

export function homeOfficeRow(card: TCaseCard): THomeOfficeRow | null {
  const d = card.detention;
  if (!d) return null;
  const first = firstPlaceReached(d) ?? d.places[0] ?? null;
  const age = ageInYears(card.person.age, new Date(d.decidedAt));
  const under18 = age !== null ? age < 18 : d.ageStatement === null ? null : d.ageStatement === 'under-18';
  const [date = '', time = ''] = londonDateTime(d.decidedAt).split(' ');
  const inDwelling = d.place === 'dwelling' || d.place === 'dwelling-private-garden';
  return {
    power: d.power === 's136' ? 'Section 136' : 'Section 135',
    date_detained: date,
    time_detained: time,
    age: age === null ? 'Not known' : String(age),
    under_18: under18 === null ? 'Not known' : under18 ? 'Yes' : 'No',
    sex: SEX[card.person.sex] ?? 'Not known',
    ethnicity: ethnicGroup(card.person.ethnicity),
    first_place_of_safety: d.keptAtPlaceOfSafety
      ? inDwelling
        ? 'Private home'
        : 'Other'
      : first
        ? FIRST_PLACE[first.kind]
        : 'Not known',
    transport: d.keptAtPlaceOfSafety
      ? 'None (already at a place of safety)'
      : first
        ? (TRANSPORT[first.transport.mode] ?? 'Not known')
        : 'Not known',
    police_vehicle_reason:
      first?.transport.mode === 'police-vehicle' ? (POLICE_VEHICLE_REASON[first.transport.reason] ?? 'Other') : '',
    arrested_for_substantive_offence:
      first?.kind === 'police-station' && first.policeStation
        ? first.policeStation.arrestedForSubstantiveOffence
          ? 'Yes'
          : 'No'
        : '',
  };
}

/**
 * What the return needs that a detention's record does not yet say (R-HO-RETURN), so the duty manager
 * can complete the cards before the file is produced. Empty when the detention is complete.
 */
export function missingAnswers(card: TCaseCard): string[] {
  const d = card.detention;
  if (!d) return [];
  const missing: string[] = [];
  const first = firstPlaceReached(d) ?? d.places[0] ?? null;
  if (card.person.ethnicity === null || card.person.ethnicity === '99')
    missing.push('Ethnicity (ask, or record "Not stated")');
  if (card.person.sex === 'not-known') missing.push('Sex');
  if (card.person.age.kind === 'unknown' && d.ageStatement === null) missing.push('Age, or whether under 18');
  if (!d.keptAtPlaceOfSafety && !first) missing.push('First place of safety');
  if (first && first.transport.mode === 'not-known') missing.push('Method of transport');
  if (!d.outcome && !d.breachedAt) missing.push('Outcome (the detention has not ended)');
  return missing;
}

/** RFC 4180 CSV: quote every field, double embedded quotes, CRLF line ends. */
export function toCsv(
  header: readonly string[],
  rows: readonly Record<string, string>[],
  headings?: Record<string, string>,
): string {
  const cell = (v: string) => `"${v.replace(/"/g, '""')}"`;
  return (
    [
      header.map((h) => cell(headings?.[h] ?? h)).join(','),
      ...rows.map((r) => header.map((h) => cell(r[h] ?? '')).join(',')),
    ].join('\r\n') + '\r\n'
  );
}
