// Waits until runs are closed and every dirty day is rebuilt, nudging the reconciler meanwhile.
import { sql } from 'kysely';
import type { Deps } from './deps.js';
import { reconcile } from './reconcile.js';

export async function waitForRuns(
  deps: Pick<Deps, 'db' | 'dispatcher'>,
  runIds: number[],
  options: { timeoutMs: number; pollMs?: number; reconcileEveryMs?: number },
): Promise<void> {
  const deadline = Date.now() + options.timeoutMs;
  let lastReconcile = Date.now();
  for (;;) {
    const open = await sql<{ runs: number; days: number }>`
      select (select count(*) from ingest_runs where id = any(${runIds}::bigint[])
                and state not in ('done', 'rejected', 'failed'))::int as runs,
             (select count(*) from aggregate_dirty_days)::int as days`.execute(deps.db);
    const row = open.rows[0]!;
    if (row.runs === 0 && row.days === 0) return;
    if (Date.now() > deadline) {
      throw new Error(
        `Gave up waiting: ${row.runs} runs still open, ${row.days} days not yet aggregated. Is \`painmap worker\` running?`,
      );
    }
    if (Date.now() - lastReconcile > (options.reconcileEveryMs ?? 5_000)) {
      await reconcile(deps, { staleAfterMs: 5_000 });
      lastReconcile = Date.now();
    }
    await new Promise((resolve) => setTimeout(resolve, options.pollMs ?? 100));
  }
}
