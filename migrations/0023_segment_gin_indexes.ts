// Frozen in time: takes Kysely<any>, imports nothing from the app.
// painmap reads a segment-filtered heatmap (`segment=plan:pro`) from pain_point_weekly and
// pain_point_daily with `segment @> '{"plan":"pro"}'`, which no index served: a 52-week heatmap
// scanned all 168,000 weekly rows at 1M items to keep a third of them. A GIN index (jsonb_path_ops:
// containment only, a hash per key path, smaller than the default opclass) finds the matching rows
// directly, on the daily table as well (day and month buckets, and the partial weeks at a range's
// edges). The per-batch delta upserts these tables on their primary key, which already holds the
// segment, so an update of an existing cell stays HOT; only a new segment cell adds an index entry.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`create index pain_point_weekly_segment_idx
    on pain_point_weekly using gin (segment jsonb_path_ops)`.execute(db);
  await sql`create index pain_point_daily_segment_idx
    on pain_point_daily using gin (segment jsonb_path_ops)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists pain_point_daily_segment_idx`.execute(db);
  await sql`drop index if exists pain_point_weekly_segment_idx`.execute(db);
}
