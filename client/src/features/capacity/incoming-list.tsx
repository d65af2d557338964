import { RuleHelp } from '../../components/rule-help';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { ageInYears } from '@shared/rules/detention';
import { PLACE_OF_SAFETY_LABELS } from '@shared/schemas/detention';
import type { TIncomingItem, TIncomingState } from '@shared/schemas/incoming';
import { PLACE_CATEGORY_LABELS, type THold } from '@shared/schemas/service';
import { ROLE_LABELS } from '@shared/schemas/user';
import { incomingQuery } from '../../api/queries';
import { formatClock } from '../../lib/time';
import { useNow } from '../../lib/use-now';
import { PriorityBadge, RiskChips, SafetyLine, personLine } from '../cases/labels';
import { ErrorMessage } from '../cases/use-case-command';
import { DetentionClocks } from '../detention/clocks';
import { useServiceCommand } from './use-service-command';

const STATE_LABELS: Record<TIncomingState, string> = {
  expected: 'Expected',
  arrived: 'Here',
  'not-coming': 'Not coming',
  left: 'Left',
};

/** What the time beside each state means. */
const SINCE_LABELS: Record<TIncomingState, string> = {
  expected: 'told at',
  arrived: 'arrived',
  'not-coming': 'ended',
  left: 'left',
};

const TRANSPORT_LABELS = {
  ambulance: 'by ambulance',
  'police-vehicle': 'in a police vehicle',
  other: 'other transport',
  'not-known': 'transport not known',
} as const;

/**
 * Who is coming to this organisation's services (R-LINK-RECEIVING): each person's card in the view the
 * information-sharing policy gives the reader's role — who, how old, their risks and safety information,
 * who is bringing them and when, and for a detention its legal clocks — with the place's own actions.
 */
export function IncomingList() {
  const incoming = useQuery(incomingQuery);
  const items = incoming.data?.items ?? [];
  const waiting = items.filter((i) => i.state === 'expected').length;
  return (
    <section className="incoming" aria-labelledby="incoming-heading">
      <h2 id="incoming-heading">
        Incoming{' '}
        {waiting > 0 && (
          <span className="badge incoming-count" aria-label={`${waiting} expected`}>
            {waiting}
          </span>
        )}
      </h2>
      {incoming.isPending && <p className="muted">Loading who is coming…</p>}
      {incoming.isError && <p role="alert">Could not load who is coming. {incoming.error.message}</p>}
      {incoming.isSuccess && items.length === 0 && <p className="empty">Nobody is on their way to you.</p>}
      <ul className="incoming-items">
        {items.map((item) => (
          <IncomingItem key={`${item.service.id}:${item.card.id}`} item={item} />
        ))}
      </ul>
    </section>
  );
}

function ageBand(item: TIncomingItem, now: number): string | null {
  const years = ageInYears(item.card.person.age, new Date(now));
  if (years === null) return null;
  return years < 18 ? 'Under 18' : null;
}

function IncomingItem({ item }: { item: TIncomingItem }) {
  const now = useNow(30_000);
  const { card, placeOfSafety: place } = item;
  const child = ageBand(item, now);
  const isDone = item.state === 'left' || item.state === 'not-coming';
  return (
    <li className={`incoming-item incoming-${item.state}`} aria-label={`${card.ref}: ${STATE_LABELS[item.state]}`}>
      <p className="incoming-head">
        <span className={`badge state-${item.state}`}>{STATE_LABELS[item.state]}</span> <strong>{card.ref}</strong> ·{' '}
        {personLine(card)}
        {child && <span className="chip child"> {child}</span>}
        {card.priority && (
          <>
            {' '}
            <PriorityBadge priority={card.priority} />
          </>
        )}
      </p>
      <p className="muted">
        To {item.service.name}
        {place?.category && ` · ${PLACE_CATEGORY_LABELS[place.category].toLowerCase()} room`}
        {!place && item.hold && ` · ${PLACE_CATEGORY_LABELS[item.hold.category].toLowerCase()} place held`}
        {place && ` · ${card.detention?.power === 's135' ? 'section 135' : 'section 136'}`}
        {item.bringing && ` · ${place ? 'brought by' : 'held by'} ${item.bringing.name}`}
        {item.bringing?.role && ` (${ROLE_LABELS[item.bringing.role]})`}
        {place && ` · ${TRANSPORT_LABELS[place.transport.mode]}`}
        {place?.expectedArrivalAt && item.state === 'expected' && ` · expected ${formatClock(place.expectedArrivalAt)}`}
        {` · ${SINCE_LABELS[item.state]} ${formatClock(item.since)}`}
      </p>
      {!isDone && (
        <dl className="fields incoming-facts">
          {card.summary && (
            <>
              <dt>Situation</dt>
              <dd>{card.summary}</dd>
            </>
          )}
          <dt>Risks</dt>
          <dd>
            <RiskChips flags={card.riskFlags} />
            {!Object.values(card.riskFlags).some(Boolean) && 'None recorded'}
          </dd>
          <dt>Safety</dt>
          <dd>
            <SafetyLine safety={card.safety} />
          </dd>
          {card.presentingConcerns && (
            <>
              <dt>Presenting concerns</dt>
              <dd>{card.presentingConcerns}</dd>
            </>
          )}
          {card.person.nhsNumber && (
            <>
              <dt>NHS number</dt>
              <dd>{card.person.nhsNumber}</dd>
            </>
          )}
          {item.hold?.note && (
            <>
              <dt>Note from the hub</dt>
              <dd>{item.hold.note}</dd>
            </>
          )}
          {place && (
            <>
              <dt>Place of safety</dt>
              <dd>
                {PLACE_OF_SAFETY_LABELS[place.kind]}, chosen {formatClock(place.chosenAt)}
              </dd>
            </>
          )}
          {card.owner && (
            <>
              <dt>Call about this</dt>
              <dd>{card.owner.name}</dd>
            </>
          )}
        </dl>
      )}
      {card.detention && !isDone && <DetentionClocks detention={card.detention} now={now} />}
      {card.withheld.length > 0 && !isDone && (
        <p className="muted small">Some details are not shared with your service (information-sharing policy).</p>
      )}
      {item.hold && <HoldActions serviceId={item.service.id} hold={item.hold} />}
    </li>
  );
}

/** A held place: accept it, mark the person arrived, or decline with a reason and onward route (R-NTA-1). */
export function HoldActions({ serviceId, hold }: { serviceId: string; hold: THold }) {
  const { run, error, isSending } = useServiceCommand();
  const [isDeclining, setIsDeclining] = useState(false);
  const [reason, setReason] = useState('');
  const [onward, setOnward] = useState('');
  const ids = { serviceId, holdId: hold.id };
  return (
    <div className="hold-actions">
      <p className="muted">
        {hold.state === 'accepted' ? 'You accepted this place' : 'Awaiting your answer'}
        {hold.purpose !== 'place-of-safety' && ` · held until ${formatClock(hold.expiresAt)}`}
      </p>
      <div className="tap-row">
        {hold.state === 'held' && (
          <button type="button" className="primary" disabled={isSending} onClick={() => void run('hold:accept', ids)}>
            Accept
          </button>
        )}
        <button type="button" disabled={isSending} onClick={() => void run('hold:arrive', ids)}>
          Arrived
        </button>
        <button type="button" disabled={isSending} onClick={() => setIsDeclining(true)}>
          Decline…
        </button>
      </div>
      {isDeclining && (
        <form
          className="reason-form"
          onSubmit={(e) => {
            e.preventDefault();
            void run('hold:decline', { ...ids, reason, onwardRoute: onward });
          }}
        >
          <p className="muted">
            Declining counts as a turn-away: say why, and where the person should go. <RuleHelp id="R-NTA-1" />
          </p>
          <label>
            Reason
            <input value={reason} onChange={(e) => setReason(e.target.value)} required />
          </label>
          <label>
            Onward route
            <input value={onward} onChange={(e) => setOnward(e.target.value)} required />
          </label>
          <button type="submit" className="primary" disabled={isSending}>
            Decline hold
          </button>
          <button type="button" onClick={() => setIsDeclining(false)}>
            Cancel
          </button>
        </form>
      )}
      <ErrorMessage error={error} />
    </div>
  );
}
