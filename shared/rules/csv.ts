/** One CSV field, quoted only when it has to be, as spreadsheets expect. */
export function csvField(raw: string): string {
  // A cell a spreadsheet would run as a formula (=, +, -, @, tab, return) is written as text instead.
  const value = /^[=+\-@\t\r]/.test(raw) ? `'${raw}` : raw;
  return /[",\r\n]/.test(value) || value !== value.trim() ? `"${value.replace(/"/g, '""')}"` : value;
}

/** CSV text with a header row, CRLF line ends and a trailing line end, which every spreadsheet opens. */
export function toCsv(rows: readonly (readonly string[])[]): string {
  return rows.map((row) => row.map(csvField).join(',')).join('\r\n') + '\r\n';
}
