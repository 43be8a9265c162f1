// The whole pipeline graph in one pure function: which jobs follow a finished job.
//   ingest (CLI, upload, nightly pull) → tag.batch × N → aggregate.run
// A tagged batch has already moved pain_point_daily in its own transaction; aggregate.day (a whole
// day rebuilt from raw mentions) is only a repair, enqueued by the reconciler for days marked dirty.
import type { JobRequest } from './jobs.js';

export interface TagBatchResult {
  runId: number;
  days: string[];
}

export type JobResult =
  | { name: 'tag.batch'; result: TagBatchResult }
  | { name: 'aggregate.day' | 'aggregate.run' };

export function nextJobs(done: JobResult): JobRequest[] {
  switch (done.name) {
    case 'tag.batch':
      return [{ name: 'aggregate.run', data: { runId: done.result.runId } }];
    case 'aggregate.day':
    case 'aggregate.run':
      return [];
  }
}

/** What an ingest that recorded a run's batches enqueues. */
export function jobsForParsedRun(runId: number, batchIds: number[]): JobRequest[] {
  if (batchIds.length === 0) return [{ name: 'aggregate.run', data: { runId } }];
  return batchIds.map((batchId): JobRequest => ({ name: 'tag.batch', data: { batchId } }));
}
