import { createReadStream, existsSync } from 'node:fs';
import { parse } from 'csv-parse';
import ExcelJS from 'exceljs';

/**
 * The official deprivation lookups (R-REPORT-IMD), read from the files as published:
 * - the ONS Postcode Directory (ONSPD) CSV: a postcode column (`pcds`, or `pcd`/`pcd7`/`pcd8`) and a
 *   small-area column (`lsoa21cd`/`lsoa21`, else `lsoa11cd`/`lsoa11`);
 * - the English Indices of Deprivation, File 1 (XLSX) or File 7 (CSV): "LSOA code (2021)" (or 2011)
 *   and "Index of Multiple Deprivation (IMD) Decile…".
 * Headings are matched without regard to case, so each edition's spelling is accepted.
 */
export type TLookupFile =
  | { kind: 'postcodes'; rows: { postcode: string; lsoa: string }[]; lsoaColumn: string }
  | { kind: 'deprivation'; rows: { lsoa: string; decile: number }[]; edition: string };

const norm = (h: string) => h.trim().toLowerCase();

async function* rowsOf(path: string): AsyncGenerator<string[]> {
  if (path.toLowerCase().endsWith('.xlsx')) {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(path);
    // File 1 keeps the figures on its second sheet (the first is notes): the first sheet with an LSOA heading.
    for (const sheet of workbook.worksheets) {
      const rows: string[][] = [];
      sheet.eachRow((row) => {
        const values = (row.values as unknown[])
          .slice(1)
          .map((v) => (typeof v === 'string' || typeof v === 'number' ? String(v) : ''));
        rows.push(values);
      });
      if (rows[0]?.some((h) => norm(h).startsWith('lsoa code'))) {
        yield* rows;
        return;
      }
    }
    return;
  }
  yield* createReadStream(path).pipe(parse({ bom: true, relax_column_count: true })) as AsyncIterable<string[]>;
}

export async function readLookupFile(path: string): Promise<TLookupFile> {
  if (!existsSync(path)) throw new Error(`${path}: no such file`);
  const iterator = rowsOf(path)[Symbol.asyncIterator]();
  const first = await iterator.next();
  if (first.done) throw new Error(`${path}: the file is empty`);
  const header = first.value.map(norm);
  const find = (...names: string[]) => names.map((n) => header.indexOf(n)).find((i) => i >= 0) ?? -1;
  const postcodeAt = find('pcds', 'pcd', 'pcd7', 'pcd8');
  const lsoaAt = find('lsoa21cd', 'lsoa21', 'lsoa11cd', 'lsoa11');
  const areaAt = header.findIndex((h) => h.startsWith('lsoa code'));
  const decileAt = header.findIndex((h) => h.startsWith('index of multiple deprivation (imd) decile'));
  const rest = { [Symbol.asyncIterator]: () => iterator };

  if (postcodeAt >= 0 && lsoaAt >= 0) {
    const rows: { postcode: string; lsoa: string }[] = [];
    for await (const r of rest) {
      const postcode = (r[postcodeAt] ?? '').toUpperCase().replace(/\s+/g, '');
      const lsoa = (r[lsoaAt] ?? '').trim();
      if (postcode && lsoa) rows.push({ postcode, lsoa });
    }
    return { kind: 'postcodes', rows, lsoaColumn: header[lsoaAt] ?? '' };
  }
  if (areaAt >= 0 && decileAt >= 0) {
    const rows: { lsoa: string; decile: number }[] = [];
    for await (const r of rest) {
      const lsoa = (r[areaAt] ?? '').trim();
      const decile = Number(r[decileAt]);
      if (lsoa && Number.isInteger(decile) && decile >= 1 && decile <= 10) rows.push({ lsoa, decile });
    }
    const year = /\((\d{4})\)/.exec(header[areaAt] ?? '')?.[1];
    return {
      kind: 'deprivation',
      rows,
      edition: year === '2021' ? 'IoD2025 (2021 LSOAs)' : `IoD (${year ?? '?'} LSOAs)`,
    };
  }
  throw new Error(
    `${path}: not a lookup this command knows. Expected the ONS Postcode Directory (columns pcds and lsoa21cd) or the English Indices of Deprivation (columns "LSOA code (…)" and "Index of Multiple Deprivation (IMD) Decile").`,
  );
}
