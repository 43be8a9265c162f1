// `npm run bench`: the whole pipeline beside its own ceiling, query latency, memory — one run, real
// Postgres and Redis. Sizes: BENCH_ROWS (1,000,000), BENCH_QUERY_ITEMS (10,000,000), BENCH_MEMORY_MB
// (1024), BENCH_DRIVERS_ITEMS and BENCH_DASHBOARD_ITEMS (BENCH_QUERY_ITEMS), BENCH_INSIGHT_ROWS (10,000);
// BENCH_SKIP=pipeline,insight,query,drivers,dashboard,memory,tagger skips parts. Results go to bench/results/.
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { benchDashboard, printDashboard } from './dashboard.bench.js';
import { benchDrivers } from './drivers.bench.js';
import { benchInsight, printInsight } from './insight.bench.js';
import { findServices } from './lib/env.js';
import { benchParseMemory, benchRedisGrowth } from './memory.bench.js';
import { benchPipeline } from './pipeline.bench.js';
import { benchQuery } from './query.bench.js';

const num = (name: string, def: number) => Number(process.env[name] ?? def);
const skip = new Set((process.env.BENCH_SKIP ?? '').split(',').filter(Boolean));
const fmt = (n: number, digits = 0) =>
  n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const results: Record<string, unknown> = { at: new Date().toISOString(), node: process.version, cores: 2 };
const { adminUrl, redisUrl } = findServices();

if (!skip.has('tagger')) {
  console.log('\n## Tagger (one core)');
  console.log(
    execFileSync(process.execPath, ['--import', 'tsx', 'bench/tagger.bench.ts'], { encoding: 'utf8' }).trim(),
  );
}
if (!skip.has('pipeline')) {
  const p = await benchPipeline(adminUrl, redisUrl, num('BENCH_ROWS', 1_000_000));
  results.pipeline = p;
  console.log(
    `\n## End to end: ${fmt(p.rows)}-row survey CSV → ingest → BullMQ → tag → Postgres → aggregates`,
  );
  console.log('stage                          µs/item  note');
  for (const s of p.stages)
    console.log(`${s.stage.padEnd(30)} ${fmt(s.usPerItem, 1).padStart(7)}  ${s.note}`);
  console.log(
    `${'(COPY of the same rows: floor)'.padEnd(30)} ${fmt(p.copyFloorUsPerItem, 1).padStart(7)}  vs 'Postgres write'`,
  );
  console.log(
    `${'sum'.padEnd(30)} ${fmt(p.sumUsPerItem, 1).padStart(7)}  → ceiling on 2 cores ${fmt(p.ceilingItemsPerS)} items/s`,
  );
  const limiting = p.stages.reduce((a, b) => (b.usPerItem > a.usPerItem ? b : a));
  results.pipeline = { ...p, limitingStage: limiting.stage };
  console.log(
    `limiting stage: ${limiting.stage}, ${fmt((limiting.usPerItem / p.sumUsPerItem) * 100)}% of the CPU an item costs; and the workers wait ${fmt(p.parsePhaseS, 1)} s for the whole file to parse (a file-level error rejects it whole)`,
  );
  console.log(
    `end to end: ${fmt(p.e2eItemsPerS)} items/s, ${fmt(p.wallS, 1)} s wall (parse phase ${fmt(p.parsePhaseS, 1)} s) = ${fmt(p.ratio * 100)}% of the ceiling`,
  );
  console.log(
    `check: ${fmt(p.stored)} items stored of ${fmt(p.rows)}, ${p.aggDiffRows} aggregate rows differing from a recomputation`,
  );
}
if (!skip.has('insight')) {
  const r = await benchInsight(adminUrl, redisUrl, num('BENCH_INSIGHT_ROWS', 10_000));
  results.insight = { ...r, met: r.insightS < r.targetS };
  printInsight(r);
}
if (!skip.has('query')) {
  const q = await benchQuery(adminUrl, num('BENCH_QUERY_ITEMS', 10_000_000));
  results.query = q;
  console.log(`\n## Heatmap, 52 weekly buckets over ${fmt(q.items)} items (loaded in ${fmt(q.loadS)} s)`);
  console.log(
    `from the aggregate tables: p50 ${fmt(q.dailyP50Ms, 1)} ms, p95 ${fmt(q.dailyP95Ms, 1)} ms (50 runs; target p95 < 50 ms)`,
  );
  console.log(
    `from raw mentions:         median ${fmt(q.rawMedianMs)} ms (3 runs) = ${fmt(q.rawMedianMs / q.dailyP50Ms)}× slower`,
  );
}
if (!skip.has('drivers')) {
  const d = await benchDrivers(adminUrl, num('BENCH_DRIVERS_ITEMS', num('BENCH_QUERY_ITEMS', 10_000_000)));
  results.drivers = d;
  console.log(
    `\n## What drives the score (GET /v1/drivers), ${fmt(d.items)} items (loaded in ${fmt(d.loadS)} s)`,
  );
  for (const p of [...d.periods, { ...d.proMonth, period: 'month, plan=pro', runs: d.periods[1]!.runs }]) {
    console.log(
      `${p.period.padEnd(16)} ${fmt(p.respondents).padStart(9)} respondents: p50 ${fmt(p.p50, 1)} ms, p95 ${fmt(p.p95, 1)} ms ` +
        `(Postgres p50 ${fmt(p.queryP50, 1)} ms, the rest ranking and bootstrap; ${p.runs} runs)`,
    );
  }
}
if (!skip.has('dashboard')) {
  const d = await benchDashboard(
    adminUrl,
    redisUrl,
    num('BENCH_DASHBOARD_ITEMS', num('BENCH_QUERY_ITEMS', 10_000_000)),
  );
  results.dashboard = d;
  printDashboard(d);
}
if (!skip.has('memory')) {
  const m = await benchParseMemory(num('BENCH_MEMORY_MB', 1024), adminUrl, redisUrl);
  const r = await benchRedisGrowth(redisUrl);
  results.memory = { parse: m, redis: r };
  console.log(`\n## Memory`);
  console.log(
    `streaming parse of a ${fmt(m.fileMb)} MB CSV (${fmt(m.records)} records, ${m.mbPerS} MB/s): peak RSS ${m.maxRssMb} MB, heap limit ${m.heapLimitMb} MB (target < 300 MB)`,
  );
  console.log(
    `ingesting it (parse + durable batches + jobs, as painmap ingest): peak RSS ${m.ingest.maxRssMb} MB, heap limit ${m.ingest.heapLimitMb} MB, ${fmt(m.ingest.seconds, 1)} s (target < 300 MB)`,
  );
  console.log(
    `Redis growth after ${fmt(r.jobs)} finished jobs: ${fmt(r.growthKb)} KiB (completed jobs kept: last ${r.keptCompleted})`,
  );
}
mkdirSync('bench/results', { recursive: true });
const file = `bench/results/${(results.at as string).slice(0, 19).replaceAll(':', '-')}.json`;
writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
console.log(`\nresults: ${file}`);
