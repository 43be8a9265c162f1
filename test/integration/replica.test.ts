// DATABASE_READ_URL on a real streaming replica: the API (and its workers) write to the primary, the
// dashboard reads from the replica. The replica is in recovery, so it refuses any write: an ingest
// that succeeds with the replica's replay paused was written to the primary alone, and a heatmap that
// lags until the replay resumes was read from the replica.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatHeatmap } from '../../src/aggregate/heatmap.format.js';
import { queryHeatmap } from '../../src/aggregate/heatmap.query.js';
import { createCliContext } from '../../src/cli/context.js';
import type { Config } from '../../src/config.js';
import type { ReadQueries } from '../../src/storage/db.js';
import {
  API_TOKENS,
  auth,
  startTestServer,
  startTestWorkers,
  type TestServer,
  type TestWorkers,
  tokens,
} from './api-helpers.js';
import { testConfig, waitFor } from './helpers.js';
import { ReplicaPair } from './replica-cluster.js';

let pair: ReplicaPair;
let server: TestServer;
let workers: TestWorkers;
let config: Config;
const startedAt = Date.now();
const timings: Record<string, number> = {};

beforeAll(async () => {
  pair = await ReplicaPair.start();
  timings.replicaStreamingMs = Date.now() - startedAt;
  await pair.query('primary', 'postgres', 'create database painmap');
  config = testConfig(
    { DATABASE_READ_URL: pair.url('replica', 'painmap'), API_TOKENS },
    pair.url('primary', 'painmap'),
  );
  server = await startTestServer(config);
  workers = await startTestWorkers(config);
  await pair.waitForReplay();
});

afterAll(async () => {
  await workers?.close();
  await server?.close();
  pair?.destroy();
  console.log(`replica test timings: ${JSON.stringify({ ...timings, totalMs: Date.now() - startedAt })}`);
});

const get = (path: string) => fetch(`${server.url}${path}`, { headers: auth(tokens.read) });
const HEATMAP = '/v1/heatmap?bucket=month&metric=volume';
type Heatmap = { total: Array<{ mentions: number }> };
const heatmap = async (): Promise<Heatmap> => (await get(HEATMAP)).json() as Promise<Heatmap>;
const mentionsIn = (body: Heatmap) => body.total.reduce((n, c) => n + c.mentions, 0);

/** application_name of every painmap connection to the painmap database of one cluster. */
async function connectionsTo(which: 'primary' | 'replica'): Promise<string[]> {
  const rows = await pair.query<{ name: string }>(
    which,
    'postgres',
    `select distinct application_name as name from pg_stat_activity
     where datname = 'painmap' and application_name like 'painmap-%' and application_name <> 'painmap-probe'
     order by 1`,
  );
  return rows.map((r) => r.name);
}

const inRecovery = async (db: ReadQueries) =>
  (
    await db
      .selectNoFrom((eb) => eb.fn<boolean>('pg_is_in_recovery', []).as('standby'))
      .executeTakeFirstOrThrow()
  ).standby;

describe('DATABASE_READ_URL on a streaming replica', () => {
  it('serves the dashboard from the replica and keeps the API and workers on the primary', async () => {
    expect((await get(HEATMAP)).status).toBe(200);
    expect((await get('/v1/filters')).status).toBe(200);
    expect(await connectionsTo('replica')).toEqual(['painmap-api-read']);
    expect(await connectionsTo('primary')).toEqual(['painmap-api', 'painmap-test-worker']);
    const inRecovery = async (db: typeof server.rt.readDb) =>
      (
        await db
          .selectNoFrom((eb) => eb.fn<boolean>('pg_is_in_recovery', []).as('standby'))
          .executeTakeFirstOrThrow()
      ).standby;
    expect(await inRecovery(server.rt.readDb)).toBe(true);
    expect(await inRecovery(server.rt.db)).toBe(false);
    const ready = await (await fetch(`${server.url}/readyz`)).json();
    expect(ready).toEqual({ ready: true, postgres: true, redis: true, replica: true });
  });

  it('runs the query commands on the replica and the others on the primary', async () => {
    const ctx = createCliContext(() => config);
    expect(await ctx.withReadDb(inRecovery)).toBe(true);
    expect(await ctx.withDb(inRecovery)).toBe(false);
  });

  it('ingests with the replay paused, and the heatmap shows the items once the replica replays them', async () => {
    await pair.query('replica', 'postgres', 'select pg_wal_replay_pause()');
    const items = Array.from({ length: 40 }, (_, i) => ({
      id: `r-${i}`,
      receivedAt: `2026-03-${String(1 + (i % 28)).padStart(2, '0')}T09:00:00Z`,
      text:
        i % 2 ? 'The refund took three weeks and support never answered.' : 'Checkout was quick and easy.',
    }));
    const posted = await fetch(`${server.url}/v1/items`, {
      method: 'POST',
      headers: { ...auth(tokens.ingest), 'content-type': 'application/json' },
      body: JSON.stringify({ source: 'crm', items }),
    });
    expect(posted.status).toBe(202);
    const { runId } = (await posted.json()) as { runId: number };
    // The run's status is read from the primary: its writer sees it at once, replica or not.
    await waitFor(
      async () => ((await (await get(`/v1/runs/${runId}`)).json()) as { state: string }).state === 'done',
      'the run',
    );
    const onPrimary = formatHeatmap(await queryHeatmap(server.rt.db, { bucket: 'month' }), {
      bucket: 'month',
    });
    const written = mentionsIn(onPrimary);
    expect(written).toBeGreaterThan(0);
    expect(mentionsIn(await heatmap())).toBe(0);

    const resumedAt = Date.now();
    await pair.query('replica', 'postgres', 'select pg_wal_replay_resume()');
    await pair.waitForReplay();
    timings.replayAfterResumeMs = Date.now() - resumedAt;
    const served = await heatmap();
    expect(mentionsIn(served)).toBe(written);
    expect(served.total).toEqual(onPrimary.total.map((c) => expect.objectContaining({ ...c })));
    // Nothing was ever attempted on the replica: a write there is refused and logged.
    const log = pair.replicaLog();
    expect(log).toMatch(/ready to accept read-only connections/);
    expect(log).not.toMatch(/read-only transaction|cannot execute/);
  });
});
