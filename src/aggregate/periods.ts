// Pure: UTC calendar arithmetic for analysis periods (whole days, weeks from Monday, months).
import type { Bucket } from './heatmap.query.js';

/** Inclusive UTC dates, YYYY-MM-DD. */
export interface Period {
  from: string;
  to: string;
}

const DAY_MS = 86_400_000;
const parse = (day: string) => new Date(`${day}T00:00:00Z`);
const show = (d: Date) => d.toISOString().slice(0, 10);

export function addDays(day: string, days: number): string {
  return show(new Date(parse(day).getTime() + days * DAY_MS));
}

/** Whole days from `from` to `to`, both included (0 when `to` is before `from`). */
export function daysBetween(from: string, to: string): number {
  return Math.max(0, Math.round((parse(to).getTime() - parse(from).getTime()) / DAY_MS) + 1);
}

/** Every day of a period, in order. */
export function daysOf(period: Period): string[] {
  return Array.from({ length: daysBetween(period.from, period.to) }, (_, i) => addDays(period.from, i));
}

/** The bucket (day, ISO week from Monday, or month) that contains `day`. */
export function bucketOf(bucket: Bucket, day: string): Period {
  const d = parse(day);
  if (bucket === 'day') return { from: day, to: day };
  if (bucket === 'week') {
    const from = addDays(day, -((d.getUTCDay() + 6) % 7));
    return { from, to: addDays(from, 6) };
  }
  const from = show(new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1)));
  const to = show(new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)));
  return { from, to };
}

/** The last whole bucket that ends on or before `asOf` (the bucket of `asOf` if it ends that day). */
export function lastWholeBucket(bucket: Bucket, asOf: string): Period {
  const containing = bucketOf(bucket, asOf);
  return containing.to === asOf ? containing : bucketOf(bucket, addDays(containing.from, -1));
}

/** The `count` buckets just before `period`, oldest first. */
export function bucketsBefore(bucket: Bucket, period: Period, count: number): Period[] {
  const out: Period[] = [];
  let cursor = period.from;
  for (let i = 0; i < count; i++) {
    const previous = bucketOf(bucket, addDays(cursor, -1));
    out.unshift(previous);
    cursor = previous.from;
  }
  return out;
}

/** The period of the same length just before `period`. */
export function previousPeriod(period: Period): Period {
  const length = daysBetween(period.from, period.to);
  return { from: addDays(period.from, -length), to: addDays(period.from, -1) };
}

/** The `count` whole weeks (Monday to Sunday) ending with the last whole week on or before `asOf`. */
export function lastWholeWeeks(count: number, asOf: string): Period {
  const last = lastWholeBucket('week', asOf);
  return { from: addDays(last.from, -7 * (count - 1)), to: last.to };
}
