// Heatmap latency over N items generated straight into Postgres: from pain_point_daily (what the
// CLI and API use) beside the same heatmap grouped from the raw mentions, for contrast.
import { sql } from 'kysely';
import { queryHeatmap } from '../src/aggregate/heatmap.query.js';
import { rollUpFromDays } from '../src/storage/aggregates.repository.js';
import { ensureMonthPartitionsBetween, recordItemKeys } from '../src/storage/partitions.repository.js';
import { createBenchDb, percentile } from './lib/env.js';

export async function benchQuery(adminUrl: string, items: number) {
  const bench = await createBenchDb(adminUrl);
  const db = bench.db;
  const t0 = performance.now();
  await ensureMonthPartitionsBetween(db, '2025-01-06', '2026-01-05');
  // One mention per item, 52 weeks, 9 stages × 15 touchpoints, 3 sources, 3 plans.
  await sql`
    insert into feedback_items (source, format, external_id, content_hash, received_at, received_day, text, segment,
      sentiment_label, sentiment_score, stage, touchpoint, taxonomy_version, tagger_version, customer_id)
    select (array['survey','app-review','support-ticket'])[1 + i % 3],
           (array['survey','app-review','support-ticket'])[1 + i % 3], 'g-' || i, 'h', ts, (ts at time zone 'UTC')::date,
           'generated', jsonb_build_object('plan', (array['free','plus','pro'])[1 + i % 3]),
           case when i % 4 = 0 then 'negative' else 'positive' end, case when i % 4 = 0 then -0.6 else 0.4 end,
           (array['awareness','consideration','purchase','fulfilment','onboarding','usage','support','retention','advocacy'])[1 + i % 9],
           (array['website','mobile_app','account_login','checkout','billing','delivery','product','email','notifications',
                  'phone_support','live_chat','email_support','help_center','store','social_media'])[1 + (i / 9) % 15],
           't', 'g', 'c-' || (i % 200000)
    from (select i, timestamptz '2025-01-06 00:00Z' + (i::double precision / ${items} * 364 * interval '1 day') as ts
          from generate_series(0, ${items - 1}) as i) g`.execute(db);
  await recordItemKeys(db);
  await sql`
    insert into feedback_mentions (item_id, ordinal, start_offset, end_offset, stage, touchpoint, sentiment_label, sentiment_score,
      received_day)
    select id, 0, 0, 9, stage, touchpoint, case when sentiment_label = 'negative' then 'negative' else 'positive' end, sentiment_score,
      received_day
    from feedback_items`.execute(db);
  await sql`insert into pain_point_daily select * from pain_point_daily_recomputed`.execute(db);
  await rollUpFromDays(db);
  // A steady-state database: vacuumed and analysed, so no autovacuum of the fresh load runs beside the timings.
  await sql`vacuum analyze`.execute(db);
  const loadS = (performance.now() - t0) / 1000;

  const filter = { bucket: 'week' as const, from: '2025-01-06', to: '2026-01-04' };
  const daily: number[] = [];
  for (let i = 0; i < 55; i++) {
    const t = performance.now();
    const rows = await queryHeatmap(db, filter);
    if (i >= 5) daily.push(performance.now() - t);
    if (rows.length === 0) throw new Error('bench: empty heatmap');
  }
  const raw: number[] = [];
  for (let i = 0; i < 3; i++) {
    const t = performance.now();
    await sql`
      select date_trunc('week', i.received_day::timestamp)::date as bucket_start, m.stage, m.touchpoint, count(*),
             count(*) filter (where m.sentiment_label = 'negative')
      from feedback_mentions m join feedback_items i on i.id = m.item_id
      where i.received_day between '2025-01-06' and '2026-01-04' group by 1, 2, 3`.execute(db);
    raw.push(performance.now() - t);
  }
  await bench.drop();
  daily.sort((a, b) => a - b);
  raw.sort((a, b) => a - b);
  return {
    items,
    loadS,
    dailyP50Ms: percentile(daily, 50),
    dailyP95Ms: percentile(daily, 95),
    rawMedianMs: percentile(raw, 50),
  };
}
