import { describe, expect, it } from 'vitest';
import { USER_IMPORT_COLUMNS } from '@shared/rules/import-rows';
import { parseCsv } from './csv';

const header = 'username,display_name,role,organisation';

describe('reading a CSV file', () => {
  it('keeps commas, quotes and line breaks inside quoted fields', () => {
    const parsed = parseCsv(`${header}\njsmith,"Smith, Jo ""JJ""",operator,"Trust, North"\n`, USER_IMPORT_COLUMNS);
    expect(parsed.fileErrors).toEqual([]);
    expect(parsed.records).toEqual([
      {
        line: 2,
        values: { username: 'jsmith', display_name: 'Smith, Jo "JJ"', role: 'operator', organisation: 'Trust, North' },
      },
    ]);
  });

  it('ignores a byte-order mark and reads CRLF files from spreadsheets', () => {
    const parsed = parseCsv(`\uFEFF${header}\r\na,A,operator,T\r\n`, USER_IMPORT_COLUMNS);
    expect(parsed.fileErrors).toEqual([]);
    expect(parsed.records[0]?.values.username).toBe('a');
  });

  it('skips blank lines (and rows of empty cells) but keeps each row’s line number in the file', () => {
    const parsed = parseCsv(`${header}\n\na,A,operator,T\n,,,\n\nb,B,operator,T\n`, USER_IMPORT_COLUMNS);
    expect(parsed.records.map((r) => [r.line, r.values.username])).toEqual([
      [3, 'a'],
      [6, 'b'],
    ]);
  });

  it('matches headers loosely (case, spaces, dashes) and names missing and unknown ones', () => {
    expect(parseCsv('Username,Display Name,ROLE,Organisation\n', USER_IMPORT_COLUMNS).fileErrors).toEqual([]);
    const wrong = parseCsv('user,display_name,role,organisation,shoe_size\nx,X,operator,T\n', USER_IMPORT_COLUMNS);
    expect(wrong.records).toEqual([]);
    expect(wrong.fileErrors).toEqual([
      'Missing column: username',
      expect.stringMatching(/^Unknown columns: user, shoe_size \(expected: username, display_name/),
    ]);
  });

  it('reports a row with the wrong number of values instead of guessing', () => {
    const parsed = parseCsv(`${header}\na,A,operator\nb,B,operator,T\n`, USER_IMPORT_COLUMNS);
    expect(parsed.rowErrors).toEqual([{ line: 2, message: '3 values for 4 columns' }]);
    expect(parsed.records.map((r) => r.values.username)).toEqual(['b']);
  });

  it('says so when the file is empty or not CSV at all', () => {
    expect(parseCsv('', USER_IMPORT_COLUMNS).fileErrors).toEqual(['The file is empty']);
    expect(parseCsv(`${header}\n"unclosed,quote,x,y\n`, USER_IMPORT_COLUMNS).fileErrors[0]).toMatch(/not a CSV file/);
  });
});
