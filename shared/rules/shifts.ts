import { SHIFT_RULES } from '../config/shifts';
import { londonClock, londonInstant } from './opening-hours';

export interface TShift {
  /** The shift's start as an instant: its identity. */
  start: string;
  end: string;
}

const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

function dayBefore(date: string): string {
  const t = Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) - 86_400_000;
  return new Date(t).toISOString().slice(0, 10);
}

function dayAfter(date: string): string {
  const t = Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) + 86_400_000;
  return new Date(t).toISOString().slice(0, 10);
}

/**
 * The shift running at `at`: from the last changeover at or before it to the next, by the clock in
 * England, so a night shift across a clock change is 11 or 13 hours long, as worked.
 */
export function shiftAt(at: Date, changeovers: readonly string[] = SHIFT_RULES.changeovers): TShift {
  const { date, minutes } = londonClock(at);
  const times = [...changeovers].sort((a, b) => minutesOf(a) - minutesOf(b));
  const first = times[0] ?? '00:00';
  const last = times[times.length - 1] ?? first;
  const startIndex = times.findLastIndex((t) => minutesOf(t) <= minutes);
  const start =
    startIndex >= 0 ? londonInstant(date, times[startIndex] ?? first) : londonInstant(dayBefore(date), last);
  const next = startIndex >= 0 ? times[startIndex + 1] : first;
  const end =
    startIndex >= 0 && next !== undefined
      ? londonInstant(date, next)
      : londonInstant(startIndex >= 0 ? dayAfter(date) : date, first);
  return { start: start.toISOString(), end: end.toISOString() };
}

/** The shift before the one running at `at`. */
export function previousShift(at: Date): TShift {
  return shiftAt(new Date(Date.parse(shiftAt(at).start) - 60_000));
}
