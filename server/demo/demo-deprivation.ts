/**
 * A fictional deprivation lookup for Kestrel Vale (R-REPORT-IMD): postcodes → small areas → deciles,
 * in the shape of the ONS Postcode Directory and the English Indices of Deprivation. The codes are
 * made up (E01990…) so nothing here is mistaken for a real place.
 */
const AREAS: { lsoa: string; decile: number; postcodes: string[] }[] = [
  { lsoa: 'E01990001', decile: 1, postcodes: ['KV1 1AA', 'KV1 1AB', 'KV1 1AD'] },
  { lsoa: 'E01990002', decile: 1, postcodes: ['KV1 2BA', 'KV1 2BB'] },
  { lsoa: 'E01990003', decile: 2, postcodes: ['KV1 3DA', 'KV1 3DB'] },
  { lsoa: 'E01990004', decile: 3, postcodes: ['KV2 1EA', 'KV2 1EB'] },
  { lsoa: 'E01990005', decile: 4, postcodes: ['KV2 2FA'] },
  { lsoa: 'E01990006', decile: 5, postcodes: ['KV3 1GA', 'KV3 1GB'] },
  { lsoa: 'E01990007', decile: 6, postcodes: ['KV3 2HA'] },
  { lsoa: 'E01990008', decile: 7, postcodes: ['KV4 1JA', 'KV4 1JB'] },
  { lsoa: 'E01990009', decile: 8, postcodes: ['KV4 2LA'] },
  { lsoa: 'E01990010', decile: 9, postcodes: ['KV5 1NA'] },
  { lsoa: 'E01990011', decile: 10, postcodes: ['KV5 2PA'] },
];

export const DEMO_DEPRIVATION_EDITION = 'Kestrel Vale fictional lookup (demo)';

/** Postcodes people in the demo live at, the most deprived areas listed more often (as crisis demand is). */
export const DEMO_POSTCODES: readonly string[] = AREAS.flatMap((a) =>
  a.postcodes.flatMap((p) => Array.from({ length: a.decile <= 3 ? 3 : 1 }, () => p)),
);

export const DEMO_POSTCODE_AREAS = AREAS.flatMap((a) =>
  a.postcodes.map((p) => ({ postcode: p.replace(/\s+/g, ''), lsoa: a.lsoa })),
);
export const DEMO_AREA_DEPRIVATION = AREAS.map((a) => ({ lsoa: a.lsoa, decile: a.decile }));
