import { parse } from 'csv-parse/sync';
import { headerProblems, normaliseHeader, type TCsvRecord } from '@shared/rules/import-rows';

export interface TParsedCsv {
  records: TCsvRecord[];
  /** Problems with the file as a whole; when there are any, no row is read. */
  fileErrors: string[];
  /** Rows whose column count does not match the header, with the line they start on. */
  rowErrors: { line: number; message: string }[];
}

/**
 * Reads a CSV file the way spreadsheets write it: an optional byte-order mark, quoted fields (with
 * commas, quotes and line breaks inside), CRLF or LF, blank lines skipped. The first row is the header;
 * headers match case-insensitively with spaces or dashes as underscores. Line numbers are the file's own
 * (the header is line 1), so a person can find the row in their spreadsheet.
 */
export function parseCsv(
  text: string,
  columns: { required: readonly string[]; optional: readonly string[] },
): TParsedCsv {
  let rows: { info: { lines: number }; record: string[] }[];
  try {
    rows = parse(text, {
      bom: true,
      info: true,
      relax_column_count: true,
      skip_empty_lines: true,
      skip_records_with_empty_values: true,
      trim: false,
    }) as unknown as { info: { lines: number }; record: string[] }[];
  } catch (error) {
    const message = error instanceof Error ? error.message : 'unreadable';
    return { records: [], fileErrors: [`This is not a CSV file we can read: ${message}`], rowErrors: [] };
  }
  const [header, ...body] = rows;
  if (!header) return { records: [], fileErrors: ['The file is empty'], rowErrors: [] };
  const headers = header.record.map(normaliseHeader);
  const fileErrors = headerProblems(headers, columns);
  if (fileErrors.length > 0) return { records: [], fileErrors, rowErrors: [] };
  const records: TCsvRecord[] = [];
  const rowErrors: TParsedCsv['rowErrors'] = [];
  // csv-parse counts the lines read up to the end of each record; a record starts after the previous one.
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\n|\r/);
  let previousEnd = header.info.lines;
  for (const { info, record } of body) {
    const line = firstLineAfter(lines, previousEnd);
    previousEnd = info.lines;
    if (record.length !== headers.length) {
      rowErrors.push({ line, message: `${record.length} values for ${headers.length} columns` });
      continue;
    }
    records.push({ line, values: Object.fromEntries(headers.map((h, i) => [h, (record[i] ?? '').trim()])) });
  }
  return { records, fileErrors: [], rowErrors };
}

/** The first non-blank line after `afterLine` (records skip blank lines). */
function firstLineAfter(lines: readonly string[], afterLine: number): number {
  let line = afterLine + 1;
  while (line <= lines.length && (lines[line - 1] ?? '').trim().replace(/,/g, '') === '') line++;
  return line;
}
