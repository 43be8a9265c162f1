// The whole pipeline graph in one pure function: which jobs follow a finished job.
//   ingest (CLI, upload, nightly pull) → tag.batch × N → aggregate.day × days + aggregate.run
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
      return [
        ...done.result.days.map((day): JobRequest => ({ name: 'aggregate.day', data: { day } })),
        { name: 'aggregate.run', data: { runId: done.result.runId } },
      ];
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
