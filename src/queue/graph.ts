// The whole pipeline graph in one place: one pure builder per edge, naming the jobs that follow.
//   upload stored (API)           → ingest.upload
//   run parsed (file, API items)  → tag.batch × N, or aggregate.run for a run with no batches
//   pulled page written           → tag.batch
//   pull runs open (tick, CLI)    → ingest.pull × source
//   pull finished / failed        → aggregate.run (finished only) + the source's next ingest.pull
//   tag.batch done                → aggregate.run
//   aggregate.day / .run done     → nothing
//   unfinished work (reconciler)  → every kind, from durable state
// A tagged batch has already moved pain_point_daily in its own transaction; aggregate.day (a whole
// day rebuilt from raw mentions) is only a repair, enqueued by the reconciler for days marked dirty.
// Every caller enqueues only what these builders return; ids and options come from jobs.ts.
import type { JobRequest } from './jobs.js';

export interface TagBatchResult {
  runId: number;
  days: string[];
}

export type JobResult =
  | { name: 'tag.batch'; result: TagBatchResult }
  | { name: 'aggregate.day' | 'aggregate.run' };

/** What a finished job enqueues (the workers and the in-process queue dispatch it). */
export function nextJobs(done: JobResult): JobRequest[] {
  switch (done.name) {
    case 'tag.batch':
      return [{ name: 'aggregate.run', data: { runId: done.result.runId } }];
    case 'aggregate.day':
    case 'aggregate.run':
      return [];
  }
}

/** What the HTTP API enqueues once an uploaded file is stored in Postgres. */
export function jobsForStoredUpload(uploadId: number): JobRequest[] {
  return [{ name: 'ingest.upload', data: { uploadId } }];
}

/** What an ingest that recorded a run's batches enqueues (a file, an upload, API items). */
export function jobsForParsedRun(runId: number, batchIds: readonly number[]): JobRequest[] {
  if (batchIds.length === 0) return [{ name: 'aggregate.run', data: { runId } }];
  return batchIds.map((batchId): JobRequest => ({ name: 'tag.batch', data: { batchId } }));
}

/** What a pull enqueues for each page it wrote as a durable batch. */
export function jobsForPulledPage(batchId: number): JobRequest[] {
  return [{ name: 'tag.batch', data: { batchId } }];
}

/** What the scheduler tick and `painmap pull` enqueue: each source's oldest open pull run. */
export function jobsForOpenPulls(runIds: readonly number[]): JobRequest[] {
  return runIds.map((runId): JobRequest => ({ name: 'ingest.pull', data: { runId } }));
}

/**
 * What a pull run enqueues when it ends: a fetched run is closed once its batches are tagged; a
 * failed one is already closed. Either way the source's next open run (if any) follows.
 */
export function jobsForFinishedPull(
  runId: number,
  outcome: 'fetched' | 'failed',
  nextRunId: number | undefined,
): JobRequest[] {
  return [
    ...(outcome === 'fetched' ? [{ name: 'aggregate.run' as const, data: { runId } }] : []),
    ...jobsForOpenPulls(nextRunId === undefined ? [] : [nextRunId]),
  ];
}

/** Work that durable state says is not done, as the reconciler finds it. */
export interface UnfinishedWork {
  uploadIds: readonly number[];
  batchIds: readonly number[];
  days: readonly string[];
  runIds: readonly number[];
  pullRunIds: readonly number[];
}

/** What the reconciler enqueues (again) for work a crash, a lost job or a wiped Redis left undone. */
export function jobsForUnfinishedWork(work: UnfinishedWork): JobRequest[] {
  return [
    ...work.uploadIds.flatMap(jobsForStoredUpload),
    ...work.batchIds.map((batchId): JobRequest => ({ name: 'tag.batch', data: { batchId } })),
    ...work.days.map((day): JobRequest => ({ name: 'aggregate.day', data: { day } })),
    ...work.runIds.map((runId): JobRequest => ({ name: 'aggregate.run', data: { runId } })),
    ...jobsForOpenPulls(work.pullRunIds),
  ];
}
