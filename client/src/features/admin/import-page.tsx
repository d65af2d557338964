import { useQuery } from '@tanstack/react-query';
import { useEffect, useId, useState, type ReactNode } from 'react';
import { SERVICE_IMPORT_COLUMNS, USER_IMPORT_COLUMNS } from '@shared/rules/import-rows';
import type { TDirectory, TImportReport } from '@shared/schemas/account';
import { ROLE_LABELS, ROLES } from '@shared/schemas/user';
import { SERVICE_KIND_LABELS, SERVICE_KINDS } from '@shared/schemas/service';
import { directoryQuery } from '../../api/queries';
import { useImport, type TImportKind } from './admin-api';
import { importCounts, importSummary, isCleanReport, toCsv } from './admin-text';
import { ProblemMessage } from './fields';

/** The server's limit on one file (ZImportRequest). */
const MAX_CSV_CHARS = 2_000_000;

interface TImportSpec {
  kind: TImportKind;
  title: string;
  /** "accounts" / "services", and the singular, for buttons and summaries. */
  plural: string;
  singular: string;
  labelHeading: string;
  columns: { required: readonly string[]; optional: readonly string[] };
  example: (directory: TDirectory | undefined) => string[];
  help: ReactNode;
}

const organisationOf = (directory: TDirectory | undefined, kinds: readonly string[]) =>
  directory?.organisations.find((o) => kinds.includes(o.kind))?.name ??
  directory?.organisations[0]?.name ??
  'Name of an organisation of this area';

const SPECS: TImportSpec[] = [
  {
    kind: 'users',
    title: 'Import accounts',
    plural: 'accounts',
    singular: 'account',
    labelHeading: 'Username',
    columns: USER_IMPORT_COLUMNS,
    example: (directory) => [
      'jsmith',
      'Jo Smith (RMN)',
      'triage-clinician',
      organisationOf(directory, ['nhs-trust']),
      '01632 960000',
      'jo.smith@example.org',
      '',
    ],
    help: (
      <>
        <p>
          <strong>role</strong>: a code or its label ({ROLES.map((r) => `${r} = ${ROLE_LABELS[r]}`).join('; ')}).{' '}
          <strong>organisation</strong>: its name exactly as on the Organisations page.
        </p>
        <p>
          <strong>temporary_password</strong> may be left empty: one is made for each account and shown once after the
          import. Everyone changes it at first login, then sets up an authenticator app.
        </p>
      </>
    ),
  },
  {
    kind: 'services',
    title: 'Import services',
    plural: 'services',
    singular: 'service',
    labelHeading: 'Service',
    columns: SERVICE_IMPORT_COLUMNS,
    example: (directory) => [
      'Riverside Crisis Café',
      'A21',
      organisationOf(directory, ['voluntary', 'nhs-trust']),
      'Mon-Fri 18:00-23:00; Sat-Sun 12:00-23:00',
      '6',
      '0',
      '12 Quay Street',
      '',
      '',
      '01632 960111',
      '18',
      '',
      'self-referral|walk-in',
      'no',
      'no',
      'yes',
      'Ring the bell at the side door',
    ],
    help: (
      <>
        <p>
          <strong>kind</strong>: a code or its label (
          {SERVICE_KINDS.map((k) => `${k} = ${SERVICE_KIND_LABELS[k]}`).join('; ')}). <strong>hours</strong>:{' '}
          <code>24/7</code> or sessions such as <code>Mon-Fri 18:00-23:00; Sat-Sun 12:00-23:00</code>.
        </p>
        <p>
          <strong>referral_routes</strong>: any of <code>self-referral|professional-referral|walk-in</code>. Yes/no
          columns take yes or no. Imported services start with all their places free.
        </p>
      </>
    ),
  },
];

/** A byte-order mark, so spreadsheet programs open the file as UTF-8 ("Café", not "CafÃ©"). */
const BOM = '\uFEFF';

/** Blob addresses of the templates, made once per content: they are tiny and a link must keep working. */
const templateUrls = new Map<string, string>();
function templateUrl(csv: string): string {
  let url = templateUrls.get(csv);
  if (!url) {
    url = URL.createObjectURL(new Blob([BOM, csv], { type: 'text/csv;charset=utf-8' }));
    templateUrls.set(csv, url);
  }
  return url;
}

/** Saves text as a file; the address is dropped straight after, so passwords do not linger in memory. */
function downloadCsv(csv: string, fileName: string): void {
  const url = URL.createObjectURL(new Blob([BOM, csv], { type: 'text/csv;charset=utf-8' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/**
 * Setting up an area from spreadsheets: check a file (nothing is written), then import it whole. The
 * import button only works for the exact text that passed the check.
 */
export function ImportPage() {
  return (
    <section className="admin-page" aria-labelledby="import-heading">
      <div className="page-head">
        <h2 id="import-heading">Import from spreadsheets</h2>
      </div>
      <p className="muted intro">
        Save the spreadsheet as CSV (first row: column names). Check it first: nothing is written until every row is
        ready, and then every row is imported together, or none.
      </p>
      {SPECS.map((spec) => (
        <ImportSection key={spec.kind} spec={spec} />
      ))}
    </section>
  );
}

function ImportSection({ spec }: { spec: TImportSpec }) {
  const directory = useQuery(directoryQuery);
  const importer = useImport(spec.kind);
  const id = useId();
  const [text, setText] = useState('');
  const [fileName, setFileName] = useState<string | null>(null);
  const [fileProblem, setFileProblem] = useState<string | null>(null);
  const [checked, setChecked] = useState<{ text: string; report: TImportReport } | null>(null);
  const [applied, setApplied] = useState<TImportReport | null>(null);
  const [isProblemsOnly, setIsProblemsOnly] = useState(false);
  const [sending, setSending] = useState<'check' | 'import' | null>(null);
  // A new key clears the file picker once its file has been imported.
  const [pickerKey, setPickerKey] = useState(0);

  const header = [...spec.columns.required, ...spec.columns.optional];
  const template = toCsv([header, spec.example(directory.data)]);
  const isCheckCurrent = checked !== null && checked.text === text;
  const isClean = checked !== null && isCleanReport(checked.report);
  const canImport = isCheckCurrent && isClean && !importer.isSending;
  const waitingFor =
    checked === null
      ? 'Import works after a check with no problems.'
      : !isCheckCurrent
        ? null
        : !isClean
          ? 'Fix the rows with problems in the spreadsheet and check it again: nothing is imported until every row is ready.'
          : null;
  const readyCount = checked && isClean ? importCounts(checked.report).ready : 0;

  const loadFile = async (file: File | undefined) => {
    setFileProblem(null);
    if (!file) return;
    try {
      const content = await file.text();
      setText(content);
      setFileName(file.name);
      setApplied(null);
      importer.clearError();
    } catch {
      setFileProblem(`Could not read ${file.name}.`);
    }
  };

  const check = async () => {
    if (text.length > MAX_CSV_CHARS) {
      setFileProblem('The file is too large for one import (2 million characters): split it.');
      return;
    }
    setFileProblem(null);
    setApplied(null);
    const sent = text;
    setSending('check');
    const ack = await importer.run(sent, true).finally(() => setSending(null));
    if (ack.ok) {
      setChecked({ text: sent, report: ack.data });
      setIsProblemsOnly(!isCleanReport(ack.data) && ack.data.rows.length > 20);
    }
  };

  const apply = async () => {
    if (!checked) return;
    setSending('import');
    const ack = await importer.run(checked.text, false).finally(() => setSending(null));
    if (ack.ok) {
      setApplied(ack.data);
      setChecked(null);
      setText('');
      setFileName(null);
      setPickerKey((k) => k + 1);
    } else {
      // Refused (something changed since the check) or unanswered: the check no longer stands.
      setChecked(null);
    }
  };

  const rows = checked
    ? isProblemsOnly
      ? checked.report.rows.filter((r) => r.action === 'error')
      : checked.report.rows
    : [];

  return (
    <section className="admin-panel import-section" aria-labelledby={`${id}-heading`}>
      <div className="panel-head">
        <h3 id={`${id}-heading`}>{spec.title}</h3>
        <a href={templateUrl(template)} download={`concordat-${spec.plural}-template.csv`}>
          Download {spec.plural} template
        </a>
      </div>
      <details className="columns-help">
        <summary>Columns</summary>
        <p>
          Required: <code>{spec.columns.required.join(', ')}</code>. Optional:{' '}
          <code>{spec.columns.optional.join(', ')}</code>. Names are not case-sensitive; spaces count as underscores.
        </p>
        {spec.help}
      </details>
      <div className="import-inputs">
        <div className="field">
          <label htmlFor={`${id}-file`}>{spec.title.replace('Import ', 'Choose the ')} file (CSV)</label>
          <input
            key={pickerKey}
            id={`${id}-file`}
            type="file"
            accept=".csv,text/csv"
            onChange={(e) => void loadFile(e.target.files?.[0])}
          />
          {fileName && <span className="field-hint">Loaded {fileName}.</span>}
        </div>
        <div className="field">
          <label htmlFor={`${id}-text`}>Or paste the {spec.plural} CSV</label>
          <textarea
            id={`${id}-text`}
            className="csv-text"
            rows={5}
            wrap="off"
            value={text}
            spellCheck={false}
            onChange={(e) => {
              setText(e.target.value);
              setFileName(null);
            }}
          />
        </div>
      </div>
      {fileProblem && (
        <p role="alert" className="field-error">
          {fileProblem}
        </p>
      )}
      <div className="actions">
        <button
          type="button"
          onClick={() => void check()}
          disabled={text.trim() === '' || importer.isSending}
          className={isCheckCurrent ? undefined : 'primary'}
        >
          {sending === 'check' ? 'Checking…' : `Check ${spec.plural} file`}
        </button>
        <button type="button" className="primary" onClick={() => void apply()} disabled={!canImport}>
          {sending === 'import'
            ? 'Importing…'
            : isCheckCurrent && readyCount > 0
              ? `Import ${readyCount} ${readyCount === 1 ? spec.singular : spec.plural}`
              : `Import ${spec.plural}`}
        </button>
        {checked && !isCheckCurrent && (
          <span className="warning inline">The text changed since it was checked: check it again.</span>
        )}
        {waitingFor && !applied && <span className="muted">{waitingFor}</span>}
      </div>
      <ProblemMessage error={importer.error} />

      {checked && (
        <div className="import-report">
          {checked.report.fileErrors.length > 0 && (
            <div className="problem" role="alert">
              <p>The file cannot be read as it is:</p>
              <ul>
                {checked.report.fileErrors.map((e) => (
                  <li key={e}>{e}</li>
                ))}
              </ul>
            </div>
          )}
          <p role="status" className={isCleanReport(checked.report) ? 'summary ok' : 'summary'}>
            {importSummary(checked.report)}
            {isCleanReport(checked.report) && ': nothing has been written yet.'}
          </p>
          {checked.report.rows.length > 0 && (
            <>
              <label className="check">
                <input type="checkbox" checked={isProblemsOnly} onChange={(e) => setIsProblemsOnly(e.target.checked)} />
                Only rows with problems
              </label>
              <div
                className="table-scroll report-scroll"
                tabIndex={0}
                role="region"
                aria-label={`Check of the ${spec.plural} file, row by row`}
              >
                <table className="admin-table">
                  <caption className="sr-only">Check of the {spec.plural} file</caption>
                  <thead>
                    <tr>
                      <th scope="col" className="num">
                        Line
                      </th>
                      <th scope="col">{spec.labelHeading}</th>
                      <th scope="col">Result</th>
                      <th scope="col">Problems</th>
                    </tr>
                  </thead>
                  <tbody>
                    {rows.map((r) => (
                      <tr key={r.line} className={r.action === 'error' ? 'row-error' : undefined}>
                        <td className="num">{r.line}</td>
                        <th scope="row">{r.label}</th>
                        <td>
                          {r.action === 'create' ? 'Will create' : <strong className="danger-text">Error</strong>}
                        </td>
                        <td>
                          {r.errors.length === 0 ? (
                            <span className="muted">—</span>
                          ) : (
                            <ul className="plain-list">
                              {r.errors.map((e) => (
                                <li key={e}>{e}</li>
                              ))}
                            </ul>
                          )}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </>
          )}
        </div>
      )}

      {applied && <ImportResult spec={spec} report={applied} onDone={() => setApplied(null)} />}
    </section>
  );
}

/** What was imported; for accounts, the temporary passwords, shown this once with a way to keep them. */
function ImportResult({ spec, report, onDone }: { spec: TImportSpec; report: TImportReport; onDone: () => void }) {
  const created = report.rows.filter((r) => r.action === 'create');
  const withPasswords = created.filter((r) => r.temporaryPassword !== null);
  const hasPasswords = withPasswords.length > 0;
  useEffect(() => {
    // Closing or reloading the tab would lose passwords that exist nowhere else: the browser asks first.
    if (!hasPasswords) return;
    const ask = (e: BeforeUnloadEvent) => e.preventDefault();
    window.addEventListener('beforeunload', ask);
    return () => window.removeEventListener('beforeunload', ask);
  }, [hasPasswords]);
  const noun = created.length === 1 ? spec.singular : spec.plural;
  if (report.isRepeat) {
    return (
      <div className="import-result">
        <p role="status" className="summary ok">
          This file was imported already (the answer to the first attempt was lost). Nothing was imported twice
          {spec.kind === 'users'
            ? '; the temporary passwords were given then — set new ones from Accounts if they are lost'
            : ''}
          .
        </p>
        <button type="button" onClick={onDone}>
          Done
        </button>
      </div>
    );
  }
  if (spec.kind === 'services') {
    return (
      <div className="import-result">
        <p role="status" className="summary ok">
          Imported {created.length} {noun}. They are on the board and in the place finder now, with every place free
          until their staff say otherwise.
        </p>
        <button type="button" onClick={onDone}>
          Done
        </button>
      </div>
    );
  }
  return (
    <div className="import-result">
      <p role="status" className="summary ok">
        Imported {created.length} {noun}.
      </p>
      <div className="warning">
        <p>
          <strong>These temporary passwords are shown only now.</strong> Download or copy them before leaving this page,
          and give each person theirs by a secure route. Everyone changes theirs at first login, then sets up an
          authenticator app.
        </p>
      </div>
      <div className="actions">
        <button
          type="button"
          className="primary"
          onClick={() =>
            downloadCsv(
              toCsv([
                ['line', 'username', 'temporary_password'],
                ...withPasswords.map((r) => [String(r.line), r.label, r.temporaryPassword ?? '']),
              ]),
              'concordat-temporary-passwords.csv',
            )
          }
        >
          Download passwords (CSV)
        </button>
        <button type="button" onClick={onDone}>
          Done: hide the passwords
        </button>
      </div>
      <div
        className="table-scroll report-scroll narrow"
        tabIndex={0}
        role="region"
        aria-label="Temporary passwords, one per account"
      >
        <table className="admin-table">
          <caption className="sr-only">Temporary passwords of the imported accounts</caption>
          <thead>
            <tr>
              <th scope="col" className="num">
                Line
              </th>
              <th scope="col">Username</th>
              <th scope="col">Temporary password</th>
            </tr>
          </thead>
          <tbody>
            {withPasswords.map((r) => (
              <tr key={r.line}>
                <td className="num">{r.line}</td>
                <th scope="row" className="mono">
                  {r.label}
                </th>
                <td className="mono password-cell">{r.temporaryPassword}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
