import { useEffect, useRef, useState } from 'react';
import { Link } from 'wouter';
import { ALERT_RULES } from '@shared/config/alert-rules';
import { isMuted, isOpen, muteEndsAt, shouldSound, type TLiveAlert } from '@shared/rules/alerts';
import { chime } from '../../lib/chime';
import { formatClock } from '../../lib/time';
import { useNow } from '../../lib/use-now';

const MUTED_AT = 'concordat-muted-at';

/**
 * The header's alerts: how many are open for this console (a link to the first card, or the detentions
 * worklist), and the sound (R-ALERT-MUTE). A new alert chimes; an open critical one chimes again every
 * `soundRepeatSeconds` until it is acknowledged. Muting is for this device, shown in the header with its
 * time, ends by itself after `muteMaxMinutes`, and never silences an SOS.
 */
export function AlertBell({ alerts }: { alerts: readonly TLiveAlert[] }) {
  const now = useNow(1000);
  const open = alerts.filter(isOpen);
  const [mutedAt, setMutedAt] = useState(() => localStorage.getItem(MUTED_AT));
  const isMutedNow = isMuted(mutedAt, new Date(now));
  const seen = useRef<Set<string> | null>(null);
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
  // The most severe alert's card, else the services (a stale figure), else the detentions worklist.
  const first = open.find((a) => a.caseId !== null) ?? open[0];
  const href = first?.caseId ? `/cases/${first.caseId}` : first?.place ? '/services' : '/detentions';
  return (
    <span className="alert-bell">
      <Link
        href={href}
        title={open.map((a) => a.text).join('\n') || undefined}
        className={open.length > 0 ? 'bell bell-active' : 'bell'}
        aria-live="polite"
        aria-label={
          open.length === 0 ? 'No alerts' : `${open.length} alert${open.length === 1 ? '' : 's'} to acknowledge`
        }
      >
        {/* Short on screen so the header stays one line; the full words are its name. */}
        {open.length === 0 ? 'No alerts' : `${open.length} alert${open.length === 1 ? '' : 's'}`}
      </Link>
      {isMutedNow && mutedAt ? (
        <span
          className="muted-note"
          role="status"
          title={`Until ${formatClock(muteEndsAt(mutedAt).toISOString())}; an SOS still sounds`}
        >
          Sound muted on this device since {formatClock(mutedAt)}{' '}
          <button type="button" onClick={unmute}>
            Sound on
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
