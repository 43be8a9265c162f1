// `painmap ingest` + `painmap worker` against real services prints the same grid as the embedded demo.
import type { Worker } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatHeatmap } from '../../src/aggregate/heatmap.format.js';
import { queryHeatmap } from '../../src/aggregate/heatmap.query.js';
import { demoFiles } from '../../src/cli/demo.command.js';
import { loadConfig } from '../../src/config.js';
import { handleJob } from '../../src/pipeline/handlers.js';
import { ingestFile } from '../../src/pipeline/ingest-file.js';
import { waitForRuns } from '../../src/pipeline/wait.js';
import type { InProcessDispatcher } from '../../src/queue/dispatcher.js';
import { closeWorkers, startWorkers } from '../../src/queue/workers.js';
import { createRuntime, type Runtime } from '../../src/runtime.js';
import { findAggregateDrift } from '../../src/storage/aggregates.repository.js';
import { createTestDb, obliteratePrefix, silentLog, type TestDb, testConfig, testRedis } from './helpers.js';

/** Equal structure and integers; other numbers within 1e-3. */
function expectSameGrid(actual: unknown, expected: unknown, path = '$'): void {
  if (typeof actual === 'number' && typeof expected === 'number' && !Number.isInteger(expected)) {
    expect(Math.abs(actual - expected), path).toBeLessThan(1e-3);
  } else if (
    actual !== null &&
    typeof actual === 'object' &&
    expected !== null &&
    typeof expected === 'object'
  ) {
    expect(Object.keys(actual), path).toEqual(Object.keys(expected));
    for (const key of Object.keys(expected)) {
      expectSameGrid(
        (actual as Record<string, unknown>)[key],
        (expected as Record<string, unknown>)[key],
        `${path}.${key}`,
      );
    }
  } else {
    expect(actual, path).toEqual(expected);
  }
}

let t: TestDb;
let services: Runtime;
let embedded: Runtime;
let workers: Worker[];

beforeAll(async () => {
  t = await createTestDb();
  services = await createRuntime(testConfig({ AGGREGATE_DEBOUNCE_MS: '200' }, t.url), {
    role: 'worker',
    name: 'painmap-test',
    log: silentLog,
  });
  embedded = await createRuntime(loadConfig({ LOG_LEVEL: 'silent' }), {
    role: 'worker',
    name: 'painmap-test',
    log: silentLog,
    embedded: true,
  });
  workers = startWorkers({
    connection: services.redis!,
    prefix: services.config.QUEUE_PREFIX,
    concurrency: 4,
    log: silentLog,
    dispatcher: services.dispatcher,
    handle: (request) => handleJob(services, request),
  });
}, 120_000);

afterAll(async () => {
  await closeWorkers(workers, 5_000);
  const redis = testRedis();
  await obliteratePrefix(redis, services.config.QUEUE_PREFIX);
  redis.disconnect();
  await services.close();
  await embedded.close();
  await t.drop();
});

describe('the demo data through both transports', () => {
  it('gives the same heatmap from BullMQ + Postgres as from the embedded database', async () => {
    const runIds: number[] = [];
    for (const path of demoFiles()) {
      runIds.push((await ingestFile(services, { path })).runId);
      await ingestFile(embedded, { path });
    }
    await (embedded.dispatcher as InProcessDispatcher).drain((request) => handleJob(embedded, request));
    await waitForRuns(services, runIds, { timeoutMs: 120_000 });

    const fromServices = formatHeatmap(await queryHeatmap(services.db, { bucket: 'week' }), {
      bucket: 'week',
    });
    const fromEmbedded = formatHeatmap(await queryHeatmap(embedded.db, { bucket: 'week' }), {
      bucket: 'week',
    });
    expect(fromServices.buckets).toHaveLength(26);
    expect(fromServices.total.reduce((n, c) => n + c.mentions, 0)).toBeGreaterThan(3000);
    // Counts are equal to the unit; float sums may differ in their last bits (addition order).
    expectSameGrid(fromServices, fromEmbedded);
    expect(fromServices.total.map((c) => c.mentions)).toEqual(fromEmbedded.total.map((c) => c.mentions));
    expect(await findAggregateDrift(services.db)).toEqual([]);
    expect(await findAggregateDrift(embedded.db)).toEqual([]);
  }, 180_000);

  it('shows the planted stories: delivery worsens after June, login improves after May', async () => {
    const rate = async (stage: string, touchpoint: string, from: string, to: string) => {
      const grid = formatHeatmap(await queryHeatmap(services.db, { bucket: 'month', from, to }), {
        bucket: 'month',
        from,
        to,
      });
      return grid.total.find((c) => c.stage === stage && c.touchpoint === touchpoint)!.negativeRate!;
    };
    const deliveryBefore = await rate('fulfilment', 'delivery', '2026-02-23', '2026-05-31');
    const deliveryAfter = await rate('fulfilment', 'delivery', '2026-06-01', '2026-08-23');
    expect(deliveryAfter - deliveryBefore).toBeGreaterThan(0.15);
    const loginBefore = await rate('usage', 'account_login', '2026-02-23', '2026-05-03');
    const loginAfter = await rate('usage', 'account_login', '2026-05-04', '2026-08-23');
    expect(loginBefore - loginAfter).toBeGreaterThan(0.15);
  });
});
