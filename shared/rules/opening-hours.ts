import type { TOpeningHours } from '../schemas/service';

const LONDON = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  weekday: 'short',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});
const WEEKDAYS: Record<string, number> = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 };

/** The wall-clock date, ISO weekday and minute of day in Europe/London at an instant. */
export function londonClock(at: Date): { date: string; isoDay: number; minutes: number } {
  const parts = Object.fromEntries(LONDON.formatToParts(at).map((p) => [p.type, p.value]));
  return {
    date: `${parts.year}-${parts.month}-${parts.day}`,
    isoDay: WEEKDAYS[parts.weekday ?? ''] ?? 1,
    minutes: Number(parts.hour) * 60 + Number(parts.minute),
  };
}

const toMinutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

function addDays(date: string, days: number): string {
  const t =
    Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) + days * 86_400_000;
  return new Date(t).toISOString().slice(0, 10);
}

function isoDayOf(date: string): number {
  const d = new Date(`${date}T12:00:00Z`).getUTCDay();
  return d === 0 ? 7 : d;
}

/** The instant at which London's wall clock reads `hhmm` on `date` (GMT or BST as it is that day). */
export function londonInstant(date: string, hhmm: string): Date {
  const guess = Date.parse(`${date}T${hhmm}:00Z`);
  // London is UTC+0 or UTC+1: correct the guess by the offset London shows at it, then check once more.
  let t = guess;
  for (let i = 0; i < 2; i++) {
    const c = londonClock(new Date(t));
    const shownDayShift = c.date === date ? 0 : c.date > date ? 1440 : -1440;
    t -= (c.minutes + shownDayShift - toMinutes(hhmm)) * 60_000;
  }
  return new Date(t);
}

function sessionsOn(hours: TOpeningHours, date: string): { opens: string; closes: string }[] {
  const exception = hours.exceptions.find((e) => e.date === date);
  if (exception) return exception.sessions;
  const day = isoDayOf(date);
  return hours.weekly.filter((s) => s.day === day);
}

/**
 * Open at an instant, by the Europe/London wall clock. A session whose closing time is not after its
 * opening time runs past midnight; dated exceptions (bank holidays) replace that day's sessions.
 */
export function isOpenAt(hours: TOpeningHours, at: Date): boolean {
  if (hours.isAlwaysOpen) return true;
  const now = londonClock(at);
  const today = sessionsOn(hours, now.date).some((s) => {
    const [o, c] = [toMinutes(s.opens), toMinutes(s.closes)];
    return c > o ? now.minutes >= o && now.minutes < c : now.minutes >= o;
  });
  const fromYesterday = sessionsOn(hours, addDays(now.date, -1)).some((s) => {
    const [o, c] = [toMinutes(s.opens), toMinutes(s.closes)];
    return c <= o && now.minutes < c;
  });
  return today || fromYesterday;
}

/** The next time it opens within a week, or null. */
export function nextOpening(hours: TOpeningHours, at: Date): Date | null {
  if (hours.isAlwaysOpen) return at;
  const start = londonClock(at).date;
  for (let d = 0; d <= 7; d++) {
    const date = addDays(start, d);
    const candidates = sessionsOn(hours, date)
      .map((s) => londonInstant(date, s.opens))
      .filter((t) => t.getTime() > at.getTime())
      .sort((a, b) => a.getTime() - b.getTime());
    if (candidates[0]) return candidates[0];
  }
  return null;
}

/** "closed until 18:00" today, or "closed until Fri 18:00", in Europe/London. */
export function closedUntilText(at: Date, now: Date): string {
  const when = londonClock(at);
  const time = `${String(Math.floor(when.minutes / 60)).padStart(2, '0')}:${String(when.minutes % 60).padStart(2, '0')}`;
  if (when.date === londonClock(now).date) return `closed until ${time}`;
  const day = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', weekday: 'short' }).format(at);
  return `closed until ${day} ${time}`;
}
