// The scheduler against real Postgres and Redis with a simulated clock: two scheduler processes
// over seven nights, a restart in the middle of a night, missed nights caught up on start, and
// overlapping ticks. Real workers pull every run from a loopback server speaking each API.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Worker } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Config } from '../../src/config.js';
import { handleJob } from '../../src/pipeline/handlers.js';
import { waitForRuns } from '../../src/pipeline/wait.js';
import { closeWorkers, startWorkers } from '../../src/queue/workers.js';
import { createRuntime, type Runtime } from '../../src/runtime.js';
import { Scheduler } from '../../src/scheduler/tick.js';
import { parseSchedule } from '../../src/scheduler/windows.js';
import { loadSources } from '../../src/sources/load-sources.js';
import { findAggregateDrift } from '../../src/storage/aggregates.repository.js';
import { createTestDb, obliteratePrefix, silentLog, type TestDb, testConfig, testRedis } from './helpers.js';
import { FakeApis } from './nightly-apis.js';

const SOURCES = ['android', 'drop', 'export', 'ios', 'support'];
const ENV = {
  zd: 'NIGHTLY_SCHED_ZD',
  apple: 'NIGHTLY_SCHED_APPLE',
  play: 'NIGHTLY_SCHED_PLAY',
  file: 'NIGHTLY_SCHED_FILE',
};

let t: TestDb;
let config: Config;
let a: Runtime;
let b: Runtime;
let workers: Worker[];
let dir: string;
const api = new FakeApis();
let clock = new Date(0);
const schedule = parseSchedule('0 2 * * *');

const at = (day: number, hh: number, mm = 0) => new Date(Date.UTC(2026, 5, day, hh, mm, 30));
const exportRows: string[] = [];

/** What arrives at every source during the day before night `n`. */
function feedDay(n: number) {
  const when = at(n, 1);
  api.ticketLog.push({
    id: 900 + n,
    created_at: when.toISOString(),
    updated_at: when.toISOString(),
    subject: `Order ${n}`,
    description: 'The courier left my parcel in the rain.',
    requester_id: 100 + n,
    via: { channel: 'web' },
  });
  api.appReviews.push({
    id: `ios-${n}`,
    rating: 2,
    title: 'Sync',
    body: 'Bank sync broke again.',
    createdDate: when.toISOString(),
    territory: 'FRA',
  });
  api.playReviews.push({
    reviewId: `gp-${n}`,
    text: 'Login code never arrives.',
    starRating: 1,
    lastModifiedMs: when.getTime(),
  });
  writeFileSync(
    join(dir, 'drop', `survey-${n}.csv`),
    `id,date,comment\ns-${n},${when.toISOString()},Checkout was slow\n`,
  );
  exportRows.push(`e-${n},${when.toISOString()},The refund took ages`);
  api.exportFile = `id,date,comment\n${exportRows.join('\n')}\n`;
}

const pullRuns = () =>
  a.db
    .selectFrom('ingest_runs')
    .select(['id', 'source', 'window_start', 'state', 'error_message'])
    .where('kind', '=', 'pull')
    .orderBy('source')
    .orderBy('window_start')
    .execute();

async function settle() {
  const ids = (await pullRuns()).map((r) => r.id);
  await waitForRuns(a, ids, { timeoutMs: 45_000 });
}

function scheduler(rt: Runtime) {
  return new Scheduler(rt, { schedule, loadSources: () => loadSources(config), now: () => clock });
}

beforeAll(async () => {
  await api.start();
  dir = mkdtempSync(join(tmpdir(), 'painmap-nightly-sched-'));
  mkdirSync(join(dir, 'drop'));
  const file = join(dir, 'sources.json');
  writeFileSync(
    file,
    JSON.stringify({
      sources: [
        {
          name: 'support',
          type: 'zendesk',
          subdomain: 'acme',
          email: 'ops@acme.example',
          tokenEnv: ENV.zd,
          baseUrl: api.base,
        },
        { name: 'ios', type: 'app-store', appId: '42', tokenEnv: ENV.apple, baseUrl: api.base },
        {
          name: 'android',
          type: 'google-play',
          packageName: 'com.acme.budget',
          tokenEnv: ENV.play,
          baseUrl: api.base,
        },
        { name: 'drop', type: 'folder', path: join(dir, 'drop'), glob: 'survey-*.csv' },
        {
          name: 'export',
          type: 'http-file',
          url: `${api.base}/exports/reviews.csv`,
          tokenEnv: ENV.file,
          segment: { plan: 'pro' },
        },
      ],
    }),
  );
  Object.assign(process.env, {
    [ENV.zd]: api.tokens.zendesk,
    [ENV.apple]: api.tokens.apple,
    [ENV.play]: api.tokens.play,
    [ENV.file]: api.tokens.file,
  });
  t = await createTestDb();
  config = testConfig({ PAINMAP_SOURCES: file }, t.url);
  a = await createRuntime(config, { name: 'painmap-scheduler-a', log: silentLog, role: 'worker' });
  b = await createRuntime(config, { name: 'painmap-scheduler-b', log: silentLog, role: 'producer' });
  workers = startWorkers({
    connection: a.redis!,
    prefix: config.QUEUE_PREFIX,
    concurrency: 2,
    log: silentLog,
    dispatcher: a.dispatcher,
    handle: (request) => handleJob(a, request),
  });
});

afterAll(async () => {
  await closeWorkers(workers, 5_000);
  const redis = testRedis();
  await obliteratePrefix(redis, config.QUEUE_PREFIX);
  redis.disconnect();
  await a.close();
  await b.close();
  await t.drop();
  await api.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('two schedulers over seven simulated nights', () => {
  it('record and pull exactly seven runs per source, one per night', async () => {
    const first = scheduler(a);
    const second = scheduler(b);
    for (let night = 1; night <= 7; night++) {
      feedDay(night);
      clock = at(night, 2);
      const results = await Promise.all([first.tick('cron'), second.tick('cron')]);
      expect(results.reduce((sum, r) => sum + r!.created, 0)).toBe(SOURCES.length);
      await settle();
    }
    const runs = await pullRuns();
    expect(runs).toHaveLength(7 * SOURCES.length);
    for (const source of SOURCES) {
      const mine = runs.filter((r) => r.source === source);
      expect(mine.map((r) => new Date(r.window_start!).toISOString())).toEqual(
        [1, 2, 3, 4, 5, 6, 7].map((n) => new Date(Date.UTC(2026, 5, n, 2)).toISOString()),
      );
      expect(mine.map((r) => r.error_message ?? r.state)).toEqual(Array(7).fill('done'));
    }
    const counts = await a.db
      .selectFrom('feedback_items')
      .select(['source', (eb) => eb.fn.countAll<number>().as('n')])
      .groupBy('source')
      .orderBy('source')
      .execute();
    expect(counts.map((c) => [c.source, Number(c.n)])).toEqual([
      ['android', 7],
      ['drop', 7],
      ['export', 7],
      ['ios', 7],
      ['support', 7],
    ]);
    expect(await findAggregateDrift(a.db)).toEqual([]);
  });

  it('a scheduler restarted later the same night records nothing new', async () => {
    clock = at(7, 2, 40);
    const result = await scheduler(b).tick('start');
    expect(result).toMatchObject({ created: 0 });
    expect(await pullRuns()).toHaveLength(7 * SOURCES.length);
  });
});

describe('catching up', () => {
  it("a scheduler starting after two missed nights records and pulls both, and tonight's", async () => {
    feedDay(8);
    feedDay(9);
    clock = at(10, 9);
    const result = await scheduler(a).tick('start');
    expect(result!.created).toBe(3 * SOURCES.length);
    await settle();
    const runs = await pullRuns();
    expect(runs).toHaveLength(10 * SOURCES.length);
    const support = runs.filter((r) => r.source === 'support').slice(-3);
    expect(support.map((r) => [new Date(r.window_start!).toISOString(), r.state])).toEqual([
      ['2026-06-08T02:00:00.000Z', 'done'],
      ['2026-06-09T02:00:00.000Z', 'done'],
      ['2026-06-10T02:00:00.000Z', 'done'],
    ]);
    const zendesk = await a.db
      .selectFrom('feedback_items')
      .select('external_id')
      .where('source', '=', 'support')
      .execute();
    expect(zendesk).toHaveLength(9);
  });
});

describe('overlapping ticks', () => {
  it('a tick while another runs in the same process is skipped', async () => {
    const s = scheduler(a);
    clock = at(10, 9, 5);
    const [one, two] = await Promise.all([s.tick('cron'), s.tick('cron')]);
    expect([one === null, two === null].sort()).toEqual([false, true]);
  });
});
