// One chaos scenario: a fresh database on the private Postgres, a unique queue prefix on the private
// Redis, a pool of real worker processes, and the global bar measured at the end.
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { pino } from 'pino';
import { loadConfig } from '../../src/config.js';
import { ingestFile } from '../../src/pipeline/ingest-file.js';
import type { BullDispatcher } from '../../src/queue/dispatcher.js';
import { QUEUES } from '../../src/queue/jobs.js';
import { createRuntime, type Runtime } from '../../src/runtime.js';
import { findAggregateDrift } from '../../src/storage/aggregates.repository.js';
import type { Db } from '../../src/storage/db.js';
import type { PrivatePostgres, PrivateRedis } from './services.js';
import { WorkerPool } from './worker-pool.js';

const FULL = process.env.CHAOS_SCALE === 'full';

/** CI-sized unless `CHAOS_SCALE=full` (npm run test:chaos): 100,000 items and 20 kills. */
export const SCALE = {
  name: FULL ? 'full' : 'ci',
  items: FULL ? 100_000 : 10_000,
  kills: FULL ? 20 : 4,
  sigterms: FULL ? 20 : 4,
  batchSize: 100,
  timeoutMs: FULL ? 600_000 : 120_000,
};

/** Short lock and stall timings so crashed workers' jobs come back in seconds, not a minute. */
export const CHAOS_TIMINGS = {
  WORKER_LOCK_MS: '3000',
  WORKER_STALLED_INTERVAL_MS: '500',
  WORKER_MAX_STALLED: '10',
  WORKER_INFRA_PAUSE_MS: '500',
};

export interface ChaosReport {
  scenario: string;
  items: number;
  kills: number;
  redis_crashes: number;
  pg_crashes: number;
  elapsed_s: number;
  lost: number;
  duplicated: number;
  agg_diff_rows: number;
  failed_jobs: number;
  dlq_rows: number;
  redeliveries: number;
  stalled_events: number;
  max_rss_mb: number;
}

export class Scenario {
  readonly started = Date.now();
  kills = 0;
  readonly pool: WorkerPool;
  /** Service crashes before this scenario began (the services live for a whole test file). */
  private readonly baseline: { redis: number; pg: number };

  private constructor(
    readonly name: string,
    readonly rt: Runtime,
    readonly env: Record<string, string>,
    readonly services: { pg: PrivatePostgres; redis: PrivateRedis },
  ) {
    this.pool = new WorkerPool(env);
    this.baseline = { redis: services.redis.crashes, pg: services.pg.crashes };
  }

  static async open(
    name: string,
    services: { pg: PrivatePostgres; redis: PrivateRedis },
    overrides: Record<string, string> = {},
  ): Promise<Scenario> {
    const dbName = `chaos_${name.replace(/[^a-z0-9]/g, '_')}_${randomBytes(3).toString('hex')}`;
    const databaseUrl = await services.pg.createDatabase(dbName);
    const env: Record<string, string> = {
      DATABASE_URL: databaseUrl,
      REDIS_URL: services.redis.url,
      QUEUE_PREFIX: `chaos${randomBytes(4).toString('hex')}`,
      LOG_LEVEL: 'info',
      WORKER_CONCURRENCY: '4',
      BATCH_SIZE: String(SCALE.batchSize),
      DB_POOL_SIZE: '6',
      AGGREGATE_DEBOUNCE_MS: '200',
      RECONCILE_INTERVAL_MS: '2000',
      RECONCILE_AFTER_MS: '3000',
      SHUTDOWN_TIMEOUT_MS: '5000',
      TZ: 'UTC',
      ...CHAOS_TIMINGS,
      ...overrides,
    };
    const rt = await createRuntime(loadConfig({ ...env, LOG_LEVEL: 'silent' }), {
      name: 'painmap-chaos-harness',
      role: 'producer',
      log: pino({ level: 'silent' }),
    });
    return new Scenario(name, rt, env, services);
  }

  async ingest(path: string): Promise<number> {
    const result = await ingestFile(this.rt, { path });
    if (result.state === 'rejected') throw new Error(`chaos input rejected: ${result.error?.code}`);
    return result.runId;
  }

  /** Batches done so far (0 while Postgres is down). */
  async doneBatches(): Promise<number> {
    try {
      const r = await sql<{ n: number }>`
        select count(*)::int as n from ingest_batches where state = 'done'`.execute(this.rt.db);
      return r.rows[0]?.n ?? 0;
    } catch {
      return 0;
    }
  }

  /** Waits for `target` done batches (a point mid-run at which to inject a fault). */
  async waitForBatches(target: number, timeoutMs = SCALE.timeoutMs): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while ((await this.doneBatches()) < target) {
      if (Date.now() > deadline) throw new Error(`${this.name}: fewer than ${target} batches done in time`);
      await sleep(50);
    }
  }

  /**
   * Waits until the runs are closed and every day aggregated ('done'), or until nothing has moved
   * for `stuckMs` ('stuck': work was lost and no retry or reconcile brings it back).
   */
  async settle(runIds: number[], stuckMs = 8_000): Promise<'done' | 'stuck'> {
    const deadline = Date.now() + SCALE.timeoutMs;
    let lastProgress = Date.now();
    let last = -1;
    for (;;) {
      const state = await sql<{ open: number; days: number; done: number }>`
        select (select count(*) from ingest_runs where id = any(${runIds}::bigint[])
                  and state not in ('done', 'rejected'))::int as open,
               (select count(*) from aggregate_dirty_days)::int as days,
               (select count(*) from ingest_batches where state = 'done')::int as done`
        .execute(this.rt.db)
        .then((r) => r.rows[0]!)
        .catch(() => null);
      if (state && state.open === 0 && state.days === 0) return 'done';
      const progress = (state?.done ?? 0) + this.pool.stats.completed;
      // A process still starting up (slow on a busy machine) is not "no progress" yet.
      const starting = this.pool.pids.length > this.pool.startedPids.length;
      if (progress !== last || starting) {
        last = progress;
        lastProgress = Date.now();
      }
      if (Date.now() - lastProgress > stuckMs) return 'stuck';
      if (Date.now() > deadline) throw new Error(`${this.name}: did not settle in ${SCALE.timeoutMs} ms`);
      await sleep(200);
    }
  }

  async failedJobs(): Promise<number> {
    const dispatcher = this.rt.dispatcher as BullDispatcher;
    let failed = 0;
    for (const queue of QUEUES) failed += (await dispatcher.queue(queue).getJobCounts('failed')).failed ?? 0;
    return failed;
  }

  /** The global bar, measured against the expected ids of source `yelp` (or another source). */
  async report(ids: string[], source = 'yelp'): Promise<ChaosReport> {
    const db = this.rt.db;
    const lost = await sql<{ n: number }>`
      select count(*)::int as n from unnest(${ids}::text[]) as e(id)
      where not exists (select 1 from feedback_items i where i.source = ${source} and i.external_id = e.id)
        and not exists (select 1 from ingest_errors x where x.ref = e.id)`.execute(db);
    const duplicated = await sql<{ n: number }>`
      select ((select count(*) - count(distinct (source, external_id)) from feedback_items)
            + (select count(*) - count(distinct (item_id, ordinal)) from feedback_mentions))::int as n`.execute(
      db,
    );
    const dlq = await sql<{ n: number }>`select count(*)::int as n from ingest_errors`.execute(db);
    const report: ChaosReport = {
      scenario: `${this.name} [${SCALE.name}]`,
      items: ids.length,
      kills: this.kills,
      redis_crashes: this.services.redis.crashes - this.baseline.redis,
      pg_crashes: this.services.pg.crashes - this.baseline.pg,
      elapsed_s: Math.round((Date.now() - this.started) / 100) / 10,
      lost: lost.rows[0]!.n,
      duplicated: duplicated.rows[0]!.n,
      agg_diff_rows: await aggregateDiffRows(db),
      failed_jobs: await this.failedJobs(),
      dlq_rows: dlq.rows[0]!.n,
      redeliveries: this.pool.stats.redeliveries,
      stalled_events: this.pool.stats.stalledEvents,
      max_rss_mb: this.pool.stats.maxRssMb,
    };
    console.log(JSON.stringify(report));
    return report;
  }

  async close(): Promise<void> {
    await this.pool.stopAll();
    await this.rt.close();
  }
}

/** Rows where pain_point_daily differs from a recomputation from raw items (the oracle). */
async function aggregateDiffRows(db: Db): Promise<number> {
  return (await findAggregateDrift(db, 1_000_000)).length;
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
