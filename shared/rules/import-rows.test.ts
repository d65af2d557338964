import { describe, expect, it } from 'vitest';
import {
  checkServiceRows,
  checkUserRows,
  headerProblems,
  SERVICE_IMPORT_COLUMNS,
  USER_IMPORT_COLUMNS,
} from './import-rows';

const organisations = [
  { id: 'trust', name: 'North Vale Mental Health Trust' },
  { id: 'police', name: 'North Vale Police' },
];
const userRow = (line: number, values: Record<string, string>) => ({
  line,
  values: { username: 'jodie', display_name: 'Jo', role: 'operator', organisation: 'north vale police', ...values },
});

describe('users from a spreadsheet, row by row', () => {
  it('takes roles by code or label and organisations by name in any case', () => {
    const [row] = checkUserRows([userRow(2, { role: 'Street-triage clinician', username: ' JO.SMITH ' })], {
      organisations,
      takenUsernames: new Set(),
    });
    expect(row).toMatchObject({
      errors: [],
      value: { username: 'jo.smith', role: 'triage-clinician', organisationId: 'police' },
    });
  });

  it('names every problem on a row: unknown role, unknown organisation, taken or repeated username, bad email', () => {
    const rows = checkUserRows(
      [
        userRow(2, { username: 'dup' }),
        userRow(3, { username: 'dup', role: 'boss', organisation: 'Acme', email: 'not-an-email' }),
        userRow(4, { username: 'taken' }),
      ],
      { organisations, takenUsernames: new Set(['taken']) },
    );
    expect(rows[0]?.errors).toEqual([]);
    expect(rows[1]?.errors).toEqual([
      expect.stringContaining('role "boss"'),
      'organisation "Acme" is not one of this area\'s',
      'username dup is also on line 2',
      expect.stringContaining('contact.email'),
    ]);
    expect(rows[1]?.value).toBeNull();
    expect(rows[2]?.errors).toEqual(['username taken is taken']);
  });

  it('checks a temporary password given in the file for length', () => {
    const [row] = checkUserRows([userRow(2, { temporary_password: 'short' })], {
      organisations,
      takenUsernames: new Set(),
    });
    expect(row?.errors).toEqual([expect.stringContaining('temporary_password: At least 12 characters')]);
  });
});

describe('services from a spreadsheet, row by row', () => {
  const service = (values: Record<string, string>) => ({
    line: 2,
    values: {
      name: 'Café',
      kind: 'A21',
      organisation: 'North Vale Mental Health Trust',
      hours: 'Fri-Sun 18:00-23:00',
      adult_places: '6',
      under18_places: '0',
      ...values,
    },
  });

  it('reads kinds by code or label, hours as text, routes, flags and totals; s136 defaults follow the kind', () => {
    const [row] = checkServiceRows(
      [service({ kind: 'Health-based place of safety', referral_routes: 'professional-referral', min_age: '10' })],
      {
        organisations,
        takenNames: new Set(),
      },
    );
    expect(row?.errors).toEqual([]);
    expect(row?.value).toMatchObject({
      kind: 'A20',
      organisationId: 'trust',
      eligibility: { acceptsS136: true, minAge: 10, referralRoutes: ['professional-referral'] },
      places: { adult: 6, under18: 0 },
    });
    expect(row?.value?.hours.weekly).toHaveLength(3);
  });

  it('names every problem: kind, hours, half a position, a flag that is not yes or no, a name already used', () => {
    const [row] = checkServiceRows(
      [
        service({
          name: 'Elm House',
          kind: 'hotel',
          hours: 'evenings',
          latitude: '52.4',
          accepts_s136: 'maybe',
          adult_places: 'six',
        }),
      ],
      { organisations, takenNames: new Set(['elm house']) },
    );
    expect(row?.errors).toEqual([
      expect.stringContaining('kind "hotel"'),
      'a service called Elm House is already registered',
      expect.stringContaining('hours: "evenings"'),
      'give both latitude and longitude, or neither',
      'adult_places: "six" is not a whole number',
      'accepts_s136: "maybe" is not yes or no',
    ]);
  });
});

describe('header rows', () => {
  it('name missing, unknown and repeated columns', () => {
    expect(headerProblems(['username', 'display_name', 'role', 'organisation'], USER_IMPORT_COLUMNS)).toEqual([]);
    expect(headerProblems(['name', 'kind', 'kind'], SERVICE_IMPORT_COLUMNS)).toEqual([
      'Missing columns: organisation, hours, adult_places, under18_places',
      'Column given twice: kind',
    ]);
  });
});
