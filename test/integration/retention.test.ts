// Retention on 18 months of feedback with 12 kept, through the real pipeline (POST /v1/items, BullMQ
// on Redis, Postgres): in-process, through `painmap retention run`, and from `painmap scheduler` at
// start. Nothing received before the cutoff is left (items, mentions, batch copies, old runs' error
// rows, alert quotes) and the aggregates equal a recomputation from the items that are left.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Worker } from 'bullmq';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acceptItems } from '../../src/api/accept-items.js';
import { type RetentionSummary, retentionCutoff, runRetention } from '../../src/pipeline/retention.js';
import { waitForRuns } from '../../src/pipeline/wait.js';
import { createRuntime, type Runtime } from '../../src/runtime.js';
import { countAggregateDrift } from '../../src/storage/aggregates.repository.js';
import {
  closeTestRuntime,
  createTestDb,
  everyRowAsText,
  startTestWorkers,
  type TestDb,
  testConfig,
  waitFor,
} from './helpers.js';
import { cliEnv, runCli, spawnCli, storeAlertQuoting } from './privacy-fixtures.js';

const DAY = 86_400_000;
const SENTENCES = [
  'the parcel arrived a week late and the box was crushed.',
  'checkout failed twice and I was charged twice.',
  'the app crashes every time I open my basket.',
  'nobody answers the phone at support, I waited an hour.',
  'my refund took three weeks to arrive.',
  'great service from the shop staff, thank you.',
];
const SOURCES = ['app-reviews', 'tickets', 'survey'];

let t: TestDb;
let rt: Runtime;
let workers: Worker[];
const cutoff = retentionCutoff(new Date(), 12);
const dir = mkdtempSync(join(tmpdir(), 'painmap-retention-'));

/** Items every `stepDays` from `fromDays` ago to today; old ones (before the cutoff) say "Fossil". */
function spread(prefix: string, fromDays: number, stepDays: number, toDays = 0) {
  const items = [];
  for (let ago = fromDays, i = 0; ago >= toDays; ago -= stepDays, i++) {
    const receivedAt = new Date(Date.now() - ago * DAY).toISOString();
    const old = receivedAt.slice(0, 10) < cutoff;
    const text = `${old ? 'Fossil' : 'Fresh'}${prefix}${i} ${SENTENCES[i % SENTENCES.length]}`;
    items.push({ id: `${prefix}-${i}`, receivedAt, customerId: `cust-${i % 7}`, text });
  }
  return items;
}

async function ingest(source: string, items: unknown[]): Promise<number> {
  const accepted = await acceptItems(rt, { source, items });
  await rt.dispatcher.dispatch(accepted.jobs);
  await waitForRuns(rt, [accepted.runId], { timeoutMs: 60_000 });
  return accepted.runId;
}

const one = async <T>(query: ReturnType<typeof sql<T>>) => (await query.execute(t.db)).rows[0]!;
const oldRows = () =>
  one(sql<{ items: number; daily: number; batchItems: number; examples: number }>`
    select (select count(*)::int from feedback_items where received_day < ${cutoff}::date) as items,
           (select count(*)::int from pain_point_daily where day < ${cutoff}::date) as daily,
           (select count(*)::int from ingest_batches b, jsonb_array_elements(b.items) e
             where (e->>'receivedAt')::timestamptz < ${`${cutoff}T00:00:00Z`}::timestamptz) as "batchItems",
           (select count(*)::int from emerging_pain_points p, jsonb_array_elements(p.examples) q
             where (q->>'day')::date < ${cutoff}::date) as examples`);
const keptItems = async () =>
  (
    await one(
      sql<{ n: number }>`select count(*)::int as n from feedback_items where received_day >= ${cutoff}::date`,
    )
  ).n;

beforeAll(async () => {
  t = await createTestDb();
  rt = await createRuntime(testConfig({ BATCH_SIZE: '10' }, t.url), { role: 'worker', name: 'painmap-test' });
  workers = startTestWorkers(rt);
  // About 18 months, every 6 days, in three sources (a third each).
  const all = spread('a', 546, 6, 1);
  const runs: number[] = [];
  for (const [s, source] of SOURCES.entries()) {
    const items = all.filter((_, i) => i % SOURCES.length === s);
    if (s === 0)
      items.push({
        id: 'bad-1',
        receivedAt: all[0]!.receivedAt,
        text: 'Fossil rating',
        rating: { value: 9, scale: 'stars5' },
      } as never);
    runs.push(await ingest(source, items));
  }
  // The first run started 13 months ago (its error row is that old); one batch predates migration 0010.
  await sql`update ingest_runs set started_at = now() - interval '13 months' where id = ${runs[0]}`.execute(
    t.db,
  );
  await sql`update ingest_batches set oldest_received_at = null where id = (select min(id) from ingest_batches)`.execute(
    t.db,
  );
  await storeAlertQuoting(t.db, {
    from: all[0]!.receivedAt.slice(0, 10),
    to: new Date().toISOString().slice(0, 10),
  });
}, 120_000);

afterAll(async () => {
  await closeTestRuntime(rt, workers);
  await t.drop();
});

describe('retention, in-process', () => {
  let dry: RetentionSummary;

  it('spans 18 months, and a dry run counts what would go without deleting anything', async () => {
    const span = await one(sql<{ first: string; last: string }>`
      select min(received_day)::text as first, max(received_day)::text as last from feedback_items`);
    expect(Date.parse(span.last) - Date.parse(span.first)).toBeGreaterThan(17 * 30 * DAY);
    const before = await oldRows();
    expect(before.items).toBeGreaterThan(25);
    expect(before.examples).toBeGreaterThan(0);
    dry = await runRetention(t.db, { months: 12, actor: 'cli:test', dryRun: true });
    expect(dry).toMatchObject({ cutoffDay: cutoff, dryRun: true, auditId: null });
    expect(dry.counts).toMatchObject({ items: before.items, batchItems: before.batchItems, errors: 1 });
    expect(dry.counts.cells).toBe(before.daily);
    expect(await oldRows()).toEqual(before);
  });

  it('deletes everything older in many small transactions and leaves aggregates equal to a recomputation', async () => {
    const kept = await keptItems();
    const summary = await runRetention(t.db, { months: 12, actor: 'cli:test', batchSize: 7 });
    expect(summary.counts).toEqual(dry.counts);
    expect(summary.transactions).toBeGreaterThan(dry.counts.items / 7);
    expect(await oldRows()).toEqual({ items: 0, daily: 0, batchItems: 0, examples: 0 });
    expect(await keptItems()).toBe(kept);
    expect(await countAggregateDrift(t.db)).toBe(0);
    const weeks = await one(sql<{ n: number }>`
      select count(*)::int as n from pain_point_weekly where week + 6 < ${cutoff}::date`);
    expect(weeks.n).toBe(0);
    expect(await everyRowAsText(t.db)).not.toContain('Fossil');
    expect(await everyRowAsText(t.db)).toContain('Fresh');
    const batches = await one(sql<{ unknown: number }>`
      select count(*)::int as unknown from ingest_batches where oldest_received_at is null`);
    expect(batches.unknown).toBe(0);
    const audit = await t.db.selectFrom('privacy_audit').selectAll().executeTakeFirstOrThrow();
    expect(audit).toMatchObject({
      action: 'retention',
      subject_kind: 'retention',
      subject_hash: null,
      actor: 'cli:test',
      cutoff_day: cutoff,
      counts: { ...summary.counts, months: 12 },
    });
  });

  it('a second run finds nothing to delete', async () => {
    const again = await runRetention(t.db, { months: 12, actor: 'cli:test' });
    expect(Object.values(again.counts).every((n) => n === 0)).toBe(true);
  });
});

describe('retention from the command line and the scheduler', () => {
  const env = () =>
    cliEnv({ DATABASE_URL: t.url, REDIS_URL: rt.config.REDIS_URL, QUEUE_PREFIX: rt.config.QUEUE_PREFIX });

  it('painmap retention run needs RETENTION_MONTHS or --months', async () => {
    const result = await runCli(['retention', 'run'], env());
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('Set RETENTION_MONTHS');
  });

  it('painmap retention run --dry-run counts, and a run deletes and checks the aggregates', async () => {
    await ingest('cli-source', spread('b', 500, 20, 300));
    const old = (await oldRows()).items;
    expect(old).toBeGreaterThan(5);
    const dryRun = await runCli(['retention', 'run', '--dry-run', '--json'], {
      ...env(),
      RETENTION_MONTHS: '12',
    });
    expect(dryRun.code).toBe(0);
    expect(JSON.parse(dryRun.stdout)).toMatchObject({
      dryRun: true,
      cutoffDay: cutoff,
      counts: { items: old },
    });
    expect((await oldRows()).items).toBe(old);
    const run = await runCli(['retention', 'run', '--months', '12', '--batch-size', '3'], env());
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`kept 12 months (from ${cutoff})`);
    expect(run.stdout).toMatch(new RegExp(`items\\s+${old}\\b`));
    expect(run.stdout).toContain('aggregates: equal a recomputation from the raw items');
    expect((await oldRows()).items).toBe(0);
    const audit = await t.db
      .selectFrom('privacy_audit')
      .select('actor')
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect(audit.actor).toMatch(/^cli:/);
  }, 120_000);

  it('painmap scheduler applies RETENTION_MONTHS when it starts', async () => {
    await ingest('scheduler-source', spread('c', 480, 30, 100));
    expect((await oldRows()).items).toBeGreaterThan(3);
    const sources = join(dir, 'sources.yml');
    writeFileSync(sources, 'sources: []\n');
    const scheduler = spawnCli(
      ['scheduler'],
      { ...env(), LOG_LEVEL: 'info', RETENTION_MONTHS: '12', PAINMAP_SOURCES: sources },
      120_000,
    );
    const audit = await waitFor(
      () => t.db.selectFrom('privacy_audit').selectAll().where('actor', '=', 'scheduler').executeTakeFirst(),
      'the scheduler’s retention run',
      90_000,
    );
    expect(audit).toMatchObject({ action: 'retention', cutoff_day: cutoff });
    expect((await oldRows()).items).toBe(0);
    expect(await countAggregateDrift(t.db)).toBe(0);
    scheduler.child.kill('SIGTERM');
    const exit = await scheduler.result;
    expect(exit.code).toBe(0);
    expect(exit.stderr).toContain('retention run done');
  }, 150_000);
});
