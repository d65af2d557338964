import { useEffect, useRef, useState } from 'react';
import { Link } from 'wouter';
import { ALERT_RULES } from '@shared/config/alert-rules';
import { isMuted, isOpen, muteEndsAt, shouldSound, type TLiveAlert } from '@shared/rules/alerts';
import { chime } from '../../lib/chime';
import { formatClock } from '../../lib/time';
import { useNow } from '../../lib/use-now';

const MUTED_AT = 'concordat-muted-at';

/** Where an alert is dealt with: its card, the services (a stale figure), the map (an SOS with no job). */
function whereToDeal(alert: TLiveAlert): string {
  if (alert.caseId) return `/cases/${alert.caseId}`;
  if (alert.place) return '/services';
  return alert.kind === 'sos' ? '/map' : '/detentions';
}

/**
 * The header's alerts: how many are open for this console, opening the list of them (each a link to
 * where it is dealt with), and the sound (R-ALERT-MUTE). A new alert chimes; an open critical one chimes again every
 * `soundRepeatSeconds` until it is acknowledged. Muting is for this device, shown in the header with its
 * time, ends by itself after `muteMaxMinutes`, and never silences an SOS.
 */
export function AlertBell({ alerts }: { alerts: readonly TLiveAlert[] }) {
  const now = useNow(1000);
  const open = alerts.filter(isOpen);
  const [mutedAt, setMutedAt] = useState(() => localStorage.getItem(MUTED_AT));
  const isMutedNow = isMuted(mutedAt, new Date(now));
  const seen = useRef<Set<string> | null>(null);
  const list = useRef<HTMLDivElement>(null);
  const lastChime = useRef(0);
  const openKey = open.map((a) => a.key).join('\n');

  useEffect(() => {
    // The first render only learns what is already there; a later arrival chimes at once (unless muted,
    // and never muted for an SOS); an open critical alert chimes again every `soundRepeatSeconds`.
    const keys = openKey ? openKey.split('\n') : [];
    const isFirst = seen.current === null;
    const fresh = keys.filter((k) => !seen.current?.has(k));
    seen.current = new Set(keys);
    const freshAlerts = open.filter((a) => fresh.includes(a.key));
    const isNewSound = !isFirst && freshAlerts.length > 0 && (!isMutedNow || freshAlerts.some((a) => a.kind === 'sos'));
    const isRepeat =
      shouldSound(open, mutedAt, new Date(now)) && now - lastChime.current >= ALERT_RULES.soundRepeatSeconds * 1000;
    if (isNewSound || isRepeat) {
      lastChime.current = now;
      chime();
    }
  }, [openKey, open, mutedAt, isMutedNow, now]);

  const mute = () => {
    const at = new Date(now).toISOString();
    localStorage.setItem(MUTED_AT, at);
    setMutedAt(at);
  };
  const unmute = () => {
    localStorage.removeItem(MUTED_AT);
    setMutedAt(null);
  };
  const label = `${open.length} alert${open.length === 1 ? '' : 's'}`;
  return (
    <span className="alert-bell">
      {open.length === 0 ? (
        <span className="bell" aria-live="polite">
          No alerts
        </span>
      ) : (
        <>
          {/* Every open alert in a list, most pressing first, each opening where it is dealt with: a
              tablet has no hover, so the list is one tap away rather than in a tooltip. */}
          <button
            type="button"
            popoverTarget="alert-list"
            className="bell bell-active"
            aria-live="polite"
            aria-label={`${label} to acknowledge`}
            // The list opens just under the header, whatever its height on this screen.
            onClick={(e) =>
              list.current?.style.setProperty('top', `${e.currentTarget.getBoundingClientRect().bottom + 6}px`)
            }
          >
            {/* Short on screen so the header stays one line; the full words are its name. */}
            {label}
          </button>
          <div id="alert-list" popover="auto" className="alert-list" ref={list}>
            <ul aria-label="Open alerts">
              {open.map((a) => (
                <li key={a.key} className={a.severity}>
                  <Link href={whereToDeal(a)} onClick={() => list.current?.hidePopover()}>
                    {a.text}
                  </Link>
                </li>
              ))}
            </ul>
          </div>
        </>
      )}
      {isMutedNow && mutedAt ? (
        <span
          className="muted-note"
          role="status"
          title={`Muted on this device until ${formatClock(muteEndsAt(mutedAt).toISOString())}; an SOS still sounds`}
        >
          {/* Since when and until when, short enough for the desk's one header line. */}
          Sound muted<span className="sr-only"> on this device</span> {formatClock(mutedAt)}–
          {formatClock(muteEndsAt(mutedAt).toISOString())}{' '}
          <button type="button" onClick={unmute}>
            Unmute
          </button>
        </span>
      ) : (
        <button
          type="button"
          onClick={mute}
          title={`Mute the alert sound on this device for ${ALERT_RULES.muteMaxMinutes} minutes; an SOS still sounds`}
          aria-label="Mute sound"
        >
          {/* "Mute" alone on a phone, so the header keeps to two rows. */}
          Mute<span className="not-phone"> sound</span>
        </button>
      )}
    </span>
  );
}
