// Pull jobs against a loopback server speaking each API's wire format, through real BullMQ workers
// on real Redis into a real Postgres: pagination, cursors, 429, an expired token, edited reviews,
// a drop folder, and a pull killed half-way.

import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Worker } from 'bullmq';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reconcile } from '../../src/pipeline/reconcile.js';
import { waitForRuns } from '../../src/pipeline/wait.js';
import type { BullDispatcher } from '../../src/queue/dispatcher.js';
import { jobsForOpenPulls } from '../../src/queue/graph.js';
import { createRuntime, type Runtime } from '../../src/runtime.js';
import { findAggregateDrift } from '../../src/storage/aggregates.repository.js';
import { getCursor, insertManualPullRun } from '../../src/storage/sources.repository.js';
import {
  closeTestRuntime,
  createTestDb,
  silentLog,
  startTestWorkers,
  type TestDb,
  testConfig,
  waitFor,
} from './helpers.js';
import { FakeApis } from './nightly-apis.js';

let t: TestDb;
let rt: Runtime;
let workers: Worker[];
let dir: string;
const api = new FakeApis();
const ENV = {
  zd: 'NIGHTLY_PULL_ZD_TOKEN',
  apple: 'NIGHTLY_PULL_APPLE_TOKEN',
  play: 'NIGHTLY_PULL_PLAY_TOKEN',
};

const day = (d: number, h = 9) => new Date(Date.UTC(2026, 4, d, h)).toISOString();

function ticket(id: number, d: number, text: string, updatedDay = d) {
  return {
    id,
    created_at: day(d),
    updated_at: day(updatedDay, 12),
    subject: `Ticket ${id}`,
    description: text,
    requester_id: 5000 + id,
    via: { channel: 'email' },
  };
}

beforeAll(async () => {
  await api.start();
  dir = mkdtempSync(join(tmpdir(), 'painmap-nightly-pull-'));
  mkdirSync(join(dir, 'drop'));
  const sourcesFile = join(dir, 'sources.yml');
  writeFileSync(
    sourcesFile,
    `sources:
  - name: support
    type: zendesk
    subdomain: acme
    email: ops@acme.example
    tokenEnv: ${ENV.zd}
    baseUrl: ${api.base}
    segment: { region: eu }
  - name: ios
    type: app-store
    appId: "1234567890"
    tokenEnv: ${ENV.apple}
    pageSize: 2
    baseUrl: ${api.base}
  - name: android
    type: google-play
    packageName: com.acme.budget
    tokenEnv: ${ENV.play}
    pageSize: 2
    baseUrl: ${api.base}
  - name: drop
    type: folder
    path: ${join(dir, 'drop')}
    glob: "*.csv"
    format: auto
`,
  );
  process.env[ENV.zd] = api.tokens.zendesk;
  process.env[ENV.apple] = api.tokens.apple;
  process.env[ENV.play] = api.tokens.play;
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
  await api.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** Records a manual pull run and lets the workers run it; resolves with the closed run. */
async function pull(source: string) {
  const runId = await insertManualPullRun(rt.db, source);
  await rt.dispatcher.dispatch(jobsForOpenPulls([runId]));
  await waitForRuns(rt, [runId], { timeoutMs: 30_000 });
  return rt.db.selectFrom('ingest_runs').selectAll().where('id', '=', runId).executeTakeFirstOrThrow();
}

const items = (source: string) =>
  rt.db
    .selectFrom('feedback_items')
    .select(['external_id', 'text', 'received_day', 'segment'])
    .where('source', '=', source)
    .orderBy('external_id')
    .execute();

describe('zendesk incremental export', () => {
  it('follows after_cursor page by page, waits out a 429, and stores the last cursor', async () => {
    api.ticketLog.push(
      ticket(1, 1, 'The parcel arrived two weeks late.'),
      ticket(2, 1, 'Checkout keeps failing with my card.'),
      ticket(3, 2, 'The login code never arrives by email.'),
      ticket(4, 2, 'Great support on the phone, thanks.'),
      ticket(5, 3, 'The app crashes when I open the basket.'),
    );
    api.throttle.set('/api/v2/incremental', 1);
    const run = await pull('support');
    expect(run).toMatchObject({ state: 'done', records: 5, valid: 5, inserted: 5, format: 'zendesk-json' });
    expect((await items('support')).map((i) => i.external_id)).toEqual(['1', '2', '3', '4', '5']);
    expect((await items('support'))[0]!.segment).toEqual({ region: 'eu' });
    const calls = api.requests('/api/v2/incremental');
    expect(calls.map((c) => c.status)).toEqual([429, 200, 200, 200]);
    expect(calls[1]!.query.has('start_time')).toBe(true);
    expect(await getCursor(rt.db, 'support')).toMatchObject({
      afterCursor: Buffer.from('5').toString('base64url'),
    });
  });

  it('the next pull starts at the stored cursor and takes only what changed, updating an edited ticket', async () => {
    const before = api.requests('/api/v2/incremental').length;
    api.ticketLog.push(
      ticket(3, 2, 'The login code arrives now, but only after ten minutes.', 4),
      ticket(6, 4, 'Refund still missing.'),
    );
    const run = await pull('support');
    expect(run).toMatchObject({ state: 'done', records: 2, inserted: 1, updated: 1 });
    const first = api.requests('/api/v2/incremental')[before]!;
    expect(first.query.get('cursor')).toBe(Buffer.from('5').toString('base64url'));
    const three = (await items('support')).find((i) => i.external_id === '3');
    expect(three!.text).toContain('ten minutes');
    expect(await findAggregateDrift(rt.db)).toEqual([]);
  });

  it('an expired token fails the run at once with a reason naming the variable, and is not retried', async () => {
    api.tokens.zendesk = 'rotated-token';
    const before = api.requests('/api/v2/incremental').length;
    const run = await pull('support');
    expect(run.state).toBe('failed');
    expect(run.error_code).toBe('unauthorized');
    expect(run.error_message).toContain(ENV.zd);
    expect(run.error_message).not.toContain('zd-token');
    const job = await (rt.dispatcher as BullDispatcher).queue('ingest').getJob(`pull-${run.id}`);
    expect(job?.attemptsMade).toBe(1);
    expect(await job?.getState()).toBe('failed');
    expect(api.requests('/api/v2/incremental').length - before).toBe(1);
    // A new token, and the next pull resumes from the cursor the failed run left untouched.
    process.env[ENV.zd] = 'rotated-token';
    api.ticketLog.push(ticket(7, 5, 'Delivery was quick this time.'));
    const again = await pull('support');
    expect(again).toMatchObject({ state: 'done', records: 1, inserted: 1 });
  });
});

describe('review APIs with a watermark', () => {
  it('app store: pages newest first, then only reviews at or above the watermark', async () => {
    api.appReviews.push(
      {
        id: 'a1',
        rating: 1,
        title: 'Crashes',
        body: 'It crashes on launch.',
        createdDate: '2026-05-01T08:00:00-07:00',
        territory: 'USA',
      },
      {
        id: 'a2',
        rating: 5,
        title: 'Love it',
        body: 'Budgeting is easy now.',
        createdDate: '2026-05-02T08:00:00-07:00',
        territory: 'GBR',
      },
      {
        id: 'a3',
        rating: 2,
        title: 'Sync',
        body: 'Sync with my bank fails.',
        createdDate: '2026-05-03T08:00:00-07:00',
        territory: 'USA',
      },
    );
    const first = await pull('ios');
    expect(first).toMatchObject({ state: 'done', records: 3, inserted: 3 });
    expect(await getCursor(rt.db, 'ios')).toEqual({
      watermark: '2026-05-03T15:00:00.000Z',
      newest: null,
      next: null,
    });
    api.appReviews.push({
      id: 'a4',
      rating: 3,
      title: 'Ok',
      body: 'The login is slow.',
      createdDate: '2026-05-04T08:00:00-07:00',
      territory: 'USA',
    });
    const before = api.requests('/v1/apps').length;
    const second = await pull('ios');
    // a4 is new; a3 sits on the watermark (kept, unchanged); paging stops at a2 below it.
    expect(second).toMatchObject({ state: 'done', records: 2, inserted: 1, unchanged: 1 });
    expect(api.requests('/v1/apps').length - before).toBe(2);
    expect((await items('ios')).find((i) => i.external_id === 'a3')!.segment).toEqual({
      country: 'USA',
    });
  });

  it('google play: an edited review updates its text and moves its aggregate counts to the new day', async () => {
    api.playReviews.push(
      {
        reviewId: 'gp1',
        text: 'The delivery tracking is broken.',
        starRating: 1,
        lastModifiedMs: Date.parse(day(10)),
      },
      { reviewId: 'gp2', text: 'Nice budgeting app.', starRating: 5, lastModifiedMs: Date.parse(day(11)) },
      {
        reviewId: 'gp3',
        text: 'Bank sync fails every day.',
        starRating: 2,
        lastModifiedMs: Date.parse(day(12)),
      },
    );
    expect(await pull('android')).toMatchObject({ state: 'done', records: 3, inserted: 3 });
    const dayMentions = async (d: string) =>
      Number(
        (
          await sql<{ n: number }>`select coalesce(sum(mentions), 0)::int as n from pain_point_daily
            where source = 'android' and day = ${d}`.execute(rt.db)
        ).rows[0]!.n,
      );
    expect(await dayMentions('2026-05-10')).toBeGreaterThan(0);
    api.playReviews[0] = {
      ...api.playReviews[0]!,
      text: 'Tracking works again, thanks!',
      starRating: 5,
      lastModifiedMs: Date.parse(day(14)),
    };
    const edited = await pull('android');
    expect(edited).toMatchObject({ state: 'done', records: 2, updated: 1, unchanged: 1, inserted: 0 });
    const gp1 = (await items('android')).find((i) => i.external_id === 'gp1')!;
    expect(gp1).toMatchObject({ text: 'Tracking works again, thanks!', received_day: '2026-05-14' });
    expect(await dayMentions('2026-05-10')).toBe(0);
    expect(await dayMentions('2026-05-14')).toBeGreaterThan(0);
    expect(await findAggregateDrift(rt.db)).toEqual([]);
    // Re-reading an overlapping window adds nothing.
    const again = await pull('android');
    expect(again).toMatchObject({ state: 'done', inserted: 0, updated: 0 });
    expect(await items('android')).toHaveLength(3);
  });
});

describe('drop folder', () => {
  const csv = (rows: string[]) => `id,date,comment\n${rows.join('\n')}\n`;

  it('ingests a new file once and ignores it afterwards, leaving it in place', async () => {
    writeFileSync(
      join(dir, 'drop', 'week-1.csv'),
      csv(['f1,2026-05-01,The courier lost my parcel', 'f2,2026-05-02,Easy checkout']),
    );
    writeFileSync(join(dir, 'drop', 'notes.txt'), 'not matched by the glob');
    await pull('drop');
    const fileRuns = () =>
      rt.db
        .selectFrom('ingest_runs')
        .select(['id', 'file_name', 'state'])
        .where('source', '=', 'drop')
        .where('kind', '=', 'file')
        .execute();
    await waitFor(
      async () => (await fileRuns()).every((r) => r.state === 'done') && (await fileRuns()).length === 1,
      'file run',
    );
    expect((await fileRuns()).map((r) => r.file_name)).toEqual(['week-1.csv']);
    await pull('drop');
    expect(await fileRuns()).toHaveLength(1);
    writeFileSync(join(dir, 'drop', 'week-2.csv'), csv(['f3,2026-05-08,Refund took a month']));
    await pull('drop');
    await waitFor(
      async () => (await fileRuns()).length === 2 && (await fileRuns()).every((r) => r.state === 'done'),
      'second file run',
    );
    const files = await rt.db
      .selectFrom('source_files')
      .select(['path'])
      .where('source', '=', 'drop')
      .orderBy('path')
      .execute();
    expect(files.map((f) => f.path)).toEqual(['week-1.csv', 'week-2.csv']);
    expect((await items('drop')).map((i) => i.external_id)).toEqual(['f1', 'f2', 'f3']);
    expect(existsSync(join(dir, 'drop', 'week-1.csv'))).toBe(true);
  });
});

describe('a pull killed half-way', () => {
  it('resumes from the stored cursor without losing or repeating a page', async () => {
    api.tokens.zendesk = 'zd-resume-token';
    process.env[ENV.zd] = 'zd-resume-token';
    const startLog = api.ticketLog.length;
    for (let i = 0; i < 6; i++) api.ticketLog.push(ticket(100 + i, 6, `Order ${i} arrived damaged.`));
    // Hold the third page of this pull (two pages of two tickets are written first).
    const startCursor = (await getCursor(rt.db, 'support'))!.afterCursor as string;
    const held = Buffer.from(String(Number(Buffer.from(startCursor, 'base64url').toString()) + 4)).toString(
      'base64url',
    );
    api.holdPage('/api/v2/incremental', held);
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'src/cli/main.ts', 'pull', '--source', 'support', '--now'],
      {
        env: {
          ...process.env,
          DATABASE_URL: t.url,
          REDIS_URL: rt.config.REDIS_URL,
          QUEUE_PREFIX: rt.config.QUEUE_PREFIX,
          PAINMAP_SOURCES: rt.config.PAINMAP_SOURCES,
          LOG_LEVEL: 'silent',
        },
        stdio: 'ignore',
      },
    );
    const exited = new Promise((resolve) => child.once('exit', resolve));
    await waitFor(async () => api.hold?.reached, 'the pull to reach the held page', 90_000);
    const cursorAtKill = await getCursor(rt.db, 'support');
    expect(cursorAtKill).toMatchObject({ afterCursor: held });
    child.kill('SIGKILL');
    await exited;
    api.hold = null;
    const run = await rt.db
      .selectFrom('ingest_runs')
      .selectAll()
      .where('source', '=', 'support')
      .where('state', '=', 'parsing')
      .executeTakeFirstOrThrow();
    expect(run.records).toBe(4);
    // The workers' reconciler finds the open pull run and a worker resumes it.
    await reconcile(rt, { staleAfterMs: 0 });
    await waitForRuns(rt, [run.id], { timeoutMs: 30_000 });
    const done = await rt.db
      .selectFrom('ingest_runs')
      .selectAll()
      .where('id', '=', run.id)
      .executeTakeFirstOrThrow();
    expect(done).toMatchObject({ state: 'done', records: 6, inserted: 6 });
    const batched = await sql<{ n: number; ids: number }>`
      select count(*)::int as n,
             count(distinct e->>'externalId')::int as ids
      from ingest_batches b, jsonb_array_elements(b.items) e where b.run_id = ${run.id}`.execute(rt.db);
    expect(batched.rows[0]).toEqual({ n: 6, ids: 6 });
    const resumed = api.requests('/api/v2/incremental').filter((r) => r.query.get('cursor') === held);
    expect(resumed.length).toBe(1);
    expect(api.ticketLog.length - startLog).toBe(6);
  });
});
