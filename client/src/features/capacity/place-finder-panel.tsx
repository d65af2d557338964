import { useQuery } from '@tanstack/react-query';
import { countOf } from '@shared/text';
import { useState } from 'react';
import { canRunServiceCommand, freePlaces } from '@shared/rules/capacity';
import { ageInYears } from '@shared/rules/detention';
import { findPlaces, type TPlaceNeed } from '@shared/rules/place-finder';
import type { TCaseCard } from '@shared/schemas/case';
import { PLACE_CATEGORY_LABELS, SERVICE_KIND_LABELS, type TPlaceCategory } from '@shared/schemas/service';
import type { TUser } from '@shared/schemas/user';
import { serviceListQuery } from '../../api/queries';
import { useIsFieldDevice } from '../../offline/field-device';
import { useOutboxCommand } from '../../offline/use-outbox-command';
import { formatClock } from '../../lib/time';
import { useNow } from '../../lib/use-now';
import { ErrorMessage } from '../cases/use-case-command';
import { ReasonAction } from '../../components/reason-action';
import { useServiceCommand } from './use-service-command';

const ROUTE_LABELS: Record<TPlaceNeed['route'], string> = {
  'professional-referral': 'Professional referral',
  'self-referral': 'Self-referral',
  'walk-in': 'Walk-in',
};

/**
 * "Find a place" on the card (R-LRO-1): least restrictive first, nearest, freshest; every service left
 * out says why. A hold keeps the place for this case for a limited time so two crews do not race.
 */
export function PlaceFinderPanel({ card, user }: { card: TCaseCard; user: TUser }) {
  const now = useNow(30_000);
  const services = useQuery(serviceListQuery);
  const { run, error: runError, isSending } = useServiceCommand();
  // On a crew's tablet a hold is kept first and sent when there is signal, like every crew change (S-25).
  const isFieldDevice = useIsFieldDevice();
  const offline = useOutboxCommand();
  const error = offline.error ?? runError;
  const [isIntoxicated, setIsIntoxicated] = useState(false);
  const [needsUrgentMedicalCare, setNeedsUrgentMedicalCare] = useState(false);
  const [route, setRoute] = useState<TPlaceNeed['route']>('professional-referral');
  const [note, setNote] = useState('');
  if (!canRunServiceCommand(user.role, 'hold:place') || card.status === 'closed') return null;

  const at = new Date(now);
  const ageYears = ageInYears(card.person.age, at);
  const isS136 = Boolean(card.detention && !card.detention.outcome);
  const need: TPlaceNeed = {
    ageYears,
    isS136,
    isIntoxicated,
    needsUrgentMedicalCare,
    route,
    from: card.location.coordinates,
  };
  const list = services.data?.services ?? [];
  const result = findPlaces(list, need, at);
  const category: TPlaceCategory = ageYears !== null && ageYears < 18 ? 'under18' : 'adult';
  const myHolds = list.flatMap((s) =>
    s.holds.filter((h) => h.caseId === card.id).map((h) => ({ hold: h, service: s })),
  );

  return (
    <section className="place-finder" aria-labelledby="finder-heading">
      <h3 id="finder-heading">Find a place</h3>
      {myHolds.map(({ hold, service }) => (
        <div key={hold.id} className="held-here" role="status">
          <p>
            {hold.purpose === 'place-of-safety' ? (
              <>
                <strong>Room held at {service.name}</strong> for the place of safety, until arrival ·{' '}
              </>
            ) : (
              <>
                <strong>Place held at {service.name}</strong> until {formatClock(hold.expiresAt)} ·{' '}
              </>
            )}
            {hold.state === 'accepted' ? 'accepted by the service' : 'awaiting the service'}
          </p>
          <ReasonAction
            label="Release this place"
            confirmLabel="Release"
            placeholder="Why is it no longer needed?"
            onConfirm={(reason) => run('hold:release', { serviceId: service.id, holdId: hold.id, reason })}
          />
        </div>
      ))}
      <fieldset className="need">
        <legend>
          For {ageYears === null ? 'age unknown' : `age ${ageYears}`}
          {isS136 ? ', detained under s136/s135' : ''}
        </legend>
        <label className="check">
          <input type="checkbox" checked={isIntoxicated} onChange={(e) => setIsIntoxicated(e.target.checked)} />{' '}
          Intoxicated
        </label>
        <label className="check">
          <input
            type="checkbox"
            checked={needsUrgentMedicalCare}
            onChange={(e) => setNeedsUrgentMedicalCare(e.target.checked)}
          />{' '}
          Needs urgent medical care
        </label>
        {!isS136 && (
          <label>
            Route{' '}
            <select value={route} onChange={(e) => setRoute(e.target.value as TPlaceNeed['route'])}>
              {Object.entries(ROUTE_LABELS).map(([value, label]) => (
                <option key={value} value={value}>
                  {label}
                </option>
              ))}
            </select>
          </label>
        )}
        {myHolds.length === 0 && (
          <label className="full-row">
            Note for the service (optional; they read it with the card)
            <input value={note} maxLength={500} onChange={(e) => setNote(e.target.value)} />
          </label>
        )}
      </fieldset>
      <ol className="offers" aria-label="Places offered, least restrictive first">
        {result.offered.map((o) => (
          <li key={o.service.id} className="offer">
            <span>
              <strong>{o.service.name}</strong> · {SERVICE_KIND_LABELS[o.service.kind]}
              {o.service.kind !== 'ED' && ` · ${freePlaces(o.service, category)} free`}
              {o.distanceKm !== null && ` · ${o.distanceKm.toFixed(1)} km`} · {o.service.phone}
            </span>
            {o.service.kind !== 'ED' && myHolds.length === 0 && (
              <button
                type="button"
                disabled={isSending}
                onClick={() => {
                  const hold = {
                    serviceId: o.service.id,
                    holdId: crypto.randomUUID(),
                    caseId: card.id,
                    category,
                    note,
                  };
                  void (isFieldDevice ? offline.submit('hold:place', hold) : run('hold:place', hold));
                }}
              >
                Hold {PLACE_CATEGORY_LABELS[category].toLowerCase()} place
              </button>
            )}
          </li>
        ))}
        {result.offered.length === 0 && <li>No service can take this person now. Phone the duty manager.</li>}
      </ol>
      <ErrorMessage error={error} />
      <details className="left-out">
        <summary>{countOf(result.leftOut.length, 'service')} left out, and why</summary>
        <ul>
          {result.leftOut.map((l) => (
            <li key={l.service.id}>
              {l.service.name}: {l.reasons.join('; ')}
            </li>
          ))}
        </ul>
      </details>
    </section>
  );
}
