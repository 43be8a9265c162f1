// `painmap worker` and workers/worker.ts: BullMQ workers for every queue plus the periodic
// reconciler, until a signal (or, with `once`, until the queues are drained).
import type { Worker } from 'bullmq';
import type { Config } from '../config.js';
import type { Logger } from '../logger.js';
import { handleJob } from '../pipeline/handlers.js';
import { reconcile } from '../pipeline/reconcile.js';
import { checkEvictionPolicy } from '../queue/connection.js';
import { BullDispatcher } from '../queue/dispatcher.js';
import { QUEUES } from '../queue/jobs.js';
import { closeWorkers, startWorkers, type WorkerTimings, workerTimings } from '../queue/workers.js';
import { createRuntime, type Runtime } from '../runtime.js';
import { onShutdown } from '../signals.js';

export async function runWorkers(config: Config, options: { once?: boolean } = {}): Promise<void> {
  const rt = await createRuntime(config, { role: 'worker', servicesFor: '`painmap worker`' });
  const policy = rt.redis ? await checkEvictionPolicy(rt.redis).catch(() => null) : null;
  if (policy)
    rt.log.warn(
      { policy },
      "Redis maxmemory-policy should be 'noeviction': other policies can drop queued jobs",
    );
  const workers = startPipelineWorkers(rt, {
    concurrency: config.WORKER_CONCURRENCY,
    timings: workerTimings(config),
  });
  const sweep = async () => {
    try {
      const summary = await reconcile(rt, { staleAfterMs: config.RECONCILE_AFTER_MS });
      if (Object.values(summary).some((n) => n > 0)) rt.log.info(summary, 'reconciler re-enqueued work');
    } catch (error) {
      rt.log.warn({ err: { message: (error as Error).message } }, 'reconcile failed; will retry');
    }
  };
  let timer: NodeJS.Timeout | undefined;
  let stopping = false;
  const stop = async () => {
    stopping = true;
    clearInterval(timer);
    const clean = await closeWorkers(workers, config.SHUTDOWN_TIMEOUT_MS);
    if (!clean) rt.log.warn('workers did not finish in time; their jobs will be retried by another worker');
    // Closing the queues never resolves while Redis is down: bounded too (bullmq#4656).
    const closed = await settlesWithin(rt.close(), 1_000);
    if (!closed)
      rt.log.warn('connections did not close in time (is Redis or Postgres down?); exiting anyway');
    rt.log.info('workers stopped');
    if (!clean || !closed) setTimeout(() => process.exit(), 200).unref();
  };
  // Handlers go in before the first job can start: the workers above are already fetching.
  const stopped = options.once ? null : onShutdown(rt.log, stop);
  await sweep();
  if (!stopping) timer = setInterval(sweep, config.RECONCILE_INTERVAL_MS);
  rt.log.info({ concurrency: config.WORKER_CONCURRENCY, prefix: config.QUEUE_PREFIX }, 'workers started');
  if (!stopped) {
    await waitUntilQueuesIdle(rt);
    await stop();
    return;
  }
  await stopped;
}

/** Every queue's workers on the runtime's Redis; each job runs its pipeline step with a logger bound to it. */
export function startPipelineWorkers(
  rt: Runtime,
  options: { concurrency: number; timings?: WorkerTimings; log?: Logger },
): Worker[] {
  if (!rt.redis) throw new Error('BullMQ workers need Redis: this runtime is the embedded one.');
  return startWorkers({
    connection: rt.redis,
    prefix: rt.config.QUEUE_PREFIX,
    concurrency: options.concurrency,
    log: options.log ?? rt.log,
    dispatcher: rt.dispatcher,
    handle: (request, log) => handleJob({ ...rt, log }, request),
    ...(options.timings ? { timings: options.timings } : {}),
  });
}

async function settlesWithin(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  const result = await Promise.race([
    promise.then(
      () => true as const,
      () => false as const,
    ),
    timeout,
  ]);
  clearTimeout(timer);
  return result;
}

async function waitUntilQueuesIdle(rt: Runtime): Promise<void> {
  const dispatcher = rt.dispatcher;
  if (!(dispatcher instanceof BullDispatcher)) return;
  for (let quiet = 0; quiet < 3; ) {
    await new Promise((resolve) => setTimeout(resolve, 300));
    const counts = await Promise.all(
      QUEUES.map((q) => dispatcher.queue(q).getJobCounts('waiting', 'active', 'delayed', 'prioritized')),
    );
    const busy = counts.some((c) => Object.values(c).some((n) => n > 0));
    quiet = busy ? 0 : quiet + 1;
  }
}
