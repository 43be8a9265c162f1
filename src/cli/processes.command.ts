// The long-running processes: `painmap serve` (API and dashboards), `painmap worker` (the queues'
// workers and the reconciler) and `painmap scheduler` (the nightly ticks; run exactly one).
import type { Command } from 'commander';
import { runScheduler } from '../processes/run-scheduler.js';
import { runWorkers } from '../processes/run-workers.js';
import type { CliContext } from './context.js';
import { parsePort } from './options.js';
import { runServe } from './serve.command.js';

export function registerProcesses(program: Command, ctx: CliContext): void {
  program
    .command('serve')
    .description('serve the HTTP API, the web dashboard (/) and the queue dashboard (/admin/queues)')
    .option('--port <n>', 'port (default PORT or 8080)', parsePort)
    .option('--host <address>', 'address to listen on (default HOST or 127.0.0.1)')
    .option(
      '--embedded',
      'no Postgres or Redis: the data in PAINMAP_DATA_DIR (default ./painmap-data), jobs in this process',
    )
    .action(async (o) => runServe(ctx.config(), { port: o.port, host: o.host, embedded: o.embedded }));

  program
    .command('worker')
    .description('run the ingest, tag and aggregate workers (and the reconciler) until stopped')
    .option('--once', 'drain the queues, then exit')
    .action(async (o) => runWorkers(ctx.config(), { once: o.once }));

  program
    .command('scheduler')
    .description('tick the nightly schedule (NIGHTLY_CRON, UTC) and enqueue pulls; run exactly one')
    .action(async () => runScheduler(ctx.config()));
}
