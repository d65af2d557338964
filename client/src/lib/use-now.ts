import { useEffect, useState } from 'react';
import { useSocket } from '../socket/socket-provider';

/** Server-aligned "now", ticking every second, so every screen counts the same waiting time. */
export function useNow(intervalMs = 1000): number {
  const { clockOffsetMs } = useSocket();
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const id = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(id);
  }, [intervalMs]);
  return now + clockOffsetMs;
}
