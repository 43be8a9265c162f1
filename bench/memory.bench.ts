// Peak RSS of streaming a large CSV through the parser (a child process, so its peak is its own, with
// the heap limit the bin gives painmap's processes unless NODE_OPTIONS sets one), and Redis memory
// growth per 10,000 finished jobs with the project's job options.
import { execFileSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { nodeOptionsWithHeapLimit } from '../bin/heap-limit.mjs';
import { DEFAULT_JOB_OPTIONS, QUEUES } from '../src/queue/jobs.js';
import { createBenchDb, writeSurveyCsv } from './lib/env.js';

export async function benchParseMemory(megabytes: number, adminUrl: string, redisUrl: string) {
  const rows = Math.round((megabytes * 1024 * 1024) / 245);
  const path = join(tmpdir(), `painmap-bench-mem-${rows}.csv`);
  await writeSurveyCsv(path, rows);
  const bytes = statSync(path).size;
  const shippedNodeOptions =
    nodeOptionsWithHeapLimit(process.env.NODE_OPTIONS, []) ?? process.env.NODE_OPTIONS ?? '';
  const child = (env: Record<string, string> = {}) => {
    const out = execFileSync(process.execPath, ['--import', 'tsx', 'bench/lib/parse-child.ts', path], {
      encoding: 'utf8',
      env: { ...process.env, NODE_OPTIONS: shippedNodeOptions, DATABASE_URL: '', REDIS_URL: '', ...env },
    });
    const result = JSON.parse(out) as {
      records: number;
      maxRssMb: number;
      heapLimitMb: number;
      seconds: number;
    };
    return { ...result, mbPerS: Math.round(bytes / 1024 / 1024 / result.seconds) };
  };
  const parse = child();
  // The producer side of `painmap ingest` on the same file: parse, durable batches, jobs enqueued.
  const scratch = await createBenchDb(adminUrl);
  const prefix = `benchingest${Date.now()}`;
  let ingest: ReturnType<typeof child>;
  try {
    ingest = child({ DATABASE_URL: scratch.url, REDIS_URL: redisUrl, QUEUE_PREFIX: prefix });
  } finally {
    await scratch.drop();
    const connection = new Redis(redisUrl, { maxRetriesPerRequest: null });
    for (const name of QUEUES) {
      await new Queue(name, { connection, prefix }).obliterate({ force: true });
    }
    connection.disconnect();
  }
  return { fileMb: Math.round(bytes / 1024 / 1024), ...parse, ingest };
}

export async function benchRedisGrowth(redisUrl: string, jobs = 10_000) {
  const prefix = `benchmem${Date.now()}`;
  const connection = new Redis(redisUrl, { maxRetriesPerRequest: null });
  const queue = new Queue('tag', { connection, prefix, defaultJobOptions: DEFAULT_JOB_OPTIONS });
  const used = async () => Number(/used_memory:(\d+)/.exec(await connection.info('memory'))?.[1] ?? 0);
  const before = await used();
  let done = 0;
  await new Promise<void>((resolve) => {
    const worker = new Worker(
      'tag',
      async () => {
        if (++done === jobs) setImmediate(() => void worker.close().then(() => resolve()));
      },
      { connection, prefix, concurrency: 20 },
    );
    void (async () => {
      for (let i = 0; i < jobs; i += 500) {
        await queue.addBulk(
          Array.from({ length: 500 }, (_, k) => ({
            name: 'tag.batch',
            data: { batchId: i + k + 1 },
            opts: { jobId: `batch-${i + k + 1}` },
          })),
        );
      }
    })();
  });
  const after = await used();
  await queue.obliterate({ force: true });
  await queue.close();
  connection.disconnect();
  return {
    jobs,
    growthKb: Math.round((after - before) / 1024),
    keptCompleted: DEFAULT_JOB_OPTIONS.removeOnComplete.count,
  };
}
