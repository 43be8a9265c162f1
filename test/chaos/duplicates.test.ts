// Scenario 5: the same file uploaded 10 times at once makes one run and stores its rows once; an
// overlapping re-export with 1,000 edited reviews moves text, tags and aggregates, doubling nothing.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestFile } from '../../src/pipeline/ingest-file.js';
import { loadTagger } from '../../src/pipeline/tagger.js';
import { EDITED_TEXT, writeReviews } from './data.js';
import { SCALE, Scenario } from './harness.js';
import { usePrivateServices } from './services.js';

const services = usePrivateServices();
let s: Scenario;
const N = SCALE.items;
const EDITS = 1_000;
/** The re-export covers the second half of the first one, edits 1,000 of it and adds 1,000 new reviews. */
const overlapFrom = N / 2;
const edited = (i: number) => i >= overlapFrom && i < overlapFrom + EDITS;

beforeAll(async () => {
  s = await Scenario.open('duplicates', services);
  await s.pool.start(2);
});

afterAll(async () => {
  await s.close();
});

const count = async (table: 'feedback_items' | 'ingest_runs' | 'ingest_batches') =>
  (await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)}`.execute(s.rt.db)).rows[0]!.n;

describe('duplicate and overlapping exports', () => {
  let firstIds: string[];

  it('the same file ingested 10 times concurrently makes one run and stores each row once', async () => {
    const { path, ids } = writeReviews('duplicates-first', 0, N);
    firstIds = ids;
    const results = await Promise.all(Array.from({ length: 10 }, () => ingestFile(s.rt, { path })));
    expect(new Set(results.map((r) => r.runId)).size).toBe(1);
    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect(await s.settle([results[0]!.runId])).toBe('done');
    const report = await s.report(ids);
    expect(report).toMatchObject({ lost: 0, duplicated: 0, agg_diff_rows: 0, failed_jobs: 0 });
    expect(await count('ingest_runs')).toBe(1);
    expect(await count('ingest_batches')).toBe(Math.ceil(N / SCALE.batchSize));
    expect(await count('feedback_items')).toBe(N);
  });

  it('an overlapping re-export with 1,000 edits moves text, tags and aggregates and doubles nothing', async () => {
    const negativeBefore = await sql<{ n: number }>`
      select coalesce(sum(negative), 0)::int as n from pain_point_daily`.execute(s.rt.db);
    const { path, ids } = writeReviews('duplicates-second', overlapFrom, N + EDITS, { edited });
    const runId = await s.ingest(path);
    expect(await s.settle([runId])).toBe('done');
    const report = await s.report([...new Set([...firstIds, ...ids])]);
    expect(report).toMatchObject({ lost: 0, duplicated: 0, agg_diff_rows: 0, failed_jobs: 0 });
    const run = await s.rt.db
      .selectFrom('ingest_runs')
      .selectAll()
      .where('id', '=', runId)
      .executeTakeFirstOrThrow();
    expect(run).toMatchObject({ state: 'done', inserted: EDITS, updated: EDITS, unchanged: N / 2 - EDITS });
    expect(await count('feedback_items')).toBe(N + EDITS);
    const changed = await sql<{ n: number; negative: number; stars: number }>`
      select count(*)::int as n,
             count(*) filter (where sentiment_label = 'negative')::int as negative,
             count(*) filter (where rating = 1)::int as stars
      from feedback_items where text = ${EDITED_TEXT}`.execute(s.rt.db);
    expect(changed.rows[0]).toEqual({ n: EDITS, negative: EDITS, stars: EDITS });
    // Exactly the mentions of the new text, none left over from the old one.
    const expected = loadTagger()({
      text: EDITED_TEXT,
      rating: { value: 1, scale: 'stars5' },
      channel: 'review',
      source: 'yelp',
      language: 'en',
    }).mentions.length;
    const mentions = await sql<{ n: number }>`
      select count(*)::int as n from feedback_mentions m join feedback_items i on i.id = m.item_id
      where i.text = ${EDITED_TEXT}`.execute(s.rt.db);
    expect(expected).toBeGreaterThan(0);
    expect(mentions.rows[0]!.n).toBe(EDITS * expected);
    const negativeAfter = await sql<{ n: number }>`
      select coalesce(sum(negative), 0)::int as n from pain_point_daily`.execute(s.rt.db);
    expect(negativeAfter.rows[0]!.n).toBeGreaterThan(negativeBefore.rows[0]!.n);
  });
});
