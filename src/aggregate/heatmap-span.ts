// Pure: the one limit on a heatmap's span, shared by GET /v1/heatmap and `painmap heatmap`. The grid
// is dense (every bucket of the span is written, a quiet one as zeros, ~135 cells of ~190 bytes of
// JSON each), so `bucket=day` over decades would be hundreds of megabytes built in memory and sent.
// 1,000 buckets is over 2½ years by day, 19 by week, 83 by month: ~25 MB of JSON at most.
import type { Bucket } from './heatmap.query.js';

export const MAX_HEATMAP_BUCKETS = 1_000;

/** A heatmap the request cannot have; the API answers 400 with its message, the CLI prints it. */
export class HeatmapSpanError extends Error {
  readonly statusCode = 400;
}

const DAY_MS = 86_400_000;
const dayNumber = (day: string) => Date.parse(`${day}T00:00:00Z`) / DAY_MS;
const UNIT_NAME: Record<Bucket, string> = { day: 'days', week: 'weeks', month: 'months' };

/** How many buckets the grid fills from the bucket holding `from` to the one holding `to` (bucketStarts). */
export function countBuckets(bucket: Bucket, from: string, to: string): number {
  // Buckets numbered from an origin: days, weeks from Monday 1970-01-05 (ISO weeks, as date_trunc), months.
  const number = (day: string) => {
    if (bucket === 'day') return dayNumber(day);
    if (bucket === 'week') return Math.floor((dayNumber(day) - 4) / 7);
    return Number(day.slice(0, 4)) * 12 + Number(day.slice(5, 7));
  };
  return Math.max(0, number(to) - number(from) + 1);
}

/** Refuses a span of more than MAX_HEATMAP_BUCKETS buckets (the formatters check the span they fill). */
export function checkBucketCount(bucket: Bucket, from: string, to: string): void {
  const count = countBuckets(bucket, from, to);
  if (count > MAX_HEATMAP_BUCKETS) {
    throw new HeatmapSpanError(
      `${from} to ${to} is ${count.toLocaleString('en-US')} ${UNIT_NAME[bucket]}, over the heatmap's limit of ` +
        `${MAX_HEATMAP_BUCKETS.toLocaleString('en-US')} buckets: narrow from/to or choose a longer bucket (week, month)`,
    );
  }
}

/** A request's range before any read: `from` not after `to`, and not too many buckets between them. */
export function checkHeatmapRange(range: { bucket: Bucket; from?: string; to?: string }): void {
  const { bucket, from, to } = range;
  if (from === undefined || to === undefined) return;
  if (from > to)
    throw new HeatmapSpanError(
      `from (${from}) is after to (${to}): the range must start on or before its end`,
    );
  checkBucketCount(bucket, from, to);
}
