// `npx tsx bench/privacy.bench.ts`: erasure and retention on N generated items (BENCH_PRIVACY_ITEMS,
// default 1,000,000) over 18 months, each with one mention, their durable batches (500 items a
// payload, as ingest writes them) and true aggregates, in a fresh database on the test Postgres.
// Prints how long `forget` of one customer takes (it scans feedback_items and every batch payload:
// no index on customer_id, by choice) and retention's rate and longest transaction; checks the
// aggregates against a recomputation after each. Results go to bench/results/privacy-*.json.
import { mkdirSync, writeFileSync } from 'node:fs';
import { sql } from 'kysely';
import { forget } from '../src/pipeline/forget.js';
import { runRetention } from '../src/pipeline/retention.js';
import { countAggregateDrift, rollUpFromDays } from '../src/storage/aggregates.repository.js';
import type { Db } from '../src/storage/db.js';
import { ensureMonthPartitionsBetween, recordItemKeys } from '../src/storage/partitions.repository.js';
import { loadSpreadFromMentions } from '../src/storage/stage-spread.repository.js';
import { createBenchDb, findServices, withGenericPlans } from './lib/env.js';

const items = Number(process.env.BENCH_PRIVACY_ITEMS ?? 1_000_000);
const now = new Date('2026-12-03T12:00:00Z');
const seconds = (from: number) => (performance.now() - from) / 1000;

async function load(db: Db): Promise<void> {
  await ensureMonthPartitionsBetween(db, '2025-06-03', '2026-12-03');
  await sql`
    insert into feedback_items (source, format, external_id, content_hash, received_at, received_day, text, segment,
      sentiment_label, sentiment_score, stage, touchpoint, taxonomy_version, tagger_version, customer_id)
    select (array['survey','app-review','support-ticket'])[1 + i % 3], (array['survey','app-review','support-ticket'])[1 + i % 3],
           'g-' || i, 'h', ts, (ts at time zone 'UTC')::date,
           'The delivery was two days late and the box was crushed, but support sorted it out quickly.',
           jsonb_build_object('plan', (array['free','plus','pro'])[1 + i % 3]),
           case when i % 4 = 0 then 'negative' else 'positive' end, case when i % 4 = 0 then -0.6 else 0.4 end,
           (array['purchase','fulfilment','usage','support'])[1 + i % 4],
           (array['checkout','delivery','mobile_app','phone_support','billing'])[1 + (i / 4) % 5],
           't', 'g', 'c-' || (i % 200000)
    from (select i, timestamptz '2025-06-03 00:00Z' + (i::double precision / ${items} * 548 * interval '1 day') as ts
          from generate_series(0, ${items - 1}) as i) g`.execute(db);
  await withGenericPlans(db, async (trx) => {
    await recordItemKeys(trx);
    await sql`
      insert into feedback_mentions (item_id, ordinal, start_offset, end_offset, stage, touchpoint, sentiment_label,
        sentiment_score, received_day)
      select id, 0, 0, 30, stage, touchpoint, sentiment_label, sentiment_score, received_day from feedback_items`.execute(
      trx,
    );
  });
  await sql`insert into ingest_runs (id, kind, source, state) values (1, 'api', 'bench', 'done')`.execute(db);
  await sql`
    insert into ingest_batches (run_id, seq, items, item_count, state, oldest_received_at)
    select 1, b + 1, jsonb_agg(jsonb_build_object('source', source, 'externalId', external_id,
             'receivedAt', received_at, 'text', text, 'customerId', customer_id, 'segment', segment) order by id),
           count(*), 'done', min(received_at)
    from (select *, (id - 1) / 500 as b from feedback_items) f group by b`.execute(db);
  await sql`insert into pain_point_daily select * from pain_point_daily_recomputed`.execute(db);
  await rollUpFromDays(db);
  await loadSpreadFromMentions(db);
  await sql`vacuum analyze`.execute(db);
}

const { adminUrl } = findServices();
const bench = await createBenchDb(adminUrl);
const db = bench.db;
try {
  const t0 = performance.now();
  await load(db);
  const loadS = seconds(t0);
  console.log(`loaded ${items.toLocaleString('en-US')} items over 18 months in ${loadS.toFixed(1)} s`);

  const t1 = performance.now();
  const dry = await forget(db, {
    selector: { kind: 'customer', customerId: 'c-4242' },
    actor: 'bench',
    dryRun: true,
  });
  const forgetDryS = seconds(t1);
  const t2 = performance.now();
  const erased = await forget(db, { selector: { kind: 'customer', customerId: 'c-4242' }, actor: 'bench' });
  const forgetS = seconds(t2);
  const driftAfterForget = await countAggregateDrift(db);
  console.log(
    `forget one customer (${erased.counts.items} items, ${erased.counts.batchItems} batch copies): ` +
      `${forgetS.toFixed(2)} s in one transaction (dry run ${forgetDryS.toFixed(2)} s); drift ${driftAfterForget}`,
  );
  if (dry.counts.items !== erased.counts.items) throw new Error('bench: dry run and run disagree');

  const pages: number[] = [];
  let last = performance.now();
  const t3 = performance.now();
  const retention = await runRetention(db, {
    months: 12,
    now,
    actor: 'bench',
    onProgress: () => {
      pages.push(performance.now() - last);
      last = performance.now();
    },
  });
  const retentionS = seconds(t3);
  const driftAfterRetention = await countAggregateDrift(db);
  pages.sort((a, b) => a - b);
  const result = {
    at: new Date().toISOString(),
    items,
    loadS,
    forget: {
      items: erased.counts.items,
      batchItems: erased.counts.batchItems,
      seconds: forgetS,
      dryRunSeconds: forgetDryS,
    },
    retention: {
      cutoffDay: retention.cutoffDay,
      items: retention.counts.items,
      batchItems: retention.counts.batchItems,
      seconds: retentionS,
      itemsPerSecond: retention.counts.items / retentionS,
      transactions: retention.transactions,
      medianPageMs: pages[Math.floor(pages.length / 2)] ?? 0,
      longestPageMs: pages.at(-1) ?? 0,
    },
    drift: { afterForget: driftAfterForget, afterRetention: driftAfterRetention },
  };
  console.log(
    `retention to ${retention.cutoffDay}: ${retention.counts.items.toLocaleString('en-US')} items and ` +
      `${retention.counts.batchItems.toLocaleString('en-US')} batch copies in ${retentionS.toFixed(1)} s ` +
      `(${Math.round(result.retention.itemsPerSecond).toLocaleString('en-US')} items/s), ${retention.transactions} transactions, ` +
      `median ${result.retention.medianPageMs.toFixed(0)} ms, longest ${result.retention.longestPageMs.toFixed(0)} ms; drift ${driftAfterRetention}`,
  );
  mkdirSync('bench/results', { recursive: true });
  const file = `bench/results/privacy-${result.at.slice(0, 19).replaceAll(':', '-')}.json`;
  writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
  console.log(`results: ${file}`);
} finally {
  await bench.drop();
}
