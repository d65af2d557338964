import { deadlines } from '@shared/rules/detention';
import type { TDetention } from '@shared/schemas/detention';
import { formatCountdown } from './clocks';

/** A compact legal clock for lists: the power and the time left, or that the clock has not started. */
export function DetentionChip({ detention, now }: { detention: TDetention; now: number }) {
  const d = deadlines(detention, new Date(now));
  const label = detention.power === 's136' ? 's136' : 's135';
  // "left" says it is a countdown, not the time of day; an overdue one already says "overdue".
  const msLeft = d.expiresAt ? new Date(d.expiresAt).getTime() - now : null;
  const text = msLeft === null ? 'clock not started' : formatCountdown(msLeft);
  return (
    <span
      className={`badge detention ${d.state === 'expired' ? 'contact-lost' : ''}`}
      title={`${label} detention: ${text}`}
    >
      {label} · {text}
    </span>
  );
}
