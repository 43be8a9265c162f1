#!/usr/bin/env node
// painmap's command line. Each command parses its input and calls the pipeline; nothing else.
import { Command, InvalidArgumentError, Option } from 'commander';
import pc from 'picocolors';
import { METRICS, type Metric } from '../aggregate/heatmap.format.js';
import { BUCKETS, type Bucket } from '../aggregate/heatmap.query.js';
import { type Config, ConfigError, loadConfig } from '../config.js';
import { createLogger } from '../logger.js';
import { reconcile } from '../pipeline/reconcile.js';
import { createRuntime } from '../runtime.js';
import { findAggregateDrift } from '../storage/aggregates.repository.js';
import { createDb } from '../storage/db.js';
import { migrateToLatest } from '../storage/migrate.js';
import { getRun, listRunIssues } from '../storage/runs.repository.js';
import { runDemo } from './demo.command.js';
import { printHeatmap } from './heatmap.command.js';
import { runIngest } from './ingest.command.js';
import { runWorker } from './worker.command.js';

const date = (value: string) => {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(Date.parse(`${value}T00:00:00Z`))) {
    throw new InvalidArgumentError('expected a date as YYYY-MM-DD');
  }
  return value;
};
const keyValue = (value: string, previous: Record<string, string> = {}) => {
  const at = value.indexOf('=');
  if (at < 1) throw new InvalidArgumentError('expected key=value');
  return { ...previous, [value.slice(0, at)]: value.slice(at + 1) };
};
const collect = (value: string, previous: string[] = []) => [...previous, value];
const useColor = () => process.stdout.isTTY === true && !process.env.NO_COLOR;

function requireDatabase(config: Config): string {
  if (!config.DATABASE_URL) throw new Error('Set DATABASE_URL (see .env.example), or try `painmap demo`.');
  return config.DATABASE_URL;
}

export function buildProgram(config: () => Config): Command {
  const program = new Command('painmap')
    .description(
      'Feedback analytics: where in the customer journey do customers hurt, and is it getting better?',
    )
    .showHelpAfterError();

  program
    .command('migrate')
    .description('apply database migrations')
    .action(async () => {
      const db = createDb(requireDatabase(config()), { poolSize: 1, applicationName: 'painmap-migrate' });
      try {
        const results = await migrateToLatest(db);
        process.stdout.write(
          results.length === 0
            ? 'schema is up to date\n'
            : results.map((r) => `${r.migrationName}: ${r.status}\n`).join(''),
        );
      } finally {
        await db.destroy();
      }
    });

  program
    .command('ingest')
    .description('ingest export files (surveys, reviews, tickets) through the queues')
    .argument('<files...>')
    .addOption(new Option('--source <format>', 'format name instead of detection (auto)').default('auto'))
    .option('--as <name>', 'source name to store items under (generic CSV)')
    .option('--dry-run', 'parse and tag without touching any database')
    .option('--json', 'machine-readable output')
    .option('--wait', 'wait until the files are tagged and aggregated')
    .option('--id-column <name>')
    .option('--text-column <name>', 'text column (repeatable)', collect)
    .option('--date-column <name>')
    .option('--rating-column <name>')
    .addOption(new Option('--rating-scale <scale>').choices(['stars5', 'nps', 'csat5', 'csat2', 'scale10']))
    .option('--customer-column <name>')
    .option('--channel-column <name>')
    .option('--segment-column <name>', 'column copied into the segment (repeatable)', collect)
    .option('--segment <key=value>', 'segment value for every item (repeatable)', keyValue)
    .option('--day-first', 'read 03/04/2026 as 3 April')
    .action(async (files: string[], o) => {
      const columns = {
        ...(o.idColumn ? { id: o.idColumn } : {}),
        ...(o.textColumn ? { text: o.textColumn } : {}),
        ...(o.dateColumn ? { date: o.dateColumn } : {}),
        ...(o.ratingColumn ? { rating: o.ratingColumn } : {}),
        ...(o.ratingScale ? { ratingScale: o.ratingScale } : {}),
        ...(o.customerColumn ? { customer: o.customerColumn } : {}),
        ...(o.channelColumn ? { channel: o.channelColumn } : {}),
        ...(o.segmentColumn ? { segments: o.segmentColumn } : {}),
        ...(o.dayFirst ? { dayFirst: true } : {}),
      };
      if (o.dryRun) {
        const { runDryRun } = await import('./dry-run.js');
        let code = 0;
        for (const file of files) {
          const options = {
            ...(o.source !== 'auto' ? { format: o.source } : {}),
            ...(o.as ? { sourceName: o.as } : {}),
            columns,
            segment: o.segment ?? {},
          };
          code = Math.max(code, await runDryRun(file, options, process.stdout, Boolean(o.json)));
        }
        process.exitCode = code;
        return;
      }
      process.exitCode = await runIngest(config(), files, {
        source: o.source,
        as: o.as,
        wait: o.wait,
        json: o.json,
        columns,
        segment: o.segment ?? {},
      });
    });

  program
    .command('worker')
    .description('run the ingest, tag and aggregate workers (and the reconciler) until stopped')
    .option('--once', 'drain the queues, then exit')
    .action(async (o) => runWorker(config(), { once: o.once }));

  const heatmapOptions = (command: Command) =>
    command
      .addOption(new Option('--bucket <bucket>', 'time bucket').choices(BUCKETS).default('week'))
      .addOption(new Option('--metric <metric>', 'cell value').choices(METRICS).default('pain'));

  heatmapOptions(program.command('heatmap').description('print the stage × touchpoint pain-point heatmap'))
    .option('--from <date>', 'first day (UTC, inclusive)', date)
    .option('--to <date>', 'last day (UTC, inclusive)', date)
    .option('--source <name>', 'only this source')
    .option('--segment <key=value>', 'only this segment (repeatable)', keyValue)
    .option('--top <n>', 'cells in the trend list', (v) => Number.parseInt(v, 10), 6)
    .option('--json', 'JSON output')
    .option('--csv', 'CSV output (safe against formula injection)')
    .action(async (o) => {
      const db = createDb(requireDatabase(config()), { poolSize: 1, applicationName: 'painmap-cli' });
      try {
        await printHeatmap(
          db,
          {
            bucket: o.bucket as Bucket,
            metric: o.metric as Metric,
            from: o.from,
            to: o.to,
            source: o.source,
            segment: o.segment,
            json: o.json,
            csv: o.csv,
            top: o.top,
            color: useColor(),
          },
          process.stdout,
        );
      } finally {
        await db.destroy();
      }
    });

  heatmapOptions(
    program
      .command('demo')
      .description('run the bundled demo data through the pipeline and print the heatmap'),
  )
    .option('--embedded', 'use the embedded database even when DATABASE_URL and REDIS_URL are set')
    .option('--json', 'JSON output')
    .action(async (o) =>
      runDemo(
        config(),
        { bucket: o.bucket, metric: o.metric, embedded: o.embedded, json: o.json, color: useColor() },
        process.stdout,
      ),
    );

  program
    .command('classify')
    .description('tag JSON lines (or plain text lines) from stdin; one JSON line out per line in')
    .action(async () => {
      const { runClassify } = await import('./classify.js');
      await runClassify(process.stdin, process.stdout);
    });

  program
    .command('reconcile')
    .description('enqueue again whatever durable state says is unfinished')
    .action(async () => {
      const rt = await createRuntime(config(), { name: 'painmap-reconcile', redisRole: 'producer' });
      try {
        process.stdout.write(`${JSON.stringify(await reconcile(rt, { staleAfterMs: 0 }))}\n`);
      } finally {
        await rt.close();
      }
    });

  program
    .command('verify')
    .description('check that the aggregates equal a recomputation from raw items')
    .action(async () => {
      const db = createDb(requireDatabase(config()), { poolSize: 1, applicationName: 'painmap-cli' });
      try {
        const drift = await findAggregateDrift(db);
        process.stdout.write(
          drift.length === 0
            ? 'aggregates match the raw items\n'
            : `${drift.length} aggregate rows differ:\n${drift.map((d) => JSON.stringify(d)).join('\n')}\n`,
        );
        process.exitCode = drift.length === 0 ? 0 : 1;
      } finally {
        await db.destroy();
      }
    });

  program
    .command('run')
    .description('show an ingest run with its counts and row errors')
    .argument('<id>')
    .option('--json')
    .action(async (id: string, o) => {
      const db = createDb(requireDatabase(config()), { poolSize: 1, applicationName: 'painmap-cli' });
      try {
        const run = await getRun(db, Number(id));
        if (!run) throw new Error(`No ingest run ${id}`);
        const issues = await listRunIssues(db, run.id);
        process.stdout.write(
          o.json
            ? `${JSON.stringify({ run, issues })}\n`
            : `${JSON.stringify(run, null, 2)}\n${issues.map((i) => `${i.kind} record ${i.record}: ${i.reason}`).join('\n')}\n`,
        );
      } finally {
        await db.destroy();
      }
    });
  return program;
}

async function main(): Promise<void> {
  let cached: Config | undefined;
  const config = () => {
    cached ??= loadConfig();
    return cached;
  };
  try {
    await buildProgram(config).parseAsync(process.argv);
  } catch (error) {
    const message = error instanceof ConfigError ? error.message : (error as Error).message;
    process.stderr.write(`${pc.red('painmap:')} ${message}\n`);
    if (!(error instanceof ConfigError) && process.env.LOG_LEVEL === 'debug')
      createLogger('debug').error(error);
    process.exitCode = 1;
  }
}

await main();
