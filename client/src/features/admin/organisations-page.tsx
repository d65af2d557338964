import { useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import {
  ORGANISATION_KIND_LABELS,
  ORGANISATION_KINDS,
  type TArea,
  type TOrganisation,
  type TOrganisationKind,
} from '@shared/schemas/account';
import { Modal } from '../../components/modal';
import { useNow } from '../../lib/use-now';
import { areaQuery, organisationsQuery, useAdminCommand, usersQuery } from './admin-api';
import { Field, placeServerIssues, ProblemMessage } from './fields';
import { ReasonField } from './reason-dialog';
import { When } from './when';

const collator = new Intl.Collator('en-GB', { sensitivity: 'base' });

/** The area's own names and the organisations its people belong to; both appear on every console. */
export function OrganisationsPage() {
  const area = useQuery(areaQuery);
  return (
    <section className="admin-page" aria-labelledby="organisations-page-heading">
      <div className="page-head">
        <h2 id="organisations-page-heading">Organisations and area</h2>
      </div>
      <div className="organisations-layout">
        {area.isPending ? (
          <p className="empty">Loading the area…</p>
        ) : area.isError ? (
          <p role="alert" className="field-error">
            Could not load the area. {area.error.message}
          </p>
        ) : (
          <AreaForm area={area.data} />
        )}
        <OrganisationList />
      </div>
    </section>
  );
}

/**
 * The area's name and short code. The draft remembers the version it started from and sends it, so two
 * administrators cannot overwrite each other unknowingly.
 */
function AreaForm({ area }: { area: TArea }) {
  const now = useNow(30_000);
  const command = useAdminCommand();
  const [base, setBase] = useState(() => ({ name: area.name, shortCode: area.shortCode, version: area.version }));
  const [name, setName] = useState(base.name);
  const [shortCode, setShortCode] = useState(base.shortCode);
  const [reason, setReason] = useState('');
  const [problems, setProblems] = useState<{ name?: string; shortCode?: string; reason?: string; form?: string }>({});
  const [isSaved, setIsSaved] = useState(false);
  const hasMoved = area.version !== base.version;

  const reload = () => {
    setBase({ name: area.name, shortCode: area.shortCode, version: area.version });
    setName(area.name);
    setShortCode(area.shortCode);
    setProblems({});
    command.clearError();
  };

  const save = async () => {
    setIsSaved(false);
    const changes = {
      ...(name.trim() !== base.name ? { name: name.trim() } : {}),
      ...(shortCode.trim().toUpperCase() !== base.shortCode ? { shortCode: shortCode.trim().toUpperCase() } : {}),
    };
    if (Object.keys(changes).length === 0) {
      setProblems({ form: 'Nothing has changed yet.' });
      return;
    }
    setProblems({});
    const ack = await command.run('area:update', { expectedVersion: base.version, changes, reason: reason.trim() });
    if (ack.ok) {
      const next = { name: ack.data.area.name, shortCode: ack.data.area.shortCode, version: ack.data.area.version };
      setBase(next);
      setName(next.name);
      setShortCode(next.shortCode);
      setReason('');
      setIsSaved(true);
    } else {
      placeServerIssues(ack.error, ['name', 'shortCode', 'reason'] as const, (field, message) =>
        setProblems((p) => ({ ...p, [field]: message })),
      );
    }
  };

  return (
    <section className="admin-panel" aria-labelledby="area-heading">
      <h3 id="area-heading">Area</h3>
      <p className="muted">
        Version {area.version} · last changed <When iso={area.updatedAt} now={now} />
        {area.isDemo && ' · demo area (fictional)'}
      </p>
      {hasMoved && (
        <div className="warning" role="alert">
          <p>Someone else changed the area since you opened this page.</p>
          <button type="button" onClick={reload}>
            Load the current details
          </button>
        </div>
      )}
      <form
        className="stack-form"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <Field label="Area name" error={problems.name} hint="Shown in every heading and on the wall board.">
          {(c) => <input {...c} value={name} onChange={(e) => setName(e.target.value)} autoComplete="off" />}
        </Field>
        <Field label="Short code" error={problems.shortCode} hint="2 to 12 letters or digits, said on the phone.">
          {(c) => (
            <input
              {...c}
              className="short-input"
              value={shortCode}
              onChange={(e) => setShortCode(e.target.value)}
              autoComplete="off"
              spellCheck={false}
            />
          )}
        </Field>
        <ReasonField
          value={reason}
          onChange={setReason}
          error={problems.reason}
          isRequired={false}
          label="Reason (optional)"
        />
        {problems.form && (
          <p role="alert" className="field-error">
            {problems.form}
          </p>
        )}
        <ProblemMessage error={command.error} placed={['name', 'shortCode', 'reason']} />
        {isSaved && (
          <p role="status" className="saved">
            Area saved.
          </p>
        )}
        <div className="actions">
          <button type="submit" className="primary" disabled={command.isSending || hasMoved}>
            {command.isSending ? 'Saving…' : 'Save area'}
          </button>
        </div>
      </form>
    </section>
  );
}

/** Every organisation with its kind and how many accounts belong to it; add or edit in a dialog. */
function OrganisationList() {
  const organisations = useQuery(organisationsQuery);
  const users = useQuery(usersQuery);
  const now = useNow(30_000);
  const [editing, setEditing] = useState<TOrganisation | 'new' | null>(null);
  const counts = useMemo(() => {
    const map = new Map<string, number>();
    for (const u of users.data?.users ?? []) map.set(u.organisationId, (map.get(u.organisationId) ?? 0) + 1);
    return map;
  }, [users.data]);
  const list = useMemo(
    () => [...(organisations.data?.organisations ?? [])].sort((a, b) => collator.compare(a.name, b.name)),
    [organisations.data],
  );

  return (
    <section className="admin-panel" aria-labelledby="organisations-heading">
      <div className="panel-head">
        <h3 id="organisations-heading">Organisations ({list.length})</h3>
        <button type="button" className="primary" onClick={() => setEditing('new')}>
          Add organisation
        </button>
      </div>
      {organisations.isPending ? (
        <p className="empty">Loading organisations…</p>
      ) : organisations.isError ? (
        <p role="alert" className="field-error">
          Could not load organisations. {organisations.error.message}
        </p>
      ) : (
        <table className="admin-table">
          <caption className="sr-only">Organisations</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Kind</th>
              <th scope="col" className="num">
                Accounts
              </th>
              <th scope="col">Last changed</th>
              <th scope="col">
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {list.map((o) => (
              <tr key={o.id}>
                <th scope="row">{o.name}</th>
                <td>{ORGANISATION_KIND_LABELS[o.kind]}</td>
                <td className="num">{users.data ? (counts.get(o.id) ?? 0) : '…'}</td>
                <td>
                  <When iso={o.updatedAt} now={now} />
                </td>
                <td className="row-actions">
                  <button type="button" className="compact" onClick={() => setEditing(o)}>
                    Edit<span className="sr-only"> {o.name}</span>
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {editing && (
        <OrganisationDialog organisation={editing === 'new' ? null : editing} onClose={() => setEditing(null)} />
      )}
    </section>
  );
}

/**
 * Adds an organisation (its id made here, so a repeated send cannot add it twice) or renames one / changes
 * its kind. Enter saves; Esc closes.
 */
function OrganisationDialog({ organisation, onClose }: { organisation: TOrganisation | null; onClose: () => void }) {
  const command = useAdminCommand();
  const [organisationId] = useState(() => organisation?.id ?? crypto.randomUUID());
  const [name, setName] = useState(organisation?.name ?? '');
  const [kind, setKind] = useState<TOrganisationKind | ''>(organisation?.kind ?? '');
  const [reason, setReason] = useState('');
  const [problems, setProblems] = useState<{ name?: string; kind?: string; reason?: string }>({});
  const isNew = organisation === null;

  const save = async () => {
    const trimmed = name.trim();
    const missing = {
      ...(trimmed === '' ? { name: 'Enter a name' } : {}),
      ...(kind === '' ? { kind: 'Choose a kind' } : {}),
    };
    if (Object.keys(missing).length > 0 || kind === '') {
      setProblems(missing);
      return;
    }
    setProblems({});
    const ack = organisation
      ? await command.run('organisation:update', {
          organisationId,
          expectedVersion: organisation.version,
          changes: {
            ...(trimmed !== organisation.name ? { name: trimmed } : {}),
            ...(kind !== organisation.kind ? { kind } : {}),
          },
          reason: reason.trim(),
        })
      : await command.run('organisation:create', { organisationId, name: trimmed, kind, reason: reason.trim() });
    if (ack.ok) onClose();
    else
      placeServerIssues(ack.error, ['name', 'kind', 'reason'] as const, (field, message) =>
        setProblems((p) => ({ ...p, [field]: message })),
      );
  };

  return (
    <Modal title={isNew ? 'Add organisation' : `Edit ${organisation.name}`} onClose={onClose}>
      <form
        className="admin-dialog"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
            e.preventDefault();
            void save();
          }
        }}
      >
        <Field label="Organisation name" error={problems.name}>
          {(c) => <input {...c} value={name} onChange={(e) => setName(e.target.value)} autoFocus autoComplete="off" />}
        </Field>
        <Field label="Kind" error={problems.kind}>
          {(c) => (
            <select {...c} value={kind} onChange={(e) => setKind(e.target.value as TOrganisationKind | '')}>
              {isNew && <option value="">Choose a kind…</option>}
              {ORGANISATION_KINDS.map((k) => (
                <option key={k} value={k}>
                  {ORGANISATION_KIND_LABELS[k]}
                </option>
              ))}
            </select>
          )}
        </Field>
        <ReasonField
          value={reason}
          onChange={setReason}
          error={problems.reason}
          isRequired={false}
          label="Reason (optional)"
        />
        {!isNew && <p className="muted">A new name shows at once on every console, on accounts and on services.</p>}
        <ProblemMessage error={command.error} placed={['name', 'kind', 'reason']} />
        <div className="actions">
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="primary" disabled={command.isSending} aria-keyshortcuts="Control+Enter">
            {command.isSending ? 'Saving…' : isNew ? 'Add organisation' : 'Save organisation'}
          </button>
        </div>
      </form>
    </Modal>
  );
}
