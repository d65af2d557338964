import { londonClock, londonInstant } from './opening-hours';
import { previousShift, shiftAt } from './shifts';

/**
 * Report periods (R-REPORT-PERIOD): every period is a span of days by the clock in England, so a day
 * with a clock change is 23 or 25 hours long, and the financial year runs from 1 April to 31 March.
 */
export const PERIOD_KINDS = [
  'shift',
  'last-shift',
  'day',
  'week',
  'month',
  'quarter',
  'financial-year',
  'custom',
] as const;
export type TPeriodKind = (typeof PERIOD_KINDS)[number];

export interface TPeriodRequest {
  kind: TPeriodKind;
  /**
   * A day inside the period (YYYY-MM-DD, in England); today when absent. For `custom`, the first day.
   * Shifts are always this one or the last one, so they take no day.
   */
  date?: string;
  /** For `custom`: the last day, included. */
  until?: string;
}

export interface TPeriod {
  kind: TPeriodKind;
  /** The first instant inside the period. */
  from: string;
  /** The first instant after it. */
  to: string;
  label: string;
}

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

const ymd = (y: number, m: number, d: number): string => new Date(Date.UTC(y, m - 1, d)).toISOString().slice(0, 10);

function addDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return ymd(y, m, d + days);
}

/** The financial year (1 April – 31 March) a day falls in, by the year it starts. */
export function financialYearOf(date: string): number {
  const y = Number(date.slice(0, 4));
  return Number(date.slice(5, 7)) >= 4 ? y : y - 1;
}

/** "2026/27". */
export const financialYearLabel = (startYear: number): string =>
  `${startYear}/${String((startYear + 1) % 100).padStart(2, '0')}`;

const dayLabel = (date: string): string => {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return `${d} ${MONTHS[m - 1]} ${y}`;
};

/** Days [first, last] in England as a period of instants. */
function days(kind: TPeriodKind, first: string, last: string, label: string): TPeriod {
  return {
    kind,
    from: londonInstant(first, '00:00').toISOString(),
    to: londonInstant(addDays(last, 1), '00:00').toISOString(),
    label,
  };
}

/**
 * The period of a kind that holds `date` (or now). Throws a RangeError for a custom period whose end
 * is before its start, or a date that is not a real day.
 */
export function resolvePeriod(request: TPeriodRequest, now: Date): TPeriod {
  const today = londonClock(now).date;
  const date = request.date ?? today;
  if (!isDay(date)) throw new RangeError(`Not a day: ${date}`);
  const [y, m] = date.split('-').map(Number) as [number, number];
  switch (request.kind) {
    // The shift running now, and the one before it (a night shift included): a duty manager's handover.
    case 'shift':
    case 'last-shift': {
      const shift = request.kind === 'shift' ? shiftAt(now) : previousShift(now);
      return {
        kind: request.kind,
        from: shift.start,
        to: shift.end,
        label: `${request.kind === 'shift' ? 'This shift' : 'Last shift'}, from ${formatLondon(shift.start)}`,
      };
    }
    case 'day':
      return days('day', date, date, dayLabel(date));
    case 'week': {
      const isoDay = londonClock(londonInstant(date, '12:00')).isoDay;
      const monday = addDays(date, 1 - isoDay);
      return days('week', monday, addDays(monday, 6), `Week from Monday ${dayLabel(monday)}`);
    }
    case 'month':
      return days('month', ymd(y, m, 1), ymd(y, m + 1, 0), `${MONTHS[m - 1]} ${y}`);
    case 'quarter': {
      // Financial-year quarters: Q1 April–June … Q4 January–March.
      const fy = financialYearOf(date);
      const index = Math.floor(((m + 8) % 12) / 3);
      const firstMonth = 4 + index * 3;
      return days(
        'quarter',
        ymd(fy, firstMonth, 1),
        ymd(fy, firstMonth + 3, 0),
        `Q${index + 1} ${financialYearLabel(fy)}`,
      );
    }
    case 'financial-year': {
      const fy = financialYearOf(date);
      return days('financial-year', ymd(fy, 4, 1), ymd(fy + 1, 3, 31), `Financial year ${financialYearLabel(fy)}`);
    }
    case 'custom': {
      const until = request.until ?? date;
      if (!isDay(until)) throw new RangeError(`Not a day: ${until}`);
      if (until < date) throw new RangeError('The period ends before it starts');
      return days('custom', date, until, `${dayLabel(date)} to ${dayLabel(until)}`);
    }
  }
}

function isDay(date: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) return false;
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return ymd(y, m, d) === date;
}

const LONDON_FORMAT = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** "3 Dec 2026, 20:00" in England. */
export const formatLondon = (iso: string): string => LONDON_FORMAT.format(new Date(iso));

/** "2026-12-03 20:00" in England: the Home Office return's local date and time. */
export function londonDateTime(iso: string): string {
  const at = new Date(iso);
  const { date, minutes } = londonClock(at);
  return `${date} ${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}
