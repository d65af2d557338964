import { deadlines } from '@shared/rules/detention';
import type { TDetention } from '@shared/schemas/detention';
import { formatCountdown } from './clocks';

/** A compact legal clock for lists: the power and the time left, or that the clock has not started. */
export function DetentionChip({ detention, now }: { detention: TDetention; now: number }) {
  const d = deadlines(detention, new Date(now));
  const label = detention.power === 's136' ? 's136' : 's135';
  const text = d.expiresAt ? formatCountdown(new Date(d.expiresAt).getTime() - now) : 'clock not started';
  return (
    <span
      className={`badge detention ${d.state === 'expired' ? 'contact-lost' : ''}`}
      title={`${label} detention: ${text}`}
    >
      {label} · {text}
    </span>
  );
}
