import type { TCaseCard } from '../schemas/case';
import { ageInYears, firstPlaceReached } from './detention';

/**
 * One row of the Home Office annual data return on s136 (domain.md §6) per detention, from what was
 * captured during the flow, so the return needs no re-keying. No names: the return does not need them.
 */
export const HOME_OFFICE_COLUMNS = [
  'reference',
  'power',
  'detained_at',
  'age',
  'sex',
  'ethnicity_code',
  'first_place_of_safety',
  'transport',
  'police_vehicle_reason',
  'arrested_for_substantive_offence',
  'subsequent_places_of_safety',
  'consultation',
  'outcome',
] as const;

const FIRST_PLACE: Record<string, string> = {
  'police-station': 'police station',
  'emergency-department': 'A&E',
  'health-based-suite': 'other health-based place of safety',
  other: 'other',
};

export function homeOfficeRow(card: TCaseCard): Record<(typeof HOME_OFFICE_COLUMNS)[number], string> | null {
  const d = card.detention;
  if (!d) return null;
  const first = firstPlaceReached(d) ?? d.places[0] ?? null;
  const age = ageInYears(card.person.age, new Date(d.decidedAt));
  return {
    reference: card.ref,
    power: d.power,
    detained_at: d.decidedAt,
    age: age === null ? (d.ageStatement === 'under-18' ? 'under 18 (stated)' : 'not known') : String(age),
    sex: card.person.sex,
    ethnicity_code: card.person.ethnicity ?? '',
    first_place_of_safety: d.keptAtPlaceOfSafety
      ? 'kept where they were'
      : first
        ? (FIRST_PLACE[first.kind] ?? first.kind)
        : 'not reached',
    transport: first ? first.transport.mode.replace('-', ' ') : '',
    police_vehicle_reason: first?.transport.mode === 'police-vehicle' ? first.transport.reason.replace(/-/g, ' ') : '',
    arrested_for_substantive_offence: first?.policeStation
      ? first.policeStation.arrestedForSubstantiveOffence
        ? 'yes'
        : 'no'
      : '',
    subsequent_places_of_safety: String(Math.max(0, d.places.length - 1)),
    consultation: d.consultation.kind === 'consulted' ? d.consultation.profession : 'not practicable',
    outcome: d.outcome?.kind ?? (d.breachedAt ? 'breach: expired without outcome' : 'running'),
  };
}

/** RFC 4180 CSV: quote every field, double embedded quotes, CRLF line ends. */
export function toCsv(header: readonly string[], rows: readonly Record<string, string>[]): string {
  const cell = (v: string) => `"${v.replace(/"/g, '""')}"`;
  return (
    [header.map(cell).join(','), ...rows.map((r) => header.map((h) => cell(r[h] ?? '')).join(','))].join('\r\n') +
    '\r\n'
  );
}
