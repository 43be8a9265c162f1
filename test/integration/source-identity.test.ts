// Source identity (issue 14): items of a configured source are keyed by its name, so two Zendesk
// accounts whose ticket ids collide keep both tickets; migration 0009 moves rows stored under the
// format's name without losing or doubling any, and the aggregates stay equal to a recomputation.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Worker } from 'bullmq';
import { type Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestFile } from '../../src/pipeline/ingest-file.js';
import { waitForRuns } from '../../src/pipeline/wait.js';
import { jobsForOpenPulls } from '../../src/queue/graph.js';
import { createRuntime, type Runtime } from '../../src/runtime.js';
import { findAggregateDrift } from '../../src/storage/aggregates.repository.js';
import { migrateToLatest } from '../../src/storage/migrate.js';
import { insertManualPullRun } from '../../src/storage/sources.repository.js';
import {
  closeTestRuntime,
  createScratchDb,
  createTestDb,
  silentLog,
  startTestWorkers,
  type TestDb,
  testConfig,
} from './helpers.js';
import { FakeApis } from './nightly-apis.js';

const ENV = { eu: 'SOURCE_IDENTITY_EU_TOKEN', us: 'SOURCE_IDENTITY_US_TOKEN' };

describe('two Zendesk accounts with colliding ticket ids', () => {
  let t: TestDb;
  let rt: Runtime;
  let workers: Worker[];
  let dir: string;
  const eu = new FakeApis();
  const us = new FakeApis();

  beforeAll(async () => {
    await eu.start();
    await us.start();
    dir = mkdtempSync(join(tmpdir(), 'painmap-source-identity-'));
    const sourcesFile = join(dir, 'sources.yml');
    const account = (name: string, env: string, base: string) => `
  - name: ${name}
    type: zendesk
    subdomain: ${name}
    email: ops@acme.example
    tokenEnv: ${env}
    baseUrl: ${base}`;
    writeFileSync(
      sourcesFile,
      `sources:${account('zd-eu', ENV.eu, eu.base)}${account('zd-us', ENV.us, us.base)}\n`,
    );
    process.env[ENV.eu] = eu.tokens.zendesk;
    process.env[ENV.us] = us.tokens.zendesk;
    t = await createTestDb();
    rt = await createRuntime(testConfig({ PAINMAP_SOURCES: sourcesFile }, t.url), {
      role: 'worker',
      name: 'painmap-test',
      log: silentLog,
    });
    workers = startTestWorkers(rt);
  });

  afterAll(async () => {
    await closeTestRuntime(rt, workers);
    await t.drop();
    await eu.stop();
    await us.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const ticket = (id: number, text: string) => ({
    id,
    created_at: '2026-05-04T09:00:00Z',
    updated_at: '2026-05-04T10:00:00Z',
    subject: `Ticket ${id}`,
    description: text,
    requester_id: 7000 + id,
    via: { channel: 'email' },
  });

  async function pull(source: string) {
    const runId = await insertManualPullRun(rt.db, source);
    await rt.dispatcher.dispatch(jobsForOpenPulls([runId]));
    await waitForRuns(rt, [runId], { timeoutMs: 30_000 });
  }

  it('keeps both accounts’ tickets under their source names, the format beside them', async () => {
    eu.ticketLog.push(ticket(1, 'The parcel to Lyon arrived broken.'), ticket(2, 'Refund never came.'));
    us.ticketLog.push(ticket(1, 'Checkout rejects my card.'), ticket(2, 'The app logs me out.'));
    await pull('zd-eu');
    await pull('zd-us');
    const rows = await rt.db
      .selectFrom('feedback_items')
      .select(['source', 'format', 'external_id', 'text'])
      .orderBy('source')
      .orderBy('external_id')
      .execute();
    expect(rows.map((r) => [r.source, r.format, r.external_id])).toEqual([
      ['zd-eu', 'zendesk', '1'],
      ['zd-eu', 'zendesk', '2'],
      ['zd-us', 'zendesk', '1'],
      ['zd-us', 'zendesk', '2'],
    ]);
    expect(rows[0]!.text).toContain('Lyon');
    expect(rows[2]!.text).toContain('Checkout');
    expect(await findAggregateDrift(rt.db)).toEqual([]);
  });

  it('a survey file stored under --as keeps the format and each answer’s question', async () => {
    const path = fileURLToPath(
      new URL('../../fixtures/exports/google-forms-course-survey.csv', import.meta.url),
    );
    const result = await ingestFile(rt, { path, options: { sourceName: 'course-feedback' } });
    await waitForRuns(rt, [result.runId], { timeoutMs: 30_000 });
    const stored = await rt.db
      .selectFrom('feedback_items')
      .select(['source', 'format', 'question'])
      .where('source', '=', 'course-feedback')
      .execute();
    expect(stored).toHaveLength(29);
    expect(stored.every((r) => r.format === 'google-forms')).toBe(true);
    expect(
      stored.filter((r) => r.question === 'Is there one change to the course you would ask for?'),
    ).toHaveLength(11);
    expect(await findAggregateDrift(rt.db)).toEqual([]);
  });
});

/** Old rows as the code before 0009 wrote them: pull items under the format's name. */
async function seedBefore0009(db: Kysely<any>): Promise<void> {
  await sql`
    insert into ingest_runs (id, kind, source, format, state) values
      (1, 'pull', 'zd-eu', 'zendesk-json', 'done'),
      (2, 'pull', 'zd-us', 'zendesk-json', 'done'),
      (3, 'file', 'survey', 'generic-csv', 'done'),
      (4, 'file', 'drop', 'zendesk-csv', 'done'),
      (5, 'file', 'kiosks', 'generic-csv', 'done'),
      (6, 'file', 'zd-eu', 'generic-csv', 'done')`.execute(db);
  await sql`
    insert into source_files (source, sha256, path, bytes, file_run_id) values
      ('drop', 'a1', 'tickets.csv', 10, 4), ('kiosks', 'b2', 'kiosk.csv', 10, 5)`.execute(db);
  // [source, external_id, run, day, sentiment]
  const rows: Array<[string, string, number, string, string]> = [
    ['zendesk', '1', 1, '2026-05-04', 'negative'],
    ['zendesk', '2', 1, '2026-05-05', 'positive'],
    ['zendesk', '3', 1, '2026-05-05', 'negative'],
    ['zendesk', '4', 2, '2026-05-11', 'negative'],
    ['zendesk', '10', 4, '2026-05-11', 'neutral'],
    ['survey', 's-1', 3, '2026-05-04', 'negative'],
    ['kiosk', 'k-1', 5, '2026-05-05', 'positive'],
    // Stored under the name before (`--as zd-eu`): ticket 3 of zd-eu cannot move onto it.
    ['zd-eu', '3', 6, '2026-05-05', 'negative'],
  ];
  for (const [source, id, run, day, label] of rows) {
    const score = label === 'negative' ? -0.6 : label === 'positive' ? 0.7 : 0;
    await sql`
      insert into feedback_items (source, external_id, content_hash, received_at, received_day, text, segment,
        sentiment_label, sentiment_score, stage, touchpoint, taxonomy_version, tagger_version, ingest_run_id,
        customer_id)
      values (${source}, ${id}, ${`h-${source}-${id}`}, ${`${day}T10:00:00Z`}, ${day}, ${`text ${source} ${id}`},
        '{"region":"eu"}', ${label}, ${score}, 'fulfilment', 'delivery', 't1', 'g1', ${run}, ${`c-${id}`})`.execute(
      db,
    );
    await sql`
      insert into feedback_mentions (item_id, ordinal, start_offset, end_offset, stage, touchpoint,
        sentiment_label, sentiment_score, evidence)
      select id, 0, 0, 4, 'fulfilment', 'delivery', ${label}, ${score}, '[]'::json from feedback_items
      where source = ${source} and external_id = ${id}`.execute(db);
  }
  await sql`insert into pain_point_daily select * from pain_point_daily_recomputed`.execute(db);
  await sql`
    insert into pain_point_weekly
    select date_trunc('week', day)::date, stage, touchpoint, source, segment, sum(mentions), sum(negative),
           sum(neutral), sum(positive), sum(sentiment_sum), sum(negative_intensity_sum), sum(items)
    from pain_point_daily group by 1, stage, touchpoint, source, segment`.execute(db);
}

/**
 * The oracle over the tables that exist at 0008 (findAggregateDrift also checks 0013's cell tables):
 * pain_point_daily rows against the recomputation, pain_point_weekly against the days by week.
 */
async function countDriftAt0008(db: Kysely<any>): Promise<number> {
  const daily = sql`select day, stage, touchpoint, source, segment, mentions, negative, neutral, positive, items`;
  const weekly = sql`select week, stage, touchpoint, source, segment, mentions, negative, neutral, positive, items
    from pain_point_weekly`;
  const days = sql`select date_trunc('week', day)::date, stage, touchpoint, source, segment, sum(mentions)::int,
      sum(negative)::int, sum(neutral)::int, sum(positive)::int, sum(items)::int
    from pain_point_daily group by 1, stage, touchpoint, source, segment`;
  const result = await sql<{ n: number }>`
    select count(*)::int as n from (
      (${daily} from pain_point_daily except ${daily} from pain_point_daily_recomputed)
      union all (${daily} from pain_point_daily_recomputed except ${daily} from pain_point_daily)
      union all (${weekly} except ${days})
      union all (${days} except ${weekly})) d`.execute(db);
  return result.rows[0]!.n;
}

describe('migration 0009', () => {
  it('moves pull and drop-folder rows to their source names: 0 lost, 0 duplicated, aggregates equal a recomputation', async () => {
    const scratch = await createScratchDb();
    const { db, migrator } = scratch;
    const snapshot = async () =>
      (
        await sql<{ id: number; external_id: string; text: string }>`
          select id::int, external_id, text from feedback_items order by id`.execute(db)
      ).rows;
    try {
      expect((await migrator.migrateTo('0008_weekly_rollup')).error).toBeUndefined();
      await seedBefore0009(db as Kysely<any>);
      expect(await countDriftAt0008(db as Kysely<any>)).toBe(0);
      const before = await snapshot();
      await migrateToLatest(db);
      const after = await snapshot();
      // Every row is still there, once, with its id and text: 0 lost, 0 duplicated.
      expect(after).toEqual(before);
      const keys = await sql<{ n: number; distinct_keys: number }>`
        select count(*)::int as n, count(distinct (source, external_id))::int as distinct_keys
        from feedback_items`.execute(db);
      expect(keys.rows[0]).toEqual({ n: before.length, distinct_keys: before.length });
      const rows = await db
        .selectFrom('feedback_items')
        .select(['source', 'format', 'external_id'])
        .orderBy('source')
        .orderBy('external_id')
        .execute();
      expect(rows.map((r) => [r.source, r.format, r.external_id])).toEqual([
        ['drop', 'zendesk', '10'],
        ['kiosk', 'kiosk', 'k-1'],
        ['survey', 'survey', 's-1'],
        ['zd-eu', 'zendesk', '1'],
        ['zd-eu', 'zendesk', '2'],
        ['zd-eu', 'zd-eu', '3'],
        ['zd-us', 'zendesk', '4'],
        ['zendesk', 'zendesk', '3'],
      ]);
      expect(await findAggregateDrift(db)).toEqual([]);
      const daily = await sql<{ source: string; mentions: number }>`
        select source, sum(mentions)::int as mentions from pain_point_daily group by source order by source`.execute(
        db,
      );
      expect(daily.rows).toEqual([
        { source: 'drop', mentions: 1 },
        { source: 'kiosk', mentions: 1 },
        { source: 'survey', mentions: 1 },
        { source: 'zd-eu', mentions: 3 },
        { source: 'zd-us', mentions: 1 },
        { source: 'zendesk', mentions: 1 },
      ]);
    } finally {
      await scratch.drop();
    }
  });
});
