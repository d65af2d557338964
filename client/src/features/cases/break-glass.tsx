import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { INFORMATION_SHARING_POLICY } from '@shared/config/information-sharing';
import { canBreakGlass, canReviewBreakGlass } from '@shared/rules/break-glass';
import {
  BREAK_GLASS_FINDING_LABELS,
  BREAK_GLASS_FINDINGS,
  type TBreakGlassUse,
  type TCaseCard,
} from '@shared/schemas/case';
import type { TUser } from '@shared/schemas/user';
import { queryKeys } from '../../api/query-keys';
import { Modal } from '../../components/modal';
import { formatClock } from '../../lib/time';
import { ErrorMessage, useCaseCommand } from './use-case-command';

/** The reader's own break-glass on this card that is still open, if any. */
function openUseOf(card: TCaseCard, user: TUser, now: number): TBreakGlassUse | undefined {
  return card.breakGlass.find((u) => u.by.id === user.id && new Date(u.until).getTime() > now);
}

/**
 * Break-glass for a reader whose view withholds detail (R-IG-BREAKGLASS): a button that asks why, then
 * the card is fetched again in the clinical view until the use runs out (and fetched once more then).
 */
export function BreakGlassControl({ card, user, now }: { card: TCaseCard; user: TUser; now: number }) {
  const queryClient = useQueryClient();
  const command = useCaseCommand();
  const [isAsking, setIsAsking] = useState(false);
  const [reason, setReason] = useState('');
  const open = openUseOf(card, user, now);
  const detailKey = queryKeys.cases.detail(card.id);

  useEffect(() => {
    if (!open) return;
    const timer = setTimeout(
      () => void queryClient.invalidateQueries({ queryKey: detailKey, exact: true }),
      Math.max(0, new Date(open.until).getTime() - Date.now()) + 500,
    );
    return () => clearTimeout(timer);
  }, [open, queryClient, detailKey]);

  if (!canBreakGlass(user.role)) return null;
  if (open) {
    return (
      <p className="warning" role="status">
        You are seeing this card’s withheld details under break-glass until {formatClock(open.until)}. Your reason is
        recorded and the duty manager reviews this use.
      </p>
    );
  }
  if (card.withheld.length === 0) return null;
  return (
    <>
      <button type="button" onClick={() => setIsAsking(true)}>
        Open withheld details (break-glass)…
      </button>
      {isAsking && (
        <Modal title="Open withheld details (break-glass)" onClose={() => setIsAsking(false)}>
          <form
            className="reason-form"
            onSubmit={(e) => {
              e.preventDefault();
              void command.run('case:break-glass', { caseId: card.id, reason }).then(async (result) => {
                if (!result) return;
                setIsAsking(false);
                setReason('');
                await queryClient.invalidateQueries({ queryKey: detailKey, exact: true });
              });
            }}
          >
            <p>
              Only in an emergency, when you need what is withheld to keep someone safe. You will see this card in full
              for {INFORMATION_SHARING_POLICY.breakGlass.minutes} minutes. The duty manager is alerted now and reviews
              your reason.
            </p>
            <label>
              Why do you need it?
              <textarea rows={3} value={reason} onChange={(e) => setReason(e.target.value)} maxLength={500} autoFocus />
            </label>
            <ErrorMessage error={command.error} />
            <div className="actions">
              <button type="button" onClick={() => setIsAsking(false)}>
                Cancel
              </button>
              <button type="submit" className="danger" disabled={command.isSending || reason.trim().length < 10}>
                Open withheld details
              </button>
            </div>
          </form>
        </Modal>
      )}
    </>
  );
}

/** Every break-glass use on the card, for everyone who reads it; a reviewer records a finding on each. */
export function BreakGlassUses({ card, user }: { card: TCaseCard; user: TUser }) {
  if (card.breakGlass.length === 0) return null;
  return (
    <section className="break-glass-uses" aria-label="Break-glass uses">
      <h3>Break-glass uses</h3>
      <ul>
        {card.breakGlass.map((use) => (
          <li key={use.id}>
            <strong>{use.by.name}</strong> at {formatClock(use.at)} (until {formatClock(use.until)}): “{use.reason}” —{' '}
            {use.review ? (
              <>
                {BREAK_GLASS_FINDING_LABELS[use.review.finding]} ({use.review.by.name})
                {use.review.note && `: ${use.review.note}`}
              </>
            ) : (
              <span className="badge contact-lost">awaiting review</span>
            )}
            {!use.review && canReviewBreakGlass(user.role) && use.by.id !== user.id && (
              <ReviewForm caseId={card.id} useId={use.id} />
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}

function ReviewForm({ caseId, useId }: { caseId: string; useId: string }) {
  const command = useCaseCommand();
  const [finding, setFinding] = useState<(typeof BREAK_GLASS_FINDINGS)[number]>('justified');
  const [note, setNote] = useState('');
  return (
    <form
      className="reason-form"
      aria-label="Review this break-glass use"
      onSubmit={(e) => {
        e.preventDefault();
        void command.run('case:review-break-glass', { caseId, useId, finding, note });
      }}
    >
      <label>
        Finding
        <select value={finding} onChange={(e) => setFinding(e.target.value as typeof finding)}>
          {BREAK_GLASS_FINDINGS.map((f) => (
            <option key={f} value={f}>
              {BREAK_GLASS_FINDING_LABELS[f]}
            </option>
          ))}
        </select>
      </label>
      <label>
        Note
        <input value={note} onChange={(e) => setNote(e.target.value)} maxLength={1000} />
      </label>
      <ErrorMessage error={command.error} />
      <button type="submit" disabled={command.isSending}>
        Record review
      </button>
    </form>
  );
}
