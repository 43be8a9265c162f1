// `painmap scheduler` and workers/scheduler.ts: the one process that ticks node-cron (UTC) and enqueues nightly pulls.
// On start it catches up every window missed since the last recorded run (node-cron never
// replays them); overlapping ticks are skipped and logged. Run exactly one.
import { schedule as cronSchedule } from 'node-cron';
import { type Config, requireServices } from '../config.js';
import { createRuntime } from '../runtime.js';
import { startRetentionTask } from '../scheduler/retention-task.js';
import { Scheduler } from '../scheduler/tick.js';
import { nextSlot, parseSchedule } from '../scheduler/windows.js';
import { onShutdown } from '../signals.js';
import { loadSources } from '../sources/load-sources.js';

export async function runScheduler(config: Config, options: { now?: () => Date } = {}): Promise<void> {
  requireServices(config, '`painmap scheduler`');
  const schedule = parseSchedule(config.NIGHTLY_CRON);
  const sources = await loadSources(config);
  const now = options.now ?? (() => new Date());
  const rt = await createRuntime(config, { role: 'producer', name: 'painmap-scheduler' });
  const scheduler = new Scheduler(rt, { schedule, loadSources: () => loadSources(config), now });
  const tick = async (reason: 'start' | 'cron') => {
    try {
      await scheduler.tick(reason);
    } catch (error) {
      const err = error as Error & { code?: string };
      rt.log.error(
        { reason, err: { message: err.message, code: err.code } },
        'scheduler tick failed; the next tick retries',
      );
    }
  };
  await tick('start');
  const task = cronSchedule(config.NIGHTLY_CRON, () => tick('cron'), {
    name: 'painmap-nightly',
    timezone: 'UTC',
    noOverlap: true,
  });
  task.on('execution:overlap', () => rt.log.warn('nightly tick skipped: the previous one is still running'));
  task.on('execution:missed', (ctx) =>
    rt.log.warn(
      { slot: ctx.date.toISOString() },
      'nightly tick missed; it is caught up on the next tick or start',
    ),
  );
  // Daily retention (RETENTION_MONTHS) runs here, in the one scheduler process, straight on Postgres.
  const retention = startRetentionTask(rt, { actor: 'scheduler' });
  rt.log.info(
    {
      cron: config.NIGHTLY_CRON,
      sources: sources.length,
      next: nextSlot(schedule, now())?.toISOString(),
      retention: retention ? { months: config.RETENTION_MONTHS, cron: config.RETENTION_CRON } : 'off',
    },
    'scheduler started (UTC)',
  );
  await onShutdown(rt.log, async () => {
    await task.destroy();
    await retention?.stop();
    await rt.close();
    rt.log.info('scheduler stopped');
  });
}
