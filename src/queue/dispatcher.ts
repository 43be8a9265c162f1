// Where follow-up jobs go: BullMQ queues on Redis, or an in-process FIFO for the embedded demo.
// Both take the same JobRequest and apply the same job ids and debouncing.
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { addOptions, DEFAULT_JOB_OPTIONS, JOBS, type JobRequest, jobKey, type QueueName } from './jobs.js';

export interface DispatchOptions {
  /**
   * Re-run jobs whose id is still held by a finished (failed or completed) job. BullMQ ignores an
   * add with the id of a job it still keeps, so without this a failed job would block its work
   * until removeOnFail drops it. The reconciler sets it: durable state says the work is not done.
   */
  replaceFinished?: boolean;
}

export interface Dispatcher {
  dispatch(requests: JobRequest[], options?: DispatchOptions): Promise<void>;
  close(): Promise<void>;
}

export interface BullDispatcherOptions {
  connection: Redis;
  prefix: string;
  debounceMs: number;
}

export class BullDispatcher implements Dispatcher {
  readonly queues = new Map<QueueName, Queue>();
  constructor(private readonly options: BullDispatcherOptions) {}

  queue(name: QueueName): Queue {
    let queue = this.queues.get(name);
    if (!queue) {
      queue = new Queue(name, {
        connection: this.options.connection,
        prefix: this.options.prefix,
        defaultJobOptions: DEFAULT_JOB_OPTIONS,
        streams: { events: { maxLen: 1_000 } },
      });
      queue.on('error', () => {
        // Connection errors are logged by the shared Redis connection; add() still rejects.
      });
      this.queues.set(name, queue);
    }
    return queue;
  }

  async dispatch(requests: JobRequest[], options: DispatchOptions = {}): Promise<void> {
    if (options.replaceFinished) await this.removeFinished(requests);
    const byQueue = new Map<QueueName, Parameters<Queue['addBulk']>[0]>();
    for (const request of requests) {
      const queueName = JOBS[request.name].queue;
      const opts = addOptions(request, this.options.debounceMs);
      const list = byQueue.get(queueName) ?? [];
      list.push({ name: request.name, data: request.data, opts });
      byQueue.set(queueName, list);
    }
    for (const [queueName, jobs] of byQueue) {
      // Debounced jobs cannot go through addBulk (deduplication is per add call).
      const plain = jobs.filter((job) => !job.opts?.deduplication);
      for (let i = 0; i < plain.length; i += 200)
        await this.queue(queueName).addBulk(plain.slice(i, i + 200));
      for (const job of jobs.filter((j) => j.opts?.deduplication)) {
        await this.queue(queueName).add(job.name, job.data, job.opts);
      }
    }
  }

  private async removeFinished(requests: JobRequest[]): Promise<void> {
    for (const request of requests) {
      const { jobId } = jobKey(request);
      if (!jobId) continue;
      const job = await this.queue(JOBS[request.name].queue).getJob(jobId);
      if (job && ((await job.isFailed()) || (await job.isCompleted()))) await job.remove();
    }
  }

  async close(): Promise<void> {
    await Promise.all([...this.queues.values()].map((queue) => queue.close()));
  }
}

export type JobHandler = (request: JobRequest) => Promise<JobRequest[]>;

/** Runs jobs one after another in this process; debounced jobs collapse while they wait. */
export class InProcessDispatcher implements Dispatcher {
  private readonly pending: JobRequest[] = [];
  private readonly waitingKeys = new Set<string>();

  async dispatch(requests: JobRequest[]): Promise<void> {
    for (const request of requests) {
      const key = jobKey(request).dedupeId;
      if (key && this.waitingKeys.has(key)) continue;
      if (key) this.waitingKeys.add(key);
      this.pending.push(request);
    }
  }

  /** Processes jobs until none are left; debounced jobs run after the plain ones, as with a delay. */
  async drain(handle: JobHandler): Promise<number> {
    let count = 0;
    for (;;) {
      const index = this.pending.findIndex((r) => jobKey(r).dedupeId === undefined);
      const request = this.pending.splice(Math.max(index, 0), 1)[0];
      if (!request) return count;
      const key = jobKey(request).dedupeId;
      if (key) this.waitingKeys.delete(key);
      await this.dispatch(await handle(request));
      count++;
    }
  }

  async close(): Promise<void> {}
}

/**
 * The embedded server's queue: jobs run in this process, in the background, as soon as they are
 * dispatched (one drain at a time, like a worker with concurrency 1). A job that fails is logged and
 * dropped; the reconciler at the next start finds its work unfinished in the database and runs it again.
 */
export class BackgroundDispatcher implements Dispatcher {
  private readonly queue = new InProcessDispatcher();
  private running: Promise<void> = Promise.resolve();
  private handle: JobHandler | null = null;
  private closed = false;

  constructor(private readonly onError: (error: unknown) => void) {}

  /** Jobs wait until a handler is set (the handler needs the runtime this dispatcher is part of). */
  start(handle: JobHandler): void {
    this.handle = handle;
    this.kick();
  }

  async dispatch(requests: JobRequest[]): Promise<void> {
    await this.queue.dispatch(requests);
    this.kick();
  }

  /** Resolves once every job dispatched so far (and its follow-ups) has run. */
  async idle(): Promise<void> {
    for (let last: Promise<void> | null = null; last !== this.running; ) {
      last = this.running;
      await last;
    }
  }

  private kick(): void {
    const handle = this.handle;
    if (!handle || this.closed) return;
    this.running = this.running.then(() => this.queue.drain(handle).then(() => undefined, this.onError));
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.idle();
  }
}
