import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from 'wouter';
import { canRunCommand } from '@shared/rules/permissions';
import { OUTCOME_LABELS, STATUS_LABELS, type TCaseCard } from '@shared/schemas/case';
import { DETENTION_OUTCOME_LABELS } from '@shared/schemas/detention';
import { LINK_BASIS_LABELS, type TPersonHistory, type TPreviousContact } from '@shared/schemas/search';
import type { TUser } from '@shared/schemas/user';
import { api } from '../../api/http';
import { queryKeys } from '../../api/query-keys';
import { formatDateClock } from '../../lib/time';
import { ErrorMessage, useCaseCommand } from '../cases/use-case-command';
import { RiskChips } from '../cases/labels';

export const personHistoryQuery = (caseId: string) => ({
  queryKey: queryKeys.cases.person(caseId),
  queryFn: () => api<TPersonHistory>(`/cases/${caseId}/person`),
});

function detentionLine(d: NonNullable<TPreviousContact['detention']>): string {
  const power = d.power === 's136' ? 'Section 136' : 'Section 135';
  const ended = d.outcome ? ` — ${DETENTION_OUTCOME_LABELS[d.outcome]}` : d.endedAt ? '' : ' — still running';
  return `${power} from ${formatDateClock(d.decidedAt)}${ended}${d.wasBreached ? ' — time limit breached' : ''}`;
}

/** One earlier contact: when, how it ended, risks, detention, who was involved. */
export function ContactItem({
  contact,
  isLink = true,
  action,
}: {
  contact: TPreviousContact;
  isLink?: boolean;
  action?: React.ReactNode;
}) {
  return (
    <li>
      <span className="history-head">
        <strong>{formatDateClock(contact.openedAt)}</strong>{' '}
        {isLink ? <Link href={`/cases/${contact.caseId}`}>{contact.ref}</Link> : <span>{contact.ref}</span>}{' '}
        <span className={`badge status-${contact.status}`}>{STATUS_LABELS[contact.status]}</span>
        {contact.outcome && <span> · {OUTCOME_LABELS[contact.outcome]}</span>}
        <RiskChips flags={contact.riskFlags} />
      </span>
      {contact.summary && <span className="muted">{contact.summary}</span>}
      {contact.detention && <span className="history-detention">{detentionLine(contact.detention)}</span>}
      <span className="muted">
        {contact.involved.join(' · ')} · linked by {contact.link === 'nhs-number' ? 'NHS number' : 'an operator'}
      </span>
      {action}
    </li>
  );
}

/**
 * The history strip (R-PERSON-HISTORY): this person's earlier contacts, linked by NHS number or a
 * confirmed link, and cards that may be theirs for the operator to confirm or reject (R-PERSON-LINK).
 * Only for roles that read a person's history; the server refuses everyone else.
 */
export function PersonHistory({ card, user }: { card: TCaseCard; user: TUser }) {
  const history = useQuery(personHistoryQuery(card.id));
  const queryClient = useQueryClient();
  const command = useCaseCommand();
  const mayDecide = canRunCommand(user.role, 'case:decide-person-link');

  const decide = async (otherCaseId: string, decision: 'confirmed' | 'rejected') => {
    if (await command.run('case:decide-person-link', { caseId: card.id, otherCaseId, decision }))
      await queryClient.invalidateQueries({ queryKey: queryKeys.cases.person(card.id) });
  };

  if (history.isPending) return null;
  if (history.isError)
    return (
      <p className="muted" role="status">
        Previous contacts could not be loaded: {history.error.message}
      </p>
    );
  const { contacts, suggestions } = history.data;
  return (
    <section className="person-history" aria-labelledby="history-heading">
      <h3 id="history-heading">
        Previous contacts{' '}
        <span className="muted">
          ({contacts.length === 0 ? 'none linked' : contacts.length === 1 ? '1' : contacts.length})
        </span>
      </h3>
      {contacts.length > 0 && (
        <ol className="history-strip" aria-label="Previous contacts">
          {contacts.map((c) => (
            <ContactItem
              key={c.caseId}
              contact={c}
              action={
                // A link an operator made on this card can be undone here; an NHS number link cannot.
                mayDecide &&
                c.link === 'confirmed' &&
                card.personLinks.some((l) => l.caseId === c.caseId && l.decision === 'confirmed') ? (
                  <span className="actions">
                    <button
                      type="button"
                      disabled={command.isSending}
                      onClick={() => void decide(c.caseId, 'rejected')}
                    >
                      Not the same person — undo the link
                    </button>
                  </span>
                ) : null
              }
            />
          ))}
        </ol>
      )}
      {suggestions.length > 0 && (
        <>
          <p className="warning">
            {suggestions.length === 1
              ? 'This card may be about the same person as another:'
              : 'These cards may be about the same person:'}{' '}
            check and say.
          </p>
          <ul className="link-suggestions" aria-label="Possibly the same person">
            {suggestions.map((s) => (
              <li key={s.caseId}>
                <span>
                  <Link href={`/cases/${s.caseId}`}>{s.ref}</Link> · {s.name ?? 'name not known'} ·{' '}
                  {formatDateClock(s.openedAt)} · {STATUS_LABELS[s.status]} · {LINK_BASIS_LABELS[s.basis]}
                  {s.summary && <span className="muted"> · {s.summary}</span>}
                </span>
                {mayDecide && (
                  <span className="actions">
                    <button
                      type="button"
                      disabled={command.isSending}
                      onClick={() => void decide(s.caseId, 'confirmed')}
                    >
                      Same person
                    </button>
                    <button
                      type="button"
                      disabled={command.isSending}
                      onClick={() => void decide(s.caseId, 'rejected')}
                    >
                      Not the same person
                    </button>
                  </span>
                )}
              </li>
            ))}
          </ul>
        </>
      )}
      <ErrorMessage error={command.error} />
    </section>
  );
}
