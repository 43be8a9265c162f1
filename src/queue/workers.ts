// BullMQ workers for every queue, wired to the one job handler. One outcome line per job.
// Errors are classified: an outage pauses the queue without using an attempt, bad input fails at once.
import { hostname } from 'node:os';
import { type Job, UnrecoverableError, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Config } from '../config.js';
import type { Logger } from '../logger.js';
import type { Dispatcher } from './dispatcher.js';
import { classifyError } from './errors.js';
import { isJobName, type JobRequest, parsePayload, QUEUES, type QueueName } from './jobs.js';

export interface WorkerTimings {
  /** How long a running job's lock lives without renewal (renewed every half of it). */
  lockMs: number;
  /** How often this worker looks for jobs whose worker died. */
  stalledIntervalMs: number;
  /** How many such crashes a job may live through before it is failed. */
  maxStalled: number;
  /** How long a queue pauses after an infrastructure error. */
  infraPauseMs: number;
}

export const DEFAULT_TIMINGS: WorkerTimings = {
  lockMs: 60_000,
  stalledIntervalMs: 15_000,
  // Crashed workers' jobs come back instead of failing after one stall (BullMQ's default is 1).
  maxStalled: 10,
  infraPauseMs: 2_000,
};

export function workerTimings(config: Config): WorkerTimings {
  return {
    lockMs: config.WORKER_LOCK_MS,
    stalledIntervalMs: config.WORKER_STALLED_INTERVAL_MS,
    maxStalled: config.WORKER_MAX_STALLED,
    infraPauseMs: config.WORKER_INFRA_PAUSE_MS,
  };
}

export interface WorkerOptions {
  connection: Redis;
  prefix: string;
  concurrency: number;
  log: Logger;
  dispatcher: Dispatcher;
  /** Runs one job; `log` is bound to it (queue, job name, job id, attempt). */
  handle: (request: JobRequest, log: Logger) => Promise<JobRequest[]>;
  queues?: readonly QueueName[];
  timings?: WorkerTimings;
}

export function startWorkers(options: WorkerOptions): Worker[] {
  const timings = options.timings ?? DEFAULT_TIMINGS;
  return (options.queues ?? QUEUES).map((queueName) => {
    const worker: Worker = new Worker(queueName, (job: Job) => runJob(options, timings, worker, job), {
      connection: options.connection,
      prefix: options.prefix,
      concurrency: options.concurrency,
      name: `${hostname()}-${process.pid}`,
      maxStalledCount: timings.maxStalled,
      lockDuration: timings.lockMs,
      stalledInterval: timings.stalledIntervalMs,
    });
    worker.on('error', (error) =>
      options.log.warn({ queue: queueName, err: { message: error.message } }, 'worker error'),
    );
    worker.on('stalled', (jobId) =>
      options.log.warn({ queue: queueName, jobId }, 'job stalled: its worker died or hung; running it again'),
    );
    return worker;
  });
}

async function runJob(options: WorkerOptions, timings: WorkerTimings, worker: Worker, job: Job) {
  const started = performance.now();
  const log = options.log.child({
    queue: worker.name,
    job: job.name,
    jobId: job.id,
    attempt: job.attemptsMade + 1,
  });
  // The attempt is bound to `log` above: the outcome line reads "attempt N of M" with `of`.
  const progress = () => ({
    ms: Math.round(performance.now() - started),
    of: job.opts.attempts,
    stalled: job.stalledCounter,
  });
  try {
    if (!isJobName(job.name)) throw new UnrecoverableError(`No handler for job ${job.name}`);
    const request = { name: job.name, data: parsePayload(job.name, job.data) } as JobRequest;
    const follow = await options.handle(request, log);
    await options.dispatcher.dispatch(follow);
    log.info(progress(), 'job completed');
    return { followUps: follow.length };
  } catch (error) {
    const err = error as Error & { code?: string };
    const kind = classifyError(error);
    if (kind === 'infrastructure') {
      log.warn(
        { ...progress(), err: { message: err.message, code: err.code }, pauseMs: timings.infraPauseMs },
        'service unavailable: queue paused, the job goes back without using an attempt',
      );
      // With Redis down this fails too; the job then stalls and comes back once Redis is up.
      await worker.rateLimit(timings.infraPauseMs).catch(() => undefined);
      throw Worker.RateLimitError();
    }
    log.warn({ ...progress(), kind, err: { message: err.message, code: err.code } }, 'job failed');
    throw kind === 'data' && !(error instanceof UnrecoverableError)
      ? new UnrecoverableError(err.message)
      : error;
  }
}

/** Lets running jobs finish, bounded: close() never resolves by itself while Redis is down. */
export async function closeWorkers(workers: Worker[], timeoutMs: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), timeoutMs);
  });
  const closed = Promise.all(workers.map((w) => w.close())).then(() => true as const);
  const result = await Promise.race([closed, timeout]);
  clearTimeout(timer);
  return result;
}
