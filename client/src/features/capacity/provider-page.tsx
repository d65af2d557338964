import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { canManageService } from '@shared/rules/capacity';
import { receivingViewFor } from '@shared/rules/receiving';
import {
  PLACE_CATEGORY_LABELS,
  SERVICE_KIND_LABELS,
  SERVICE_STATUSES,
  type TPlaceCategory,
  type TPlaceState,
  type TService,
  type TServiceStatus,
} from '@shared/schemas/service';
import type { TUser } from '@shared/schemas/user';
import { directoryQuery, organisationName, serviceListQuery } from '../../api/queries';
import { formatClock } from '../../lib/time';
import { useNow } from '../../lib/use-now';
import { ErrorMessage } from '../cases/use-case-command';
import { ReasonAction } from '../../components/reason-action';
import { categoriesOf, Freshness, PlaceLine } from './figures';
import { IncomingList } from './incoming-list';
import { useServiceCommand } from './use-service-command';

const STATUS_LABELS: Record<TServiceStatus, string> = {
  open: 'Open',
  full: 'Full',
  closed: 'Closed',
  diverting: 'Diverting',
};

/**
 * The provider screen: a phone-sized page where a café or s136 suite sees who is coming (Incoming) and
 * keeps its own figures current.
 * Every change is one tap on a big button (two when it needs a reason); each one also confirms the
 * figures, so "Confirmed … ago" stays honest.
 */
export function ProviderPage({ user }: { user: TUser }) {
  const list = useQuery(serviceListQuery);
  const directory = useQuery(directoryQuery);
  const mine = (list.data?.services ?? []).filter((s) => canManageService(user, s) && s.kind !== 'custody');
  if (list.isPending) return <p className="empty">Loading your services…</p>;
  if (list.isError) return <p role="alert">Could not load services. {list.error.message}</p>;
  if (mine.length === 0)
    return (
      <p className="empty">No services are registered to {organisationName(directory.data, user.organisationId)}.</p>
    );
  const isReceiving = receivingViewFor(user.role) !== null;
  return (
    <div className={isReceiving ? 'provider' : 'provider only-services'}>
      {isReceiving && <IncomingList />}
      <div className="provider-services">
        {mine.map((s) => (
          <ServiceEditor key={s.id} service={s} />
        ))}
      </div>
    </div>
  );
}

function ServiceEditor({ service }: { service: TService }) {
  const now = useNow(15_000);
  const { run, error, isSending } = useServiceCommand();
  const headingId = `svc-${service.id}`;
  const move = (category: TPlaceCategory, from: TPlaceState, to: TPlaceState, reason?: string) =>
    run('service:move-places', { serviceId: service.id, category, from, to, count: 1, reason });
  const countsPlaces = service.kind !== 'ED';

  return (
    <section className="service-editor" aria-labelledby={headingId}>
      <h2 id={headingId}>{service.name}</h2>
      <p className="muted">{SERVICE_KIND_LABELS[service.kind]}</p>
      <StatusButtons service={service} />
      {countsPlaces &&
        categoriesOf(service).map((category) => (
          <div
            key={category}
            className="category"
            role="group"
            aria-label={`${PLACE_CATEGORY_LABELS[category]} places`}
          >
            <p className="big-figure">
              <PlaceLine service={service} category={category} />
            </p>
            <div className="tap-row">
              <button type="button" disabled={isSending} onClick={() => void move(category, 'free', 'occupied')}>
                Place taken
              </button>
              <button type="button" disabled={isSending} onClick={() => void move(category, 'occupied', 'free')}>
                Place freed
              </button>
              {service.kind === 'A20' && (
                <>
                  <button
                    type="button"
                    disabled={isSending}
                    onClick={() => void move(category, 'occupied', 'cleaning')}
                  >
                    Room to cleaning
                  </button>
                  <button type="button" disabled={isSending} onClick={() => void move(category, 'cleaning', 'free')}>
                    Cleaned
                  </button>
                </>
              )}
              {service.capacity[category].closed > 0 && (
                <button type="button" disabled={isSending} onClick={() => void move(category, 'closed', 'free')}>
                  Reopen a place
                </button>
              )}
            </div>
            <ReasonAction
              label="Close a place…"
              confirmLabel="Close it"
              placeholder="Why is it closed?"
              onConfirm={(reason) => move(category, 'free', 'closed', reason)}
            />
          </div>
        ))}
      <p className="confirm-row">
        <Freshness service={service} now={now} />
        <button
          type="button"
          className="primary"
          disabled={isSending}
          onClick={() => void run('service:confirm', { serviceId: service.id })}
        >
          Still accurate
        </button>
      </p>
      <ErrorMessage error={error} />
      <ReleasedHoldNotice service={service} />
    </section>
  );
}

function StatusButtons({ service }: { service: TService }) {
  const { run, error, isSending } = useServiceCommand();
  const [asking, setAsking] = useState<TServiceStatus | null>(null);
  const [reason, setReason] = useState('');
  const set = async (status: TServiceStatus, why?: string) => {
    if (await run('service:set-status', { serviceId: service.id, status, reason: why })) {
      setAsking(null);
      setReason('');
    }
  };
  return (
    <div className="status-row">
      <div role="group" aria-label="Status" className="tap-row">
        {SERVICE_STATUSES.map((status) => (
          <button
            key={status}
            type="button"
            aria-pressed={service.status === status}
            disabled={isSending}
            onClick={() => (status === 'open' ? void set('open') : setAsking(status))}
          >
            {STATUS_LABELS[status]}
          </button>
        ))}
      </div>
      {service.statusReason && <p className="muted">Reason: {service.statusReason}</p>}
      {asking && (
        <form
          className="reason-form"
          onSubmit={(e) => {
            e.preventDefault();
            void set(asking, reason);
          }}
        >
          <label>
            Why {STATUS_LABELS[asking].toLowerCase()}? (people will see this)
            <input value={reason} onChange={(e) => setReason(e.target.value)} required autoFocus />
          </label>
          <button type="submit" className="primary" disabled={isSending}>
            Set {STATUS_LABELS[asking].toLowerCase()}
          </button>
          <button type="button" onClick={() => setAsking(null)}>
            Cancel
          </button>
        </form>
      )}
      <ErrorMessage error={error} />
    </div>
  );
}

/** How long a released hold is shown to the service that was expecting the person. */
const RELEASED_SHOWN_MS = 60 * 60_000;

/** "C-… is no longer coming: released by … — reason", for an hour (R-LINK-CLOSE). */
function ReleasedHoldNotice({ service }: { service: TService }) {
  const now = useNow(60_000);
  const released = service.lastReleasedHold;
  if (!released || now - new Date(released.at).getTime() > RELEASED_SHOWN_MS) return null;
  return (
    <p className="released-hold" role="status">
      <strong>{released.caseRef ?? 'A held place'} is no longer coming</strong> · released by {released.by} at{' '}
      {formatClock(released.at)} — {released.reason}
    </p>
  );
}
