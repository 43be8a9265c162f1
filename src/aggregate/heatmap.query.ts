// The heatmap: stage × touchpoint cells per time bucket, from pain_point_daily only.
import { sql } from 'kysely';
import type { Db } from '../storage/db.js';

export const BUCKETS = ['day', 'week', 'month'] as const;
export type Bucket = (typeof BUCKETS)[number];

export interface HeatmapFilter {
  bucket: Bucket;
  /** Inclusive UTC dates, YYYY-MM-DD. */
  from?: string;
  to?: string;
  source?: string;
  /** Items whose segment contains all these key/value pairs. */
  segment?: Record<string, string>;
}

export interface HeatmapRow {
  bucket_start: string;
  stage: string;
  touchpoint: string;
  mentions: number;
  negative: number;
  neutral: number;
  positive: number;
  sentiment_sum: number;
  negative_intensity_sum: number;
  items: number;
}

// Bucket units come from this allowlist only, never from the request.
const UNIT: Record<Bucket, string> = { day: 'day', week: 'week', month: 'month' };

export async function queryHeatmap(db: Db, filter: HeatmapFilter): Promise<HeatmapRow[]> {
  const unit = UNIT[filter.bucket];
  const result = await sql<HeatmapRow>`
    select date_trunc(${unit}, day::timestamp)::date::text as bucket_start, stage, touchpoint,
           sum(mentions)::int as mentions, sum(negative)::int as negative, sum(neutral)::int as neutral,
           sum(positive)::int as positive, sum(sentiment_sum)::float8 as sentiment_sum,
           sum(negative_intensity_sum)::float8 as negative_intensity_sum,
           sum(items)::int as items
    from pain_point_daily
    where true
      ${filter.from ? sql`and day >= ${filter.from}::date` : sql``}
      ${filter.to ? sql`and day <= ${filter.to}::date` : sql``}
      ${filter.source ? sql`and source = ${filter.source}` : sql``}
      ${filter.segment && Object.keys(filter.segment).length > 0 ? sql`and segment @> ${JSON.stringify(filter.segment)}::jsonb` : sql``}
    group by 1, stage, touchpoint
    order by 1, stage, touchpoint`.execute(db);
  return result.rows;
}
