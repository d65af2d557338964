import { useEffect, useRef } from 'react';
import { useSocket } from '../../socket/socket-provider';
import { isConsoleLocked, lockConsole, subscribeToLock } from './lock-state';

const INPUT_EVENTS = ['pointerdown', 'keydown', 'wheel', 'touchstart'] as const;
/** The server hears about activity at most this often (it locks a minute after the console would). */
const REPORT_EVERY_MS = 60_000;
const CHECK_EVERY_MS = 5_000;

/**
 * Locks the console after `minutes` without a key, click or touch, and tells the server the person is
 * still there at most once a minute so it does not lock the session first. Nothing typed behind the
 * lock counts, so a locked console can never keep its own session alive.
 */
export function IdleWatcher({ minutes }: { minutes: number }) {
  const { reportActivity } = useSocket();
  const lastInput = useRef(0);
  const lastReport = useRef(0);

  useEffect(() => {
    if (minutes <= 0) return;
    lastInput.current = Date.now();
    lastReport.current = Date.now();
    const handleInput = () => {
      if (isConsoleLocked()) return;
      const now = Date.now();
      lastInput.current = now;
      if (now - lastReport.current >= REPORT_EVERY_MS) {
        lastReport.current = now;
        reportActivity();
      }
    };
    for (const name of INPUT_EVENTS) window.addEventListener(name, handleInput, { passive: true, capture: true });
    const timer = setInterval(() => {
      if (!isConsoleLocked() && Date.now() - lastInput.current >= minutes * 60_000) lockConsole();
    }, CHECK_EVERY_MS);
    const unsubscribe = subscribeToLock(() => {
      if (!isConsoleLocked()) lastInput.current = Date.now();
    });
    return () => {
      for (const name of INPUT_EVENTS) window.removeEventListener(name, handleInput, { capture: true });
      clearInterval(timer);
      unsubscribe();
    };
  }, [minutes, reportActivity]);
  return null;
}
