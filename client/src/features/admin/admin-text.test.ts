import { describe, expect, it } from 'vitest';
import type { TAccountListItem, TImportReport } from '@shared/schemas/account';
import {
  filterAccounts,
  importSummary,
  isCleanReport,
  sortAccounts,
  summariseUserAgent,
  toCsv,
  type TAccountFilter,
} from './admin-text';

const account = (over: Partial<TAccountListItem>): TAccountListItem => ({
  id: over.username ?? 'x',
  areaId: 'kv',
  username: 'x',
  displayName: 'X',
  role: 'operator',
  organisationId: 'trust',
  contact: { phone: '', email: '' },
  isEnabled: true,
  isDemo: false,
  mustChangePassword: false,
  hasMfa: true,
  version: 1,
  createdAt: '2026-11-01T09:00:00Z',
  updatedAt: '2026-11-01T09:00:00Z',
  unitCallSigns: [],
  sessionCount: 0,
  lastActiveAt: null,
  ...over,
});

const ORGS: Record<string, string> = { trust: 'Kestrel Vale Mental Health Trust', police: 'Kestrel Vale Constabulary' };
const orgName = (id: string) => ORGS[id] ?? id;

const accounts = [
  account({ username: 'olu', displayName: 'Olu Adeyemi' }),
  account({ username: 'dan', displayName: 'PC Dan Hollis', role: 'police-officer', organisationId: 'police' }),
  account({ username: 'amira', displayName: 'PC Amira Shah', role: 'police-officer', organisationId: 'police' }),
  account({ username: 'gone', displayName: 'Gone Away', isEnabled: false }),
];
const NO_FILTER: TAccountFilter = { text: '', role: '', organisationId: '', isDisabledOnly: false };

describe('the accounts table', () => {
  it('finds people by any word of name, username, role label or organisation name', () => {
    const names = (filter: Partial<TAccountFilter>) =>
      filterAccounts(accounts, { ...NO_FILTER, ...filter }, orgName).map((a) => a.username);
    expect(names({ text: 'constabulary' })).toEqual(['dan', 'amira']);
    expect(names({ text: 'police amira' })).toEqual(['amira']);
    expect(names({ text: 'crisis-line' })).toEqual(['olu', 'gone']);
    expect(names({ role: 'police-officer', text: 'dan' })).toEqual(['dan']);
    expect(names({ isDisabledOnly: true })).toEqual(['gone']);
    expect(names({ organisationId: 'trust' })).toEqual(['olu', 'gone']);
  });

  it('sorts by name either way, and by last active with never-active people last', () => {
    const byName = sortAccounts(accounts, { key: 'name', isDescending: false }, orgName).map((a) => a.username);
    expect(byName).toEqual(['gone', 'olu', 'amira', 'dan']);
    const reversed = sortAccounts(accounts, { key: 'name', isDescending: true }, orgName).map((a) => a.username);
    expect(reversed).toEqual(['dan', 'amira', 'olu', 'gone']);
    const active = sortAccounts(
      [
        account({ username: 'a', lastActiveAt: null }),
        account({ username: 'b', lastActiveAt: '2026-11-02T10:00:00Z' }),
      ],
      { key: 'lastActive', isDescending: true },
      orgName,
    );
    expect(active.map((a) => a.username)).toEqual(['b', 'a']);
  });
});

describe('sessions', () => {
  it('names the browser and system of a session in a few words', () => {
    expect(
      summariseUserAgent(
        'Mozilla/5.0 (Linux; Android 14; SM-S911B) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36',
      ),
    ).toBe('Chrome on Android');
    expect(
      summariseUserAgent(
        'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0',
      ),
    ).toBe('Edge on Windows');
    expect(
      summariseUserAgent(
        'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1',
      ),
    ).toBe('Safari on iPhone');
    expect(summariseUserAgent('Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0')).toBe(
      'Firefox on Linux',
    );
    expect(summariseUserAgent('')).toBe('Unknown device');
  });
});

describe('imports', () => {
  const report = (rows: TImportReport['rows'], fileErrors: string[] = []): TImportReport => ({
    isDryRun: true,
    isApplied: false,
    isRepeat: false,
    fileErrors,
    rows,
  });
  const row = (line: number, errors: string[] = []) => ({
    line,
    label: `user${line}`,
    action: errors.length ? ('error' as const) : ('create' as const),
    errors,
    temporaryPassword: null,
  });

  it('summarises a check in one line and allows import only when every row is ready', () => {
    const mixed = report([row(2), row(3, ['role "x" is not one of …'])]);
    expect(importSummary(mixed)).toBe('2 rows: 1 ready, 1 with problems');
    expect(isCleanReport(mixed)).toBe(false);
    expect(isCleanReport(report([row(2)]))).toBe(true);
    expect(isCleanReport(report([]))).toBe(false);
    expect(isCleanReport(report([], ['Missing column: role']))).toBe(false);
  });

  it('writes CSV that spreadsheets read back unchanged', () => {
    expect(
      toCsv([
        ['name', 'notes'],
        ['Jo', 'says "hi", twice'],
      ]),
    ).toBe('name,notes\r\nJo,"says ""hi"", twice"\r\n');
  });
});

describe('CSV downloads', () => {
  it('writes a cell a spreadsheet would run as a formula as text', () => {
    expect(
      toCsv([
        ['username', 'temporary password'],
        ['jo', '=HYPERLINK("http://x.example")'],
        ['sam', '+1+1'],
      ]),
    ).toBe('username,temporary password\r\njo,"\'=HYPERLINK(""http://x.example"")"\r\nsam,\'+1+1\r\n');
  });
});
