import { legalRulesAt } from '@shared/config/legal-rules';
import { deadlines } from '@shared/rules/detention';
import type { TDetention } from '@shared/schemas/detention';
import { formatDayClock, formatExact } from '../../lib/time';

const MIN = 60_000;
export type TClockState = 'ok' | 'amber' | 'red' | 'idle';

/**
 * "23:59:10 left" or "00:05:12 overdue": elapsed milliseconds, so clock changes cannot bend it. Always
 * with its word, so a countdown is never read as a time of day ("00:09:29" is nine minutes, not just
 * after midnight).
 */
export function formatCountdown(msLeft: number): string {
  const total = Math.floor(Math.abs(msLeft) / 1000);
  const pad = (n: number) => String(n).padStart(2, '0');
  const text = `${pad(Math.floor(total / 3600))}:${pad(Math.floor((total % 3600) / 60))}:${pad(total % 60)}`;
  return msLeft >= 0 ? `${text} left` : `${text} overdue`;
}

/** Amber from the first warning threshold, red from the last one (or once overdue). */
export function clockState(msLeft: number, amberWithinMs: number, redWithinMs: number): TClockState {
  if (msLeft <= redWithinMs) return 'red';
  if (msLeft <= amberWithinMs) return 'amber';
  return 'ok';
}

function Countdown({
  label,
  dueAt,
  now,
  amberWithinMs,
  redWithinMs,
}: {
  label: string;
  dueAt: string;
  now: number;
  amberWithinMs: number;
  redWithinMs: number;
}) {
  const left = new Date(dueAt).getTime() - now;
  const state = clockState(left, amberWithinMs, redWithinMs);
  return (
    <div className={`clock clock-${state}`} data-state={state} role="timer" aria-label={label}>
      <span className="clock-label">{label}</span>
      <span className="clock-value">{formatCountdown(left)}</span>
      <span className="clock-due" title={formatExact(dueAt)}>
        {left >= 0 ? 'due' : 'was due'} {formatDayClock(dueAt)}
      </span>
    </div>
  );
}

/**
 * The legal clocks of a detention — the permitted period, the police handover and, at a police
 * station, the next welfare check — computed with the same shared rules the server uses, from
 * recorded times and server-aligned now. Thresholds come from the versioned legal rules.
 */
export function DetentionClocks({ detention, now }: { detention: TDetention; now: number }) {
  const rules = legalRulesAt(detention.decidedAt);
  const d = deadlines(detention, new Date(now), rules);
  if (d.state === 'ended') return <p className="muted">Detention ended.</p>;
  if (d.state === 'awaiting-arrival') {
    return (
      <p className="clock clock-idle" data-state="idle" role="timer" aria-label="Detention clock">
        The 24-hour clock starts on arrival at the place of safety.
      </p>
    );
  }
  const [firstWarning = rules.permittedPeriodMinutes] = rules.detentionAlertMinutes;
  const lastWarning =
    rules.detentionAlertMinutes[rules.detentionAlertMinutes.length - 1] ?? rules.permittedPeriodMinutes;
  const handoverWarning = rules.handoverAlertMinutes[0] ?? rules.handoverTargetMinutes;
  return (
    <div className="clocks">
      {d.expiresAt && (
        <Countdown
          label={detention.extension ? 'Detention (extended)' : 'Detention'}
          dueAt={d.expiresAt}
          now={now}
          amberWithinMs={(rules.permittedPeriodMinutes - firstWarning) * MIN}
          redWithinMs={(rules.permittedPeriodMinutes - lastWarning) * MIN}
        />
      )}
      {d.handoverDueAt && (
        <Countdown
          label="Police handover"
          dueAt={d.handoverDueAt}
          now={now}
          amberWithinMs={(rules.handoverTargetMinutes - handoverWarning) * MIN}
          redWithinMs={0}
        />
      )}
      {d.nextWelfareCheckDueAt && (
        <Countdown
          label="Next welfare check"
          dueAt={d.nextWelfareCheckDueAt}
          now={now}
          amberWithinMs={rules.welfareWarningMinutes * MIN}
          redWithinMs={0}
        />
      )}
    </div>
  );
}
