import { useQuery } from '@tanstack/react-query';
import { useEffect, useMemo, useRef, useState } from 'react';
import { Link } from 'wouter';
import { caseListQuery } from '../../api/queries';

/** Two short tones through Web Audio: no file to load, and it works offline. */
function chime(): void {
  const AudioContextClass = window.AudioContext as typeof AudioContext | undefined;
  if (!AudioContextClass) return;
  const ctx = new AudioContextClass();
  [0, 0.25].forEach((start, i) => {
    const osc = ctx.createOscillator();
    const gain = ctx.createGain();
    osc.frequency.value = i === 0 ? 880 : 660;
    gain.gain.setValueAtTime(0.2, ctx.currentTime + start);
    gain.gain.exponentialRampToValueAtTime(0.001, ctx.currentTime + start + 0.2);
    osc.connect(gain).connect(ctx.destination);
    osc.start(ctx.currentTime + start);
    osc.stop(ctx.currentTime + start + 0.22);
  });
  setTimeout(() => void ctx.close(), 1000);
}

/**
 * Unacknowledged legal-clock alerts across the area, always in the header: a count that links to the
 * detentions worklist, and a chime when a new one arrives (mutable per device). Read from the same live
 * queue the sockets keep current, so it needs no polling.
 */
export function AlertBell() {
  const list = useQuery(caseListQuery);
  const cases = list.data?.cases ?? [];
  const openKey = cases.flatMap((c) => c.alerts.filter((a) => !a.acknowledgedAt).map((a) => a.id)).join('\n');
  // A break-glass use waits for review on its own card; legal-clock alerts on the detentions worklist.
  const breakGlassCard = cases.find((c) => c.alerts.some((a) => a.kind === 'break-glass' && !a.acknowledgedAt));
  const open = useMemo(() => (openKey ? openKey.split('\n') : []), [openKey]);
  const [isMuted, setIsMuted] = useState(() => localStorage.getItem('concordat-mute') === 'true');
  const seen = useRef<Set<string> | null>(null);

  useEffect(() => {
    // The first render only learns what is already there; only later arrivals chime.
    const isFirst = seen.current === null;
    const previous = seen.current ?? new Set<string>();
    const hasNew = open.some((id) => !previous.has(id));
    seen.current = new Set(open);
    if (!isFirst && hasNew && !isMuted) chime();
  }, [open, isMuted]);

  const toggleMute = () => {
    localStorage.setItem('concordat-mute', String(!isMuted));
    setIsMuted(!isMuted);
  };
  return (
    <span className="alert-bell">
      <Link
        href={breakGlassCard ? `/cases/${breakGlassCard.id}` : '/detentions'}
        className={open.length > 0 ? 'bell bell-active' : 'bell'}
        aria-live="polite"
      >
        {open.length === 0 ? 'No alerts' : `${open.length} alert${open.length === 1 ? '' : 's'} to acknowledge`}
      </Link>
      {/* A toggle: one constant label, its state in aria-pressed (WCAG 2.5.3, label in name). */}
      <button type="button" onClick={toggleMute} aria-pressed={isMuted} className={isMuted ? 'pressed' : undefined}>
        Mute alert sound
      </button>
    </span>
  );
}
