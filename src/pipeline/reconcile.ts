// The safety net: Postgres is the system of record, Redis only transport. Whatever a crash, a
// lost job or a wiped Redis left undone is found here from durable state and enqueued again.
import type { JobRequest } from '../queue/jobs.js';
import { listDirtyDays } from '../storage/aggregates.repository.js';
import { listCompletableRunIds, listStaleBatchIds } from '../storage/runs.repository.js';
import type { Deps } from './deps.js';

export interface ReconcileSummary {
  batches: number;
  days: number;
  runs: number;
}

export async function reconcile(
  deps: Pick<Deps, 'db' | 'dispatcher'>,
  options: { staleAfterMs: number },
): Promise<ReconcileSummary> {
  const [batchIds, days, runIds] = await Promise.all([
    listStaleBatchIds(deps.db, options.staleAfterMs),
    listDirtyDays(deps.db),
    listCompletableRunIds(deps.db),
  ]);
  const requests: JobRequest[] = [
    ...batchIds.map((batchId): JobRequest => ({ name: 'tag.batch', data: { batchId } })),
    ...days.map((day): JobRequest => ({ name: 'aggregate.day', data: { day } })),
    ...runIds.map((runId): JobRequest => ({ name: 'aggregate.run', data: { runId } })),
  ];
  await deps.dispatcher.dispatch(requests);
  return { batches: batchIds.length, days: days.length, runs: runIds.length };
}
