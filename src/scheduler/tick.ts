// One scheduler tick: record a pull run for every due (source, window) and enqueue each source's
// oldest open run. It only enqueues; the workers pull. The unique (source, window_start) key makes
// two schedulers, or a restart in the middle of a tick, produce one run per source per window.
import type { Deps } from '../pipeline/deps.js';
import { jobsForOpenPulls } from '../queue/graph.js';
import type { SourceConfig } from '../sources/sources.schema.js';
import { insertPullRuns, listLastWindows, listOldestOpenPullRuns } from '../storage/sources.repository.js';
import { dueSlots, type Schedule } from './windows.js';

export type TickDeps = Pick<Deps, 'db' | 'dispatcher' | 'log'>;

/** Missed windows caught up on one tick at most (older ones are covered by the cursors anyway). */
export const MAX_CATCH_UP = 14;
const LOOKBACK_DAYS = 31;

export interface TickResult {
  /** Runs recorded by this tick (0 when another scheduler got there first). */
  created: number;
  /** Pull jobs enqueued (one per source with an open run). */
  enqueued: number;
  due: Array<{ source: string; window: string }>;
}

export async function runTick(
  deps: TickDeps,
  plan: { sources: readonly SourceConfig[]; schedule: Schedule; now: Date },
): Promise<TickResult> {
  const last = await listLastWindows(deps.db);
  const slots = plan.sources.flatMap((source) =>
    dueSlots(plan.schedule, last.get(source.name) ?? null, plan.now, {
      limit: MAX_CATCH_UP,
      lookbackDays: LOOKBACK_DAYS,
    }).map((windowStart) => ({ source: source.name, windowStart })),
  );
  const created = await insertPullRuns(deps.db, slots);
  const open = await listOldestOpenPullRuns(
    deps.db,
    plan.sources.map((s) => s.name),
  );
  await deps.dispatcher.dispatch(jobsForOpenPulls(open.map((run) => run.id)));
  return {
    created,
    enqueued: open.length,
    due: slots.map((s) => ({ source: s.source, window: s.windowStart.toISOString() })),
  };
}

export interface SchedulerOptions {
  schedule: Schedule;
  loadSources: () => Promise<readonly SourceConfig[]>;
  /** The clock; tests pass a simulated one to run seven nights in a second. */
  now: () => Date;
}

/** Ticks that never overlap in one process: a tick while one runs is skipped and logged. */
export class Scheduler {
  private running = false;
  constructor(
    private readonly deps: TickDeps,
    private readonly options: SchedulerOptions,
  ) {}

  /** Runs a tick; returns null when one was already running (the overlap is logged). */
  async tick(reason: 'start' | 'cron' | 'manual'): Promise<TickResult | null> {
    if (this.running) {
      this.deps.log.warn({ reason }, 'scheduler tick skipped: the previous tick is still running');
      return null;
    }
    this.running = true;
    try {
      const now = this.options.now();
      const sources = await this.options.loadSources();
      const result = await runTick(this.deps, { sources, schedule: this.options.schedule, now });
      this.deps.log.info(
        {
          reason,
          now: now.toISOString(),
          due: result.due.length,
          created: result.created,
          enqueued: result.enqueued,
        },
        'scheduler tick',
      );
      return result;
    } finally {
      this.running = false;
    }
  }
}
