// Daily retention: with RETENTION_MONTHS set, the scheduler (and `painmap serve --embedded`, which has
// no scheduler) runs `runRetention` on RETENTION_CRON (UTC) and once at start, since node-cron never
// replays a tick missed while the process was down. Runs never overlap; a failed run is logged and
// the next one retries (each page it committed stays done).
import { schedule as cronSchedule } from 'node-cron';
import type { Config } from '../config.js';
import type { Logger } from '../logger.js';
import { runRetention } from '../pipeline/retention.js';
import type { Db } from '../storage/db.js';

export interface RetentionTask {
  /** Runs retention now (the cron calls this); resolves when done, never rejects. */
  run(reason: 'start' | 'cron'): Promise<void>;
  stop(): Promise<void>;
}

/** Starts the daily retention task, or returns null when RETENTION_MONTHS is unset (keep forever). */
export function startRetentionTask(
  deps: { db: Db; log: Logger; config: Pick<Config, 'RETENTION_MONTHS' | 'RETENTION_CRON'> },
  options: { actor: string; runAtStart?: boolean; now?: () => Date },
): RetentionTask | null {
  const months = deps.config.RETENTION_MONTHS;
  if (months === undefined) return null;
  let running: Promise<void> | null = null;
  const run = async (reason: 'start' | 'cron') => {
    if (running) {
      deps.log.warn({ reason }, 'retention skipped: the previous run is still going');
      return;
    }
    const started = Date.now();
    running = runRetention(deps.db, { months, actor: options.actor, now: options.now?.() })
      .then((summary) =>
        deps.log.info(
          { reason, cutoffDay: summary.cutoffDay, ...summary.counts, ms: Date.now() - started },
          'retention run done',
        ),
      )
      .catch((error: Error & { code?: string }) =>
        deps.log.error(
          { reason, err: { message: error.message, code: error.code }, ms: Date.now() - started },
          'retention run failed; the next run retries',
        ),
      )
      .finally(() => {
        running = null;
      });
    await running;
  };
  const task = cronSchedule(deps.config.RETENTION_CRON, () => run('cron'), {
    name: 'painmap-retention',
    timezone: 'UTC',
    noOverlap: true,
  });
  if (options.runAtStart !== false) void run('start');
  return {
    run,
    async stop() {
      await task.destroy();
      await running;
    },
  };
}
