import { formatAgo, formatExact } from '../../lib/time';

const dateFormat = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', dateStyle: 'medium' });
const WEEK_MS = 7 * 24 * 60 * 60_000;

/**
 * A past moment as people scan it ("12 min ago"; a date once it is over a week old), with the exact
 * Europe/London time in the tooltip and in `dateTime` for anyone who needs to be precise.
 */
export function When({ iso, now }: { iso: string; now: number }) {
  const isOld = now - new Date(iso).getTime() > WEEK_MS;
  return (
    <time dateTime={iso} title={formatExact(iso)}>
      {isOld ? dateFormat.format(new Date(iso)) : formatAgo(iso, now)}
    </time>
  );
}
