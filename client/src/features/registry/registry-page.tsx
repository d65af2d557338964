import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { openingHoursText } from '@shared/rules/opening-hours-text';
import { SERVICE_KIND_LABELS, type TService, type TServiceStatus } from '@shared/schemas/service';
import type { TSessionInfo } from '@shared/schemas/user';
import { directoryQuery, organisationName, serviceListQuery } from '../../api/queries';
import { ServiceEditorDialog } from './service-editor';
import { agesText, countsPlaces } from './service-form';
import './registry.css';

const STATUS_LABELS: Record<TServiceStatus, string> = {
  open: 'Open',
  full: 'Full',
  closed: 'Closed',
  diverting: 'Diverting',
};

type TEditing = { kind: 'add' } | { kind: 'edit'; service: TService } | null;

/**
 * The service registry: what each service is, when it opens, whom it takes and how many places it has.
 * Duty managers and administrators keep it; what they save reaches the board and the place finder at once.
 */
export function RegistryPage({ session }: { session: TSessionInfo }) {
  const list = useQuery(serviceListQuery);
  const directory = useQuery(directoryQuery);
  const [editing, setEditing] = useState<TEditing>(null);
  const [filter, setFilter] = useState('');
  const [saved, setSaved] = useState<string | null>(null);

  const services = list.data?.services ?? [];
  const needle = filter.trim().toLowerCase();
  const shown = needle
    ? services.filter((s) =>
        [s.name, SERVICE_KIND_LABELS[s.kind], organisationName(directory.data, s.organisationId), s.address]
          .join(' ')
          .toLowerCase()
          .includes(needle),
      )
    : services;

  return (
    <section className="registry" aria-labelledby="registry-heading">
      <div className="registry-head">
        <h2 id="registry-heading">Service registry of {session.area.name}</h2>
        <label className="registry-filter">
          Filter services
          <input type="search" value={filter} onChange={(e) => setFilter(e.target.value)} autoComplete="off" />
        </label>
        <button
          type="button"
          className="primary"
          disabled={!directory.data}
          onClick={() => {
            setSaved(null);
            setEditing({ kind: 'add' });
          }}
        >
          Add a service
        </button>
      </div>
      <p role="status" className="registry-saved">
        {saved}
      </p>
      {list.isPending ? (
        <p className="empty">Loading services…</p>
      ) : list.isError ? (
        <p role="alert">Could not load services. {list.error.message}</p>
      ) : (
        <table className="registry-table services-table">
          <caption className="sr-only">
            Services: {shown.length} of {services.length}
          </caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Kind</th>
              <th scope="col">Organisation</th>
              <th scope="col">Opening hours</th>
              <th scope="col">Ages</th>
              <th scope="col">s136</th>
              <th scope="col" className="num">
                Adult places
              </th>
              <th scope="col" className="num">
                Under-18 places
              </th>
              <th scope="col">Status</th>
              <th scope="col">
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {shown.length === 0 && (
              <tr>
                <td colSpan={10} className="empty">
                  {services.length === 0 ? 'No services yet: add the first one.' : 'No service matches the filter.'}
                </td>
              </tr>
            )}
            {shown.map((s) => (
              <tr key={s.id}>
                <th scope="row">{s.name}</th>
                <td>{SERVICE_KIND_LABELS[s.kind]}</td>
                <td>{organisationName(directory.data, s.organisationId)}</td>
                <td>
                  {openingHoursText(s.hours)}
                  {s.hours.exceptions.length > 0 && (
                    <span className="muted small block">
                      {s.hours.exceptions.length === 1
                        ? '+ 1 dated exception'
                        : `+ ${s.hours.exceptions.length} dated exceptions`}
                    </span>
                  )}
                </td>
                <td>{agesText(s.eligibility)}</td>
                <td>{s.eligibility.acceptsS136 ? 'Yes' : 'No'}</td>
                <td className="num">{countsPlaces(s.kind) ? s.capacity.adult.total : '—'}</td>
                <td className="num">{countsPlaces(s.kind) ? s.capacity.under18.total : '—'}</td>
                <td>
                  <span className={`service-status status-${s.status}`}>{STATUS_LABELS[s.status]}</span>
                  {s.statusReason && <span className="muted small block">{s.statusReason}</span>}
                </td>
                <td className="row-actions">
                  <button
                    type="button"
                    className="small-button"
                    disabled={!directory.data}
                    onClick={() => {
                      setSaved(null);
                      setEditing({ kind: 'edit', service: s });
                    }}
                  >
                    Edit<span className="sr-only"> {s.name}</span>
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {editing && directory.data && (
        <ServiceEditorDialog
          key={editing.kind === 'edit' ? editing.service.id : 'new'}
          opened={editing.kind === 'edit' ? editing.service : null}
          directory={directory.data}
          onClose={() => setEditing(null)}
          onSaved={(message) => {
            setEditing(null);
            setSaved(message);
          }}
        />
      )}
    </section>
  );
}
