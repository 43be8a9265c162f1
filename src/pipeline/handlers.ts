// One handler per job name; each returns the follow-up jobs (from the pure graph) after its
// writes have committed. Used by BullMQ workers and by the in-process demo alike.
import { nextJobs } from '../queue/graph.js';
import type { JobRequest } from '../queue/jobs.js';
import { rebuildDay } from '../storage/aggregates.repository.js';
import { finishRunIfComplete } from '../storage/runs.repository.js';
import type { Deps } from './deps.js';
import { ingestUpload } from './ingest-upload.js';
import { pullSource } from './pull-source.js';
import { tagBatch } from './tag-batch.js';

export async function handleJob(
  deps: Pick<Deps, 'db' | 'tag' | 'log' | 'dispatcher' | 'config'>,
  request: JobRequest,
): Promise<JobRequest[]> {
  switch (request.name) {
    case 'ingest.upload':
      // ingestFile enqueues the run's batches itself, after they are durable.
      await ingestUpload(deps, request.data.uploadId);
      return [];
    case 'ingest.pull':
      // Pages are enqueued as they are written; returns the run's close and the source's next pull.
      return pullSource(deps, request.data.runId);
    case 'tag.batch': {
      const outcome = await tagBatch(deps, request.data.batchId);
      if (!outcome) {
        deps.log.warn(
          { batchId: request.data.batchId },
          'batch no longer exists (its run was rejected or deleted)',
        );
        return [];
      }
      return nextJobs({ name: 'tag.batch', result: outcome });
    }
    case 'aggregate.day':
      await deps.db.transaction().execute((trx) => rebuildDay(trx, request.data.day));
      return nextJobs({ name: 'aggregate.day' });
    case 'aggregate.run':
      await finishRunIfComplete(deps.db, request.data.runId);
      return nextJobs({ name: 'aggregate.run' });
  }
}
