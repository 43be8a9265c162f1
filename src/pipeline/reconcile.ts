// The safety net: Postgres is the system of record, Redis only transport. Whatever a crash, a
// lost job or a wiped Redis left undone is found here from durable state and enqueued again.
import { jobsForUnfinishedWork } from '../queue/graph.js';
import { listDirtyDays } from '../storage/aggregates.repository.js';
import { listCompletableRunIds, listStaleBatchIds } from '../storage/runs.repository.js';
import { listOldestOpenPullRuns } from '../storage/sources.repository.js';
import { listUnstartedUploadIds } from '../storage/uploads.repository.js';
import type { Deps } from './deps.js';

export interface ReconcileSummary {
  batches: number;
  days: number;
  runs: number;
  uploads: number;
  /** Open pull runs (the oldest of each source; a crashed pull resumes from its cursor). */
  pulls: number;
}

export async function reconcile(
  deps: Pick<Deps, 'db' | 'dispatcher'>,
  options: { staleAfterMs: number },
): Promise<ReconcileSummary> {
  const [batchIds, days, runIds, uploadIds, pulls] = await Promise.all([
    listStaleBatchIds(deps.db, options.staleAfterMs),
    listDirtyDays(deps.db),
    listCompletableRunIds(deps.db),
    listUnstartedUploadIds(deps.db, options.staleAfterMs),
    listOldestOpenPullRuns(deps.db),
  ]);
  const jobs = jobsForUnfinishedWork({
    uploadIds,
    batchIds,
    days,
    runIds,
    pullRunIds: pulls.map((run) => run.id),
  });
  await deps.dispatcher.dispatch(jobs, { replaceFinished: true });
  return {
    batches: batchIds.length,
    days: days.length,
    runs: runIds.length,
    uploads: uploadIds.length,
    pulls: pulls.length,
  };
}
