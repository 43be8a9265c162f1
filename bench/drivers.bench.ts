// GET /v1/drivers' work (the respondent counts in Postgres, then the ranking and bootstrap in Node)
// over N items generated straight into Postgres: a year, a third each NPS survey answers, star
// reviews and unrated tickets; ratings lower when the item complains; 1.5 mentions an item.
import { sql } from 'kysely';
import type { CellFilter } from '../src/aggregate/cell-days.query.js';
import { rankDrivers } from '../src/aggregate/drivers.format.js';
import { queryDriverCounts } from '../src/aggregate/drivers.query.js';
import type { Period } from '../src/aggregate/periods.js';
import type { Db } from '../src/storage/db.js';
import { ensureMonthPartitionsBetween, recordItemKeys } from '../src/storage/partitions.repository.js';
import { createBenchDb, percentile, withGenericPlans } from './lib/env.js';

const STAGES = `array['awareness','consideration','purchase','fulfilment','onboarding','usage','support','retention','advocacy']`;
const TOUCHPOINTS = `array['website','mobile_app','account_login','checkout','billing','delivery','product','email',
  'notifications','phone_support','live_chat','email_support','help_center','store','social_media']`;

/** Sentences the dashboard bench's items are made of (two an item), so verbatim search has words to find. */
const PHRASES = `array['The delivery was two days late','the box was crushed','support sorted it out quickly',
  'I was charged twice for my subscription','the app keeps crashing when I log in','checkout was smooth',
  'still waiting for my new card','love the product','help centre articles are outdated','setting up was easy']`;

/**
 * `dashboard`: item text from PHRASES instead of one word for every item (the dashboard bench searches
 * it), and a segment of plan × region drawn apart from the cell (12 combinations in every cell, as real
 * segments spread), instead of a plan that follows the item's number as its cell does.
 */
export async function loadRatedItems(db: Db, items: number, dashboard = false): Promise<void> {
  const text = dashboard
    ? sql`(${sql.raw(PHRASES)})[1 + i % 10] || '. ' || (${sql.raw(PHRASES)})[1 + (i / 10) % 10] || '.'`
    : sql`'generated'`;
  const segment = dashboard
    ? sql`jsonb_build_object('plan', (array['free','plus','pro'])[1 + abs(hashint4(i)) % 3],
        'region', (array['north','south','east','west'])[1 + abs(hashint4(i + 1)) % 4])`
    : sql`jsonb_build_object('plan', (array['free','plus','pro'])[1 + (i / 3) % 3])`;
  await ensureMonthPartitionsBetween(db, '2025-01-06', '2026-01-05');
  await sql`
    insert into feedback_items (source, format, external_id, content_hash, received_at, received_day, text, segment,
      sentiment_label, sentiment_score, stage, touchpoint, taxonomy_version, tagger_version, customer_id, rating,
      rating_scale)
    select source, source, 'g-' || i, 'h', ts, (ts at time zone 'UTC')::date, ${text},
           ${segment},
           case when negative then 'negative' else 'positive' end, case when negative then -0.6 else 0.4 end,
           (${sql.raw(STAGES)})[1 + i % 9], (${sql.raw(TOUCHPOINTS)})[1 + (i / 9) % 15], 't', 'g', 'c-' || (i % 200000),
           case source when 'survey' then case when negative then i % 7 else 7 + i % 4 end
                       when 'app-review' then case when negative then 1 + i % 2 else 4 + i % 2 end end,
           case source when 'survey' then 'nps' when 'app-review' then 'stars5' end
    from (select i, (array['survey','app-review','support-ticket'])[1 + i % 3] as source, i % 4 = 0 as negative,
                 timestamptz '2025-01-06 00:00Z' + (i::double precision / ${items} * 364 * interval '1 day') as ts
          from generate_series(0, ${items - 1}) as i) g`.execute(db);
  await withGenericPlans(db, async (trx) => {
    await recordItemKeys(trx);
    // Ordinal 0 in the item's cell with its label; every other item a second clause elsewhere.
    await sql`
    insert into feedback_mentions (item_id, ordinal, start_offset, end_offset, stage, touchpoint, sentiment_label, sentiment_score,
      received_day)
    select id, 0, 0, 9, stage, touchpoint, sentiment_label, sentiment_score, received_day from feedback_items
    union all
    select id, 1, 10, 19, (${sql.raw(STAGES)})[1 + (id + 3) % 9], (${sql.raw(TOUCHPOINTS)})[1 + (id / 7) % 15],
           case when id % 5 = 0 then 'negative' else 'positive' end, case when id % 5 = 0 then -0.5 else 0.3 end, received_day
    from feedback_items where id % 2 = 0`.execute(trx);
  });
  await sql`vacuum analyze`.execute(db);
}

/** p50 and p95 of the whole call, and the share of it spent in Postgres (the rest is the bootstrap). */
async function timeDrivers(db: Db, period: Period, runs: number, filter?: CellFilter) {
  const whole: number[] = [];
  const query: number[] = [];
  let respondents = 0;
  for (let i = 0; i < runs + 2; i++) {
    const t0 = performance.now();
    const counts = await queryDriverCounts(db, period, filter);
    const t1 = performance.now();
    rankDrivers(counts, { top: 10 });
    if (i >= 2) {
      whole.push(performance.now() - t0);
      query.push(t1 - t0);
    }
    respondents = counts.ratings.filter((r) => r.stage === null).reduce((n, r) => n + r.respondents, 0);
  }
  whole.sort((a, b) => a - b);
  query.sort((a, b) => a - b);
  return {
    respondents,
    p50: percentile(whole, 50),
    p95: percentile(whole, 95),
    queryP50: percentile(query, 50),
    queryP95: percentile(query, 95),
  };
}

export async function benchDrivers(adminUrl: string, items: number, runs = 20) {
  const bench = await createBenchDb(adminUrl);
  const db = bench.db;
  const t0 = performance.now();
  await loadRatedItems(db, items);
  const loadS = (performance.now() - t0) / 1000;
  const periods: Array<[string, Period, number]> = [
    ['week', { from: '2025-12-29', to: '2026-01-04' }, runs],
    ['month', { from: '2025-12-01', to: '2025-12-31' }, runs],
    ['quarter', { from: '2025-10-01', to: '2025-12-31' }, Math.max(3, Math.round(runs / 4))],
  ];
  const results = [];
  for (const [period, range, n] of periods)
    results.push({ period, runs: n, ...(await timeDrivers(db, range, n)) });
  const proMonth = await timeDrivers(db, periods[1]![1], runs, { segment: { plan: 'pro' } });
  await bench.drop();
  return { items, loadS, periods: results, proMonth };
}
