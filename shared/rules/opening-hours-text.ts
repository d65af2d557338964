import type { TOpeningHours } from '../schemas/service';

const DAY_NAMES = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'] as const;
const CLOCK = /^([01]\d|2[0-3]):[0-5]\d$/;

function dayNumber(text: string): number | null {
  const index = DAY_NAMES.findIndex((d) => d.toLowerCase() === text.slice(0, 3).toLowerCase());
  return index === -1 ? null : index + 1;
}

/** "Mon-Fri", "Sat,Sun", "Daily", "Tue" → ISO day numbers (1 = Monday). */
function parseDays(text: string): number[] | null {
  if (/^(daily|every ?day)$/i.test(text)) return [1, 2, 3, 4, 5, 6, 7];
  const out: number[] = [];
  for (const part of text.split(',').map((p) => p.trim())) {
    const [from, to] = part.split('-').map((p) => p.trim());
    const a = from ? dayNumber(from) : null;
    if (a === null) return null;
    if (to === undefined) {
      out.push(a);
      continue;
    }
    const b = dayNumber(to);
    if (b === null) return null;
    // A range may wrap the week: "Fri-Mon" is Friday to Monday.
    for (let d = a; ; d = (d % 7) + 1) {
      out.push(d);
      if (d === b) break;
    }
  }
  return out;
}

/**
 * Weekly opening hours written the way people write them, for spreadsheets and imports:
 * `24/7`, or sessions separated by semicolons such as `Mon-Fri 18:00-23:00; Sat-Sun 12:00-02:00`
 * (a session past midnight runs into the next day). Dated exceptions are kept on the service screen.
 * Returns the hours, or the problem in words.
 */
export function parseOpeningHoursText(text: string): { hours: TOpeningHours } | { error: string } {
  const trimmed = text.trim();
  if (/^(24\/7|24 hours|always open)$/i.test(trimmed)) {
    return { hours: { isAlwaysOpen: true, weekly: [], exceptions: [] } };
  }
  if (trimmed === '') return { error: 'Give the opening hours, e.g. "24/7" or "Mon-Fri 18:00-23:00"' };
  const weekly: TOpeningHours['weekly'] = [];
  for (const session of trimmed
    .split(';')
    .map((s) => s.trim())
    .filter(Boolean)) {
    const match = /^(.+?)\s+(\d{1,2}:\d{2})\s*-\s*(\d{1,2}:\d{2})$/.exec(session);
    const days = match?.[1] ? parseDays(match[1].trim()) : null;
    const opens = match?.[2]?.padStart(5, '0');
    const closes = match?.[3]?.padStart(5, '0');
    if (!days || !opens || !closes || !CLOCK.test(opens) || !CLOCK.test(closes)) {
      return { error: `"${session}" is not like "Mon-Fri 18:00-23:00"` };
    }
    if (opens === closes) return { error: `"${session}" opens and closes at the same time` };
    for (const day of days) weekly.push({ day, opens, closes });
  }
  weekly.sort((a, b) => a.day - b.day || a.opens.localeCompare(b.opens));
  return { hours: { isAlwaysOpen: false, weekly, exceptions: [] } };
}

/** The weekly hours back as text ("Mon-Fri 18:00-23:00; Sat-Sun 12:00-23:00"), grouping equal days. */
export function openingHoursText(hours: Pick<TOpeningHours, 'isAlwaysOpen' | 'weekly'>): string {
  if (hours.isAlwaysOpen) return '24/7';
  if (hours.weekly.length === 0) return 'No regular hours';
  const byTimes = new Map<string, number[]>();
  for (const s of hours.weekly) {
    const key = `${s.opens}-${s.closes}`;
    byTimes.set(key, [...(byTimes.get(key) ?? []), s.day]);
  }
  const groups = [...byTimes.entries()].map(([times, days]) => ({ times, days: [...new Set(days)].sort() }));
  groups.sort((a, b) => (a.days[0] ?? 0) - (b.days[0] ?? 0));
  return groups.map((g) => `${dayRanges(g.days)} ${g.times}`).join('; ');
}

function dayRanges(days: number[]): string {
  if (days.length === 7) return 'Daily';
  const ranges: string[] = [];
  let start = days[0];
  for (let i = 0; i < days.length; i++) {
    const d = days[i] ?? 0;
    const next = days[i + 1];
    if (next !== d + 1) {
      const name = (n: number) => DAY_NAMES[n - 1] ?? '';
      ranges.push(start === d ? name(d) : `${name(start ?? d)}-${name(d)}`);
      start = next;
    }
  }
  return ranges.join(',');
}
