import { useQuery } from '@tanstack/react-query';
import { countOf } from '@shared/text';
import { Link } from 'wouter';
import { OUTCOME_LABELS } from '@shared/schemas/case';
import type { TPrintedRecord } from '@shared/schemas/handover';
import { ROLE_LABELS } from '@shared/schemas/user';
import { api } from '../../api/http';
import { queryKeys } from '../../api/query-keys';
import { formatExact } from '../../lib/time';
import { CardFields } from '../cases/case-detail';
import { cardTitle, PriorityBadge } from '../cases/labels';
import { DetentionFacts } from '../detention/detention-panel';
import { ContactItem } from './person-history';

/**
 * One card as a document (for a referral, a coroner's request): details, detention record, previous
 * contacts and the whole timeline, stamped with who printed it and when. Opening this page is written to
 * the access log every time (R-IG-AUDIT); the browser's print dialog prints it or saves it as a PDF.
 */
export function PrintPage({ caseId }: { caseId: string }) {
  const record = useQuery({
    queryKey: queryKeys.cases.record(caseId),
    queryFn: () => api<TPrintedRecord>(`/cases/${caseId}/record`),
    staleTime: Infinity,
    refetchOnWindowFocus: false,
  });
  if (record.isPending) return <p className="empty">Preparing the record…</p>;
  if (record.isError)
    return (
      <p className="empty" role="alert">
        This record could not be prepared: {record.error.message}
      </p>
    );
  const { card, timeline, history, printedBy, printedAt } = record.data;
  const stamp = `Printed by ${printedBy.name} (${ROLE_LABELS[printedBy.role]}) on ${formatExact(printedAt)}. Confidential: handle under the local information sharing agreement.`;
  return (
    <article className="print-record" aria-labelledby="record-heading">
      <div className="actions no-print">
        <Link className="button-link" href={`/cases/${caseId}`}>
          Back to the card
        </Link>
        <button type="button" className="primary" onClick={() => window.print()}>
          Print or save as PDF
        </button>
      </div>
      <p className="print-stamp">{stamp}</p>
      <header>
        <h2 id="record-heading">
          {card.ref} — {cardTitle(card)}
        </h2>
        <p>
          <PriorityBadge priority={card.priority} /> Opened {formatExact(card.createdAt)} by {card.createdBy.name}
          {card.closedAt && ` · closed ${formatExact(card.closedAt)}`}
          {card.outcome && ` · ${OUTCOME_LABELS[card.outcome.kind]}`}
          {card.outcome?.destinationOrSafetyNet && ` — ${card.outcome.destinationOrSafetyNet}`}
        </p>
      </header>
      <section aria-labelledby="record-details">
        <h3 id="record-details">Details</h3>
        <CardFields card={card} />
      </section>
      {card.detention && (
        <section aria-labelledby="record-detention">
          <h3 id="record-detention">
            Section {card.detention.power === 's136' ? '136' : '135(1)'} detention by {card.detention.officer.name} from{' '}
            {formatExact(card.detention.decidedAt)}
          </h3>
          <DetentionFacts detention={card.detention} />
        </section>
      )}
      {history && (
        <section aria-labelledby="record-history">
          <h3 id="record-history">Previous contacts ({history.contacts.length})</h3>
          {history.contacts.length === 0 ? (
            <p>None linked.</p>
          ) : (
            <ol className="history-strip">
              {history.contacts.map((c) => (
                <ContactItem key={c.caseId} contact={c} isLink={false} />
              ))}
            </ol>
          )}
        </section>
      )}
      <section aria-labelledby="record-timeline">
        <h3 id="record-timeline">Timeline ({countOf(timeline.length, 'entry', 'entries')})</h3>
        <table className="print-timeline">
          <thead>
            <tr>
              <th scope="col">When (UK time)</th>
              <th scope="col">Who</th>
              <th scope="col">What</th>
            </tr>
          </thead>
          <tbody>
            {timeline.map((e) => (
              <tr key={e.seq}>
                <td>{formatExact(e.at)}</td>
                <td>{e.actor.name}</td>
                <td>{e.text}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <p className="print-stamp">{stamp}</p>
    </article>
  );
}
