// BullMQ workers for every queue, wired to the one job handler. One outcome line per job.
import { type Job, UnrecoverableError, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import { ZodError } from 'zod';
import { FileRejectedError } from '../ingest/types.js';
import type { Logger } from '../logger.js';
import type { Dispatcher } from './dispatcher.js';
import { isJobName, type JobRequest, parsePayload, QUEUES, type QueueName } from './jobs.js';

export interface WorkerOptions {
  connection: Redis;
  prefix: string;
  concurrency: number;
  log: Logger;
  dispatcher: Dispatcher;
  handle: (request: JobRequest) => Promise<JobRequest[]>;
  queues?: readonly QueueName[];
}

/** Input that will never succeed is failed at once instead of retried. */
function toWorkerError(error: unknown): unknown {
  if (error instanceof ZodError || error instanceof FileRejectedError) {
    return new UnrecoverableError(error.message);
  }
  return error;
}

export function startWorkers(options: WorkerOptions): Worker[] {
  return (options.queues ?? QUEUES).map((queueName) => {
    const worker = new Worker(
      queueName,
      async (job: Job) => {
        const started = performance.now();
        const log = options.log.child({ queue: queueName, job: job.name, jobId: job.id });
        try {
          if (!isJobName(job.name)) throw new UnrecoverableError(`No handler for job ${job.name}`);
          const request = { name: job.name, data: parsePayload(job.name, job.data) } as JobRequest;
          const follow = await options.handle(request);
          await options.dispatcher.dispatch(follow);
          log.info(
            {
              ms: Math.round(performance.now() - started),
              attempt: job.attemptsMade + 1,
              of: job.opts.attempts,
            },
            'job completed',
          );
          return { followUps: follow.length };
        } catch (error) {
          const err = error as Error & { code?: string };
          log.warn(
            {
              ms: Math.round(performance.now() - started),
              attempt: job.attemptsMade + 1,
              of: job.opts.attempts,
              err: { message: err.message, code: err.code },
            },
            'job failed',
          );
          throw toWorkerError(error);
        }
      },
      {
        connection: options.connection,
        prefix: options.prefix,
        concurrency: options.concurrency,
        // Crashed workers' jobs come back instead of failing after one stall (BullMQ's default is 1).
        maxStalledCount: 10,
        lockDuration: 60_000,
        stalledInterval: 15_000,
      },
    );
    worker.on('error', (error) =>
      options.log.warn({ queue: queueName, err: { message: error.message } }, 'worker error'),
    );
    return worker;
  });
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
