const LONDON = 'Europe/London';

const exactFormat = new Intl.DateTimeFormat('en-GB', {
  timeZone: LONDON,
  dateStyle: 'medium',
  timeStyle: 'medium',
});
const clockFormat = new Intl.DateTimeFormat('en-GB', { timeZone: LONDON, hour: '2-digit', minute: '2-digit' });

/** Exact time in Europe/London (GMT or BST as it was at that instant), for titles and tooltips. */
export function formatExact(iso: string): string {
  return `${exactFormat.format(new Date(iso))} (UK time)`;
}

export function formatClock(iso: string): string {
  return clockFormat.format(new Date(iso));
}

const dayClockFormat = new Intl.DateTimeFormat('en-GB', {
  timeZone: LONDON,
  weekday: 'short',
  hour: '2-digit',
  minute: '2-digit',
});

/** "Tue 07:05" in Europe/London: for deadlines that may fall tomorrow. */
export function formatDayClock(iso: string): string {
  return dayClockFormat.format(new Date(iso));
}

const londonDateFormat = new Intl.DateTimeFormat('en-GB', { timeZone: LONDON, dateStyle: 'short' });

/** "16:37" when it is today in Europe/London, else "Sat 16:37": a deadline never looks already passed. */
export function formatClockOrDay(iso: string, nowMs: number): string {
  const at = new Date(iso);
  return londonDateFormat.format(at) === londonDateFormat.format(nowMs) ? formatClock(iso) : formatDayClock(iso);
}

const dateClockFormat = new Intl.DateTimeFormat('en-GB', {
  timeZone: LONDON,
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
});

/** "27 Nov 2026, 02:19" in Europe/London: for history, where the weekday alone is ambiguous. */
export function formatDateClock(iso: string): string {
  return dateClockFormat.format(new Date(iso));
}

/** "just now", "12 min ago", "2 h 5 min ago": elapsed real time, so clock changes cannot distort it. */
export function formatAgo(iso: string, nowMs: number): string {
  const minutes = Math.floor((nowMs - new Date(iso).getTime()) / 60_000);
  if (minutes < 1) return 'just now';
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `${hours} h ${minutes % 60} min ago`;
  return `${Math.floor(hours / 24)} d ${hours % 24} h ago`;
}

/**
 * Time waited as a running counter, always "h:mm:ss" ("0:12:34", never "12:34", which reads as a time of
 * day beside the clock times on the same screens); from a day on, "4 d 1 h".
 */
export function formatWaiting(iso: string, nowMs: number): string {
  const total = Math.max(0, Math.floor((nowMs - new Date(iso).getTime()) / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const pad = (n: number) => String(n).padStart(2, '0');
  if (h >= 24) return `${Math.floor(h / 24)} d ${h % 24} h`;
  return `${h}:${pad(m)}:${pad(s)}`;
}
