import { formatClock } from '../lib/time';
import { useSocket } from '../socket/socket-provider';
import { useOutboxEntries } from './outbox';
import { canDecide, describeEntry, needsDecision, streamTarget, type TOutboxEntry } from './outbox-rules';

const STREAM_NOUN = (entry: TOutboxEntry) => (streamTarget(entry.stream).kind === 'unit' ? 'unit' : 'card');

/**
 * Changes the server would not apply, kept until the person decides: nothing made offline is ever
 * overwritten or dropped without them seeing it (SPEC S-25).
 */
export function OutboxDecisions({ userId }: { userId: string }) {
  const entries = useOutboxEntries();
  const { decideOutboxEntry } = useSocket();
  const undecided = needsDecision(entries, userId);
  if (undecided.length === 0) return null;
  return (
    <section className="outbox-decisions" role="alert" aria-labelledby="outbox-decisions-heading">
      <h2 id="outbox-decisions-heading">
        {undecided.length === 1
          ? 'A change you made was not applied'
          : `${undecided.length} changes you made were not applied`}
      </h2>
      <ul>
        {undecided.map((entry) => (
          <li key={entry.order}>
            <strong>{describeEntry(entry)}</strong>{' '}
            <span className="muted">made at {formatClock(entry.createdAt)}</span>
            <p>
              {entry.state === 'refused'
                ? sentence(entry.refusal?.message ?? 'The server refused it.')
                : `It came after a change to the same ${STREAM_NOUN(entry)} that was not applied.`}{' '}
              Check the {STREAM_NOUN(entry)} as it is now, then send yours again on top of it or discard it.
            </p>
            {canDecide(entries, entry) ? (
              <div className="tap-row">
                <button type="button" onClick={() => void decideOutboxEntry(entry, 'discard')}>
                  Discard my change
                </button>
                <button type="button" className="primary" onClick={() => void decideOutboxEntry(entry, 'send-again')}>
                  Send it again now
                </button>
              </div>
            ) : (
              <p className="muted">Decide the change above first.</p>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}

/** A server's reason as a sentence: it ends with a full stop before the advice that follows it. */
function sentence(text: string): string {
  return /[.!?]$/.test(text.trim()) ? text.trim() : `${text.trim()}.`;
}
