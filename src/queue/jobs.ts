// The job catalogue: every queue, job name, payload schema, default options and job id in one place.
import { z } from 'zod';

export const QUEUES = ['ingest', 'tag', 'aggregate'] as const;
export type QueueName = (typeof QUEUES)[number];

const id = z.number().int().positive();
const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

export const JOBS = {
  /** Parse a file stored by the HTTP API (uploads + upload_chunks) into a run's durable batches. */
  'ingest.upload': { queue: 'ingest', payload: z.object({ uploadId: id }) },
  /** Fetch one nightly (or manual) pull run of a source, page by page, into durable batches. */
  'ingest.pull': { queue: 'ingest', payload: z.object({ runId: id }) },
  /** Tag one durable batch of items and write items, mentions and dirty days in one transaction. */
  'tag.batch': { queue: 'tag', payload: z.object({ batchId: id }) },
  /** Repair: rebuild one UTC day of pain_point_daily from raw mentions. Debounced per day. */
  'aggregate.day': { queue: 'aggregate', payload: z.object({ day }) },
  /** Close a run whose batches are all done, summing their outcomes. Debounced per run. */
  'aggregate.run': { queue: 'aggregate', payload: z.object({ runId: id }) },
} as const satisfies Record<string, { queue: QueueName; payload: z.ZodType }>;

export type JobName = keyof typeof JOBS;
export type JobPayload<N extends JobName> = z.infer<(typeof JOBS)[N]['payload']>;
export type JobRequest = { [N in JobName]: { name: N; data: JobPayload<N> } }[JobName];

/**
 * A deterministic id for a job (BullMQ: no ':' and not all digits). Debounced jobs get a
 * deduplication id instead, so later signals collapse into one pending run.
 */
export function jobKey(request: JobRequest): { jobId?: string; dedupeId?: string } {
  switch (request.name) {
    case 'ingest.upload':
      return { jobId: `upload-${request.data.uploadId}` };
    case 'ingest.pull':
      return { jobId: `pull-${request.data.runId}` };
    case 'tag.batch':
      return { jobId: `batch-${request.data.batchId}` };
    case 'aggregate.day':
      return { dedupeId: `day-${request.data.day}` };
    case 'aggregate.run':
      return { dedupeId: `run-${request.data.runId}` };
  }
}

export function parsePayload<N extends JobName>(name: N, data: unknown): JobPayload<N> {
  return JOBS[name].payload.parse(data) as JobPayload<N>;
}

export function isJobName(name: string): name is JobName {
  return Object.hasOwn(JOBS, name);
}

/** Retries with backoff for infrastructure errors; bad input is failed at once (UnrecoverableError). */
export const DEFAULT_JOB_OPTIONS = {
  attempts: 10,
  backoff: { type: 'exponential', delay: 1_000 },
  removeOnComplete: { age: 3_600, count: 1_000 },
  removeOnFail: { age: 7 * 24 * 3_600, count: 10_000 },
} as const;

/** The options of one BullMQ add: retries, retention, and either a job id or a debounce. */
export type AddOptions = typeof DEFAULT_JOB_OPTIONS &
  (
    | { jobId: string }
    | {
        deduplication: { id: string; ttl: number; extend: true; replace: true };
        delay: number;
      }
  );

/**
 * Every option a job is added with, in one pure function. A debounced job waits `debounceMs` and a
 * later signal with the same key replaces it (the wait starts again), so a burst becomes one run.
 */
export function addOptions(request: JobRequest, debounceMs: number): AddOptions {
  const { jobId, dedupeId } = jobKey(request);
  if (dedupeId === undefined) return { ...DEFAULT_JOB_OPTIONS, jobId: jobId! };
  return {
    ...DEFAULT_JOB_OPTIONS,
    deduplication: { id: dedupeId, ttl: Math.max(debounceMs, 1), extend: true, replace: true },
    delay: debounceMs,
  };
}
