// `painmap pull [--source NAME] [--now]`: a pull outside the schedule. With --now it runs in this
// process (the workers tag what it writes); without, it is enqueued for the workers.
import { UnrecoverableError } from 'bullmq';
import { type Config, requireServices } from '../config.js';
import { pullSource } from '../pipeline/pull-source.js';
import { jobsForOpenPulls } from '../queue/graph.js';
import { createRuntime } from '../runtime.js';
import { loadSources } from '../sources/load-sources.js';
import { getRun } from '../storage/runs.repository.js';
import { insertManualPullRun, listOldestOpenPullRuns } from '../storage/sources.repository.js';

export interface PullCommandOptions {
  source?: string;
  now?: boolean;
  json?: boolean;
}

export async function runPull(
  config: Config,
  options: PullCommandOptions,
  out: NodeJS.WritableStream,
): Promise<number> {
  requireServices(config, '`painmap pull`');
  const all = await loadSources(config);
  const sources = options.source ? all.filter((s) => s.name === options.source) : all;
  if (options.source && sources.length === 0) {
    throw new Error(
      `No source named "${options.source}" in ${config.PAINMAP_SOURCES}; known: ${all.map((s) => s.name).join(', ')}.`,
    );
  }
  const rt = await createRuntime(config, { role: 'producer', name: 'painmap-pull' });
  const results: Array<{ source: string; runId: number; state: string; error?: string }> = [];
  try {
    for (const source of sources) {
      const runId = await insertManualPullRun(rt.db, source.name);
      if (options.now) {
        let error: string | undefined;
        try {
          await rt.dispatcher.dispatch(await pullSource(rt, runId));
        } catch (e) {
          if (!(e instanceof UnrecoverableError)) throw e;
          error = e.message;
        }
        const run = await getRun(rt.db, runId);
        results.push({
          source: source.name,
          runId,
          state: run?.state ?? 'missing',
          ...(error ? { error } : {}),
        });
      } else {
        results.push({ source: source.name, runId, state: 'enqueued' });
      }
    }
    if (!options.now) {
      const open = await listOldestOpenPullRuns(
        rt.db,
        sources.map((s) => s.name),
      );
      await rt.dispatcher.dispatch(jobsForOpenPulls(open.map((run) => run.id)));
    }
  } finally {
    await rt.close();
  }
  out.write(
    options.json
      ? `${JSON.stringify(results)}\n`
      : results
          .map((r) => `${r.source}: run ${r.runId} ${r.state}${r.error ? ` — ${r.error}` : ''}\n`)
          .join(''),
  );
  return results.some((r) => r.state === 'failed') ? 1 : 0;
}
