// Scale-out: worker processes on 1, 2 and 3 separate hosts against one Postgres and one Redis. Each host
// is a network namespace with its own address on a bridge (bench/lib/netns.ts); the bench's own
// Postgres cluster and Redis listen on the bridge address only (bench/lib/private-stack.ts). For each
// host count: a fresh database and an empty Redis, the same generated survey CSV ingested from the root
// namespace with the queues paused, one worker process per host at the default settings, then the
// queues resumed and timed until every item is stored and the run is aggregated. CPU comes from /proc:
// each worker's, Postgres's (the postmaster's tree), Redis's and the machine's. `npm run bench:scale-out`;
// BENCH_SCALE_ROWS (30,000) rows, BENCH_SCALE_HOSTS (1,2,3) host counts. Root only: it skips otherwise.
import type { ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { sql } from 'kysely';
import { createLogger } from '../src/logger.js';
import { ingestFile } from '../src/pipeline/ingest-file.js';
import { waitForRuns } from '../src/pipeline/wait.js';
import { QUEUES } from '../src/queue/jobs.js';
import { onShutdown } from '../src/signals.js';
import { findAggregateDrift } from '../src/storage/aggregates.repository.js';
import { cpuMicros, writeSurveyCsv } from './lib/env.js';
import {
  bridgeAddress,
  commandInHost,
  createHosts,
  findNetnsProblem,
  type Host,
  removeHosts,
  SCALE_OUT_NETWORK,
} from './lib/netns.js';
import { findStackProblem, type PrivateStack, startPrivateStack } from './lib/private-stack.js';
import { readLoadAverage, readMachineCpuS, readTreesCpuS } from './lib/proc-cpu.js';
import { printScaleOut, type ScaleOutRun } from './lib/scale-out-report.js';
import { ingestDeps, startWorkerProcess } from './lib/workers.js';

type Target = { url: string; redisUrl: string; prefix: string };

/** Every live worker process; the teardown kills what is left of them before the namespaces go. */
const live = new Set<ChildProcess>();

/** One worker process per host, each started inside its host's namespace. */
function startHostWorkers(hosts: Host[], target: Target): ChildProcess[] {
  return hosts.map((host) => {
    const child = startWorkerProcess(target, { via: commandInHost(host) });
    live.add(child);
    child.once('exit', () => live.delete(child));
    return child;
  });
}

/** Waits until every worker process has its tag worker on Redis; returns the addresses Redis sees them at. */
async function waitForWorkers(target: Target, children: ChildProcess[]): Promise<string[]> {
  const connection = new Redis(target.redisUrl, { maxRetriesPerRequest: null });
  const queue = new Queue('tag', { connection, prefix: target.prefix });
  try {
    const deadline = Date.now() + 120_000;
    for (;;) {
      const workers = await queue.getWorkers();
      if (workers.length >= children.length)
        return workers.map((w) => String(w.addr ?? '').replace(/:\d+$/, '')).sort();
      const dead = children.find((child) => child.exitCode !== null || child.signalCode !== null);
      if (dead) throw new Error(`bench: a worker process exited at start-up (code ${dead.exitCode})`);
      if (Date.now() > deadline) throw new Error('bench: the workers did not start within 120 s');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  } finally {
    await queue.close();
    connection.disconnect();
  }
}

async function setQueuesPaused(target: Target, paused: boolean): Promise<void> {
  const connection = new Redis(target.redisUrl, { maxRetriesPerRequest: null });
  for (const name of QUEUES) {
    const queue = new Queue(name, { connection, prefix: target.prefix });
    await (paused ? queue.pause() : queue.resume());
    await queue.close();
  }
  connection.disconnect();
}

/** CPU seconds so far: each worker's tree, the Postgres cluster, Redis, this process and the machine. */
function sampleCpu(children: ChildProcess[], stack: PrivateStack) {
  const roots = [...children.map((c) => c.pid ?? 0), stack.postgresPid(), stack.redisPid()];
  const trees = readTreesCpuS(roots);
  return {
    workers: trees.slice(0, children.length),
    postgres: trees[children.length]!,
    redis: trees[children.length + 1]!,
    bench: cpuMicros() / 1e6,
    machine: readMachineCpuS(),
  };
}

async function stopWorkers(children: ChildProcess[]): Promise<void> {
  await Promise.all(
    children.map((child) => {
      if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      return exited;
    }),
  );
}

/** Resumes the queues and waits for the run to be done and aggregated, failing if a worker dies. */
async function processRun(
  deps: Parameters<typeof waitForRuns>[0],
  target: Target,
  runId: number,
  children: ChildProcess[],
) {
  const died = new Promise<never>((_, reject) => {
    for (const child of children)
      child.once('exit', (code) => reject(new Error(`bench: a worker process exited early (code ${code})`)));
  });
  await setQueuesPaused(target, false);
  await Promise.race([waitForRuns(deps, [runId], { timeoutMs: 1_800_000, pollMs: 100 }), died]);
  for (const child of children) child.removeAllListeners('exit');
}

async function runHosts(stack: PrivateStack, hosts: Host[], csv: string, rows: number): Promise<ScaleOutRun> {
  const { db, url } = await stack.reset();
  const target = { url, redisUrl: stack.redisUrl, prefix: `scaleout${hosts.length}` };
  const ingest = ingestDeps(db, target);
  let children: ChildProcess[] = [];
  try {
    const loadBefore = readLoadAverage();
    await setQueuesPaused(target, true);
    const i0 = performance.now();
    const { runId } = await ingestFile(ingest.deps, { path: csv });
    const ingestS = (performance.now() - i0) / 1000;
    const s0 = performance.now();
    children = startHostWorkers(hosts, target);
    const workerAddresses = await waitForWorkers(target, children);
    const startupS = (performance.now() - s0) / 1000;
    const before = sampleCpu(children, stack);
    const t0 = performance.now();
    await processRun(ingest.deps, target, runId, children);
    const wallS = (performance.now() - t0) / 1000;
    const after = sampleCpu(children, stack);
    const clients = await sql<{ addr: string }>`
      select distinct host(client_addr) as addr from pg_stat_activity
      where datname = current_database() and client_addr is not null order by 1`.execute(db);
    const stored = await sql<{ n: number }>`select count(*)::int as n from feedback_items`.execute(db);
    const drift = await findAggregateDrift(db);
    return summarise(
      { hosts, rows, wallS, startupS, ingestS, before, after, loadBefore },
      {
        workerAddresses,
        postgresClients: clients.rows.map((r) => r.addr),
        stored: stored.rows[0]!.n,
        aggregateDriftRows: drift.length,
      },
    );
  } finally {
    await stopWorkers(children);
    await ingest.close();
    await db.destroy();
  }
}

type Sample = ReturnType<typeof sampleCpu>;

function summarise(
  m: {
    hosts: Host[];
    rows: number;
    wallS: number;
    startupS: number;
    ingestS: number;
    before: Sample;
    after: Sample;
    loadBefore: number[];
  },
  check: Pick<ScaleOutRun, 'workerAddresses' | 'postgresClients' | 'stored' | 'aggregateDriftRows'>,
): ScaleOutRun {
  const { before, after } = m;
  const workerCpuS = after.workers.map((cpu, i) => cpu - before.workers[i]!);
  const postgresCpuS = after.postgres - before.postgres;
  const redisCpuS = after.redis - before.redis;
  const benchCpuS = after.bench - before.bench;
  const ours = workerCpuS.reduce((sum, s) => sum + s, 0) + postgresCpuS + redisCpuS;
  const busy = after.machine.busy - before.machine.busy;
  const total = after.machine.total - before.machine.total;
  return {
    hosts: m.hosts.length,
    hostAddresses: m.hosts.map((h) => h.address),
    rows: m.rows,
    itemsPerS: m.rows / m.wallS,
    wallS: m.wallS,
    startupS: m.startupS,
    ingestS: m.ingestS,
    workerCpuS,
    postgresCpuS,
    redisCpuS,
    benchCpuS,
    cpuUsPerItem: (ours * 1e6) / m.rows,
    machineCpuPct: (busy / total) * 100,
    otherCpuS: busy - ours - benchCpuS,
    loadAverage: { before: m.loadBefore, after: readLoadAverage() },
    ...check,
  };
}

async function main(): Promise<void> {
  const problem = findNetnsProblem() ?? findStackProblem();
  if (problem) {
    console.log(`bench:scale-out skipped: ${problem}.`);
    return;
  }
  const rows = Number(process.env.BENCH_SCALE_ROWS ?? 30_000);
  const counts = (process.env.BENCH_SCALE_HOSTS ?? '1,2,3').split(',').map(Number);
  const csv = join(tmpdir(), `painmap-bench-scale-out-${rows}.csv`);
  await writeSurveyCsv(csv, rows);
  const layout = SCALE_OUT_NETWORK;
  let stack: PrivateStack | undefined;
  const teardown = () => {
    for (const child of live) child.kill('SIGKILL');
    stack?.stopNow();
    removeHosts(layout);
  };
  void onShutdown(createLogger('warn'), async () => {
    teardown();
    console.log('bench:scale-out interrupted: workers, Postgres, Redis and the namespaces removed.');
    process.exit(130);
  });
  try {
    const hosts = createHosts(layout, Math.max(...counts));
    stack = await startPrivateStack(bridgeAddress(layout), `${layout.subnet}.0/24`);
    const runs: ScaleOutRun[] = [];
    for (const count of counts) runs.push(await runHosts(stack, hosts.slice(0, count), csv, rows));
    const postgres = { address: stack.address, port: stack.postgresPort };
    printScaleOut(runs, postgres);
    mkdirSync('bench/results', { recursive: true });
    const at = new Date().toISOString();
    const file = `bench/results/scale-out-${at.slice(0, 19).replaceAll(':', '-')}.json`;
    const result = { at, node: process.version, cores: cpus().length, rows, postgres, runs };
    writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
    console.log(`\nresults: ${file}`);
  } finally {
    teardown();
  }
}

await main();
process.exit(0);
