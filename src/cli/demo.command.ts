// `painmap demo`: the bundled Northwind Home data through the whole pipeline, then the heatmap.
// Without DATABASE_URL/REDIS_URL: embedded Postgres (PGlite) and an in-process queue.
// With both: the real Postgres and BullMQ, with workers started in this process.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import type { Metric } from '../aggregate/heatmap.format.js';
import type { Bucket } from '../aggregate/heatmap.query.js';
import { serveEmbeddedDb } from '../api/embedded-runtime.js';
import type { Config } from '../config.js';
import { handleJob } from '../pipeline/handlers.js';
import { ingestFile } from '../pipeline/ingest-file.js';
import { waitForRuns } from '../pipeline/wait.js';
import { startPipelineWorkers } from '../processes/run-workers.js';
import { InProcessDispatcher } from '../queue/dispatcher.js';
import { closeWorkers } from '../queue/workers.js';
import { createRuntime, type Runtime } from '../runtime.js';
import type { CliContext } from './context.js';
import { DEMO_INTERVENTIONS, recordDemoInterventions } from './demo-interventions.js';
import { addHeatmapOptions, printHeatmap } from './heatmap.command.js';
import { parsePort } from './options.js';
import { packageRoot } from './package-root.js';
import { serveUntilSignal, withLocalToken } from './serve.command.js';

export function registerDemo(program: Command, ctx: CliContext): void {
  addHeatmapOptions(
    program
      .command('demo')
      .description('run the bundled demo data through the pipeline and print the heatmap'),
  )
    .option('--embedded', 'use the embedded database even when DATABASE_URL and REDIS_URL are set')
    .option('--json', 'JSON output')
    .option('--serve', 'then serve the dashboard until Ctrl-C (the default when stdout is a terminal)')
    .option('--no-serve', 'print the heatmap and exit (the default when stdout is not a terminal)')
    .option('--port <n>', 'dashboard port (default PORT or 8080; 0 = any free port)', parsePort)
    .action(async (o) =>
      runDemo(
        ctx.config(),
        {
          bucket: o.bucket,
          metric: o.metric,
          embedded: o.embedded,
          json: o.json,
          color: ctx.color(),
          serve: o.serve ?? process.stdout.isTTY === true,
          port: o.port,
        },
        process.stdout,
      ),
    );
}

export interface DemoOptions {
  bucket: Bucket;
  metric: Metric;
  embedded?: boolean;
  json?: boolean;
  color: boolean;
  /** Then serve the dashboard on the demo data until a signal (embedded mode only). */
  serve?: boolean;
  port?: number;
}

export function demoFiles(): string[] {
  const dir = join(packageRoot(), 'fixtures', 'demo');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.csv'))
    .sort()
    .map((f) => join(dir, f));
}

/** Ingests the demo files, waits until they are tagged and aggregated, and records the shop's changes. */
async function loadDemoData(rt: Runtime, say: (text: string) => void): Promise<void> {
  const started = performance.now();
  const runIds: number[] = [];
  for (const file of demoFiles()) {
    const result = await ingestFile(rt, { path: file, options: {} });
    runIds.push(result.runId);
    say(
      `  ${file.split('/').at(-1)}: ${result.counts.items} items, ${result.counts.rejected} rejected${result.created ? '' : ' (already ingested)'}`,
    );
  }
  if (rt.dispatcher instanceof InProcessDispatcher)
    await rt.dispatcher.drain((request) => handleJob(rt, request));
  else await waitForRuns(rt, runIds, { timeoutMs: 600_000 });
  say(`  tagged and aggregated in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  const recorded = await recordDemoInterventions(rt.db);
  say(
    `  the shop's changes (${DEMO_INTERVENTIONS.map((c) => c.name).join(', ')}): ${recorded} new intervention(s)`,
  );
}

export async function runDemo(
  config: Config,
  options: DemoOptions,
  out: NodeJS.WritableStream,
): Promise<void> {
  const rt = await createRuntime(config, {
    role: 'worker',
    name: 'painmap-demo',
    embedded: options.embedded,
  });
  const say = (text: string) => process.stderr.write(`${text}\n`);
  say(
    rt.mode === 'embedded'
      ? 'painmap demo: embedded Postgres (PGlite) and an in-process queue — no servers needed.'
      : 'painmap demo: real Postgres and BullMQ on Redis, workers in this process.',
  );
  let servingTakesOver = false;
  const workers =
    rt.mode === 'services' ? startPipelineWorkers(rt, { concurrency: config.WORKER_CONCURRENCY }) : [];
  try {
    await loadDemoData(rt, say);
    await printHeatmap(
      rt.db,
      { bucket: options.bucket, metric: options.metric, json: options.json, top: 8, color: options.color },
      out,
    );
    if (options.serve && rt.mode === 'embedded') {
      servingTakesOver = true;
      const local = withLocalToken(config);
      // A request log line per click would bury the URL: the demo's server logs warnings only,
      // unless LOG_LEVEL asks for more.
      const log = process.env.LOG_LEVEL ? rt.log : rt.log.child({}, { level: 'warn' });
      const api = await serveEmbeddedDb(local.config, log, rt.db, () => rt.close());
      await serveUntilSignal(log, api, local.session, {
        port: options.port ?? config.PORT,
        host: '127.0.0.1',
        anyPortIfBusy: options.port === undefined,
      });
    } else if (options.serve) {
      say('The demo data is in DATABASE_URL: `painmap serve` shows it on the dashboard.');
    }
  } finally {
    if (workers.length > 0) await closeWorkers(workers, config.SHUTDOWN_TIMEOUT_MS);
    if (!servingTakesOver) await rt.close();
  }
}
