import { canRunCommand } from '@shared/rules/permissions';
import type { TCaseCard } from '@shared/schemas/case';
import type { TUser } from '@shared/schemas/user';
import { ErrorMessage, useCaseCommand } from './use-case-command';

/**
 * The card's own open alerts (legal clocks, welfare checks, a contact-lost follow-up), each acknowledged
 * here by a role that may. On every card, not only one with a detention: the header's bell opens the card
 * of the most pressing alert, so that card must always be able to answer it.
 */
export function CardAlerts({ card, user }: { card: TCaseCard; user: TUser }) {
  const command = useCaseCommand();
  const open = card.alerts.filter((a) => !a.acknowledgedAt);
  if (open.length === 0) return null;
  const mayAcknowledge = canRunCommand(user.role, 'case:acknowledge-alert') && card.status !== 'closed';
  return (
    <>
      <ul className="alerts" aria-label="Alerts">
        {open.map((a) => (
          <li key={a.id} className={`alert alert-${a.kind}`}>
            <span>{a.message}</span>
            {mayAcknowledge && (
              <button
                type="button"
                disabled={command.isSending}
                onClick={() => void command.run('case:acknowledge-alert', { caseId: card.id, alertId: a.id })}
              >
                Acknowledge
              </button>
            )}
          </li>
        ))}
      </ul>
      <ErrorMessage error={command.error} />
    </>
  );
}
