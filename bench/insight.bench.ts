// Time to insight: how long after `painmap ingest` starts until a survey file's rows are all in the
// heatmap, with one worker process at its default settings. The heatmap is read the way the API reads
// it (queryHeatmap over the aggregate tables) every POLL_MS; the moment is the first read whose total
// equals the total once everything has settled. Usage: tsx bench/insight.bench.ts [ROWS] (10,000).
import type { ChildProcess } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { sql } from 'kysely';
import { queryHeatmap } from '../src/aggregate/heatmap.query.js';
import { ingestFile } from '../src/pipeline/ingest-file.js';
import { waitForRuns } from '../src/pipeline/wait.js';
import type { Db } from '../src/storage/db.js';
import { createBenchDb, findServices, writeSurveyCsv } from './lib/env.js';
import { ingestDeps, startWorkerProcess } from './lib/workers.js';

const POLL_MS = 25;

export interface InsightResult {
  rows: number;
  /** From the start of the ingest until `painmap ingest` returned (file parsed, batches durable, jobs queued). */
  parsedS: number;
  /** Until the first heatmap read that held every row's mentions. */
  insightS: number;
  /** Until the run was `done` and no day was left to aggregate. */
  settledS: number;
  stored: number;
  heatmapMentions: number;
  polls: number;
  targetS: number;
}

const heatmapTotal = async (db: Db) =>
  (await queryHeatmap(db, { bucket: 'week' })).reduce((sum, row) => sum + row.mentions, 0);

async function waitForWorker(redisUrl: string, prefix: string, child: ChildProcess): Promise<void> {
  const connection = new Redis(redisUrl, { maxRetriesPerRequest: null });
  const queue = new Queue('tag', { connection, prefix });
  try {
    const deadline = Date.now() + 60_000;
    while ((await queue.getWorkers()).length === 0) {
      if (child.exitCode !== null) throw new Error(`bench: the worker exited (code ${child.exitCode})`);
      if (Date.now() > deadline) throw new Error('bench: the worker did not start within 60 s');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  } finally {
    await queue.close();
    connection.disconnect();
  }
}

export async function benchInsight(adminUrl: string, redisUrl: string, rows: number): Promise<InsightResult> {
  const path = join(tmpdir(), `painmap-bench-insight-${rows}.csv`);
  await writeSurveyCsv(path, rows);
  const target = await createBenchDb(adminUrl);
  const prefix = `insight${Date.now()}`;
  // One worker process with the defaults a user gets: no concurrency, batch or debounce settings.
  const where = { url: target.url, redisUrl, prefix };
  const profileDir = process.env.BENCH_WORKER_PROF;
  const worker = startWorkerProcess(where, {
    nodeArgs: profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [],
    ...(process.env.BENCH_WORKER_LOG ? { logLevel: process.env.BENCH_WORKER_LOG } : {}),
  });
  const ingest = ingestDeps(target.db, where);
  const { deps } = ingest;
  try {
    await waitForWorker(redisUrl, prefix, worker);
    const reads: { at: number; total: number }[] = [];
    let polling = true;
    const t0 = performance.now();
    const poller = (async () => {
      while (polling) {
        const total = await heatmapTotal(target.db);
        reads.push({ at: (performance.now() - t0) / 1000, total });
        await new Promise((resolve) => setTimeout(resolve, POLL_MS));
      }
    })();
    const { runId } = await ingestFile(deps, { path });
    const parsedS = (performance.now() - t0) / 1000;
    await waitForRuns(deps, [runId], { timeoutMs: 600_000, pollMs: POLL_MS });
    const settledS = (performance.now() - t0) / 1000;
    polling = false;
    await poller;
    const final = await heatmapTotal(target.db);
    const first = reads.find((r) => r.total === final);
    if (process.env.BENCH_INSIGHT_TRACE)
      for (const r of reads.filter((r, i) => i === 0 || r.total !== reads[i - 1]!.total))
        console.log(`  ${r.at.toFixed(2)} s: ${r.total}`);
    const stored = await sql<{ n: number }>`select count(*)::int as n from feedback_items`.execute(target.db);
    return {
      rows,
      parsedS,
      insightS: first?.at ?? settledS,
      settledS,
      stored: stored.rows[0]!.n,
      heatmapMentions: final,
      polls: reads.length,
      targetS: 3,
    };
  } finally {
    const exited = new Promise((resolve) => worker.once('exit', resolve));
    worker.kill('SIGTERM');
    if (worker.exitCode === null) await exited;
    await ingest.close();
    await target.drop();
  }
}

export function printInsight(r: InsightResult): void {
  const s = (n: number) => n.toFixed(2);
  console.log(`\n## Time to insight: a ${r.rows.toLocaleString('en-US')}-row survey CSV, one worker process`);
  console.log(
    `in the heatmap after ${s(r.insightS)} s (target < ${r.targetS} s); ingest returned after ${s(r.parsedS)} s, ` +
      `run done and aggregated after ${s(r.settledS)} s; ${r.stored.toLocaleString('en-US')} items stored, ` +
      `${r.heatmapMentions.toLocaleString('en-US')} mentions in the heatmap (${r.polls} reads)`,
  );
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { adminUrl, redisUrl } = findServices();
  printInsight(await benchInsight(adminUrl, redisUrl, Number(process.argv[2] ?? 10_000)));
  process.exit(0);
}
