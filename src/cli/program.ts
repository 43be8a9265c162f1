// painmap's command line: the commands and their options. Each command parses its input and calls
// the pipeline; nothing else. main.ts runs it.
import { Command, InvalidArgumentError, Option } from 'commander';
import { METRICS, type Metric } from '../aggregate/heatmap.format.js';
import { BUCKETS, type Bucket } from '../aggregate/heatmap.query.js';
import { parseStageWeights } from '../aggregate/stage-weights.js';
import type { Config } from '../config.js';
import { STAGES, TOUCHPOINTS } from '../domain.js';
import { reconcile } from '../pipeline/reconcile.js';
import { loadTagger } from '../pipeline/tagger.js';
import { createRuntime } from '../runtime.js';
import {
  countAggregateDrift,
  findAggregateDrift,
  listDriftDays,
  rebuildDay,
} from '../storage/aggregates.repository.js';
import { createDb } from '../storage/db.js';
import { migrateToLatest } from '../storage/migrate.js';
import { getRun, listRunIssues } from '../storage/runs.repository.js';
import { runAlerts } from './alerts.command.js';
import { runDemo } from './demo.command.js';
import { registerDrivers } from './drivers.command.js';
import { printHeatmap } from './heatmap.command.js';
import { runIngest } from './ingest.command.js';
import { addIntervention, printInterventions } from './intervention.command.js';
import { keyValue } from './options.js';
import { printPainPoints } from './pain-points.command.js';
import { registerPrivacy } from './privacy.command.js';
import { parseDay, registerRetag } from './retag.command.js';
import { runServe } from './serve.command.js';
import { registerTaxonomy } from './taxonomy.command.js';
import { runUpload } from './upload.command.js';
import { runWorker } from './worker.command.js';

const date = parseDay;
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
    .option(
      '--as <name>',
      'source name to store items under (the key with each record id; default: the format name)',
    )
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
    .option('--received-at <date>', 'the date of every record (a file with no date column)', date)
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
            ...(o.receivedAt ? { receivedAt: o.receivedAt } : {}),
            columns,
            segment: o.segment ?? {},
          };
          const tag = loadTagger(config().PAINMAP_TAXONOMY);
          code = Math.max(code, await runDryRun(file, options, process.stdout, Boolean(o.json), tag));
        }
        process.exitCode = code;
        return;
      }
      process.exitCode = await runIngest(config(), files, {
        source: o.source,
        as: o.as,
        receivedAt: o.receivedAt,
        wait: o.wait,
        json: o.json,
        columns,
        segment: o.segment ?? {},
      });
    });

  program
    .command('serve')
    .description('serve the HTTP API, the web dashboard (/) and the queue dashboard (/admin/queues)')
    .option('--port <n>', 'port (default PORT or 8080)', (v) => Number.parseInt(v, 10))
    .option('--host <address>', 'address to listen on (default HOST or 127.0.0.1)')
    .option(
      '--embedded',
      'no Postgres or Redis: the data in PAINMAP_DATA_DIR (default ./painmap-data), jobs in this process',
    )
    .action(async (o) => runServe(config(), { port: o.port, host: o.host, embedded: o.embedded }));

  program
    .command('upload')
    .description('upload a file to a painmap server and print its report (token from PAINMAP_TOKEN)')
    .argument('<file>')
    .requiredOption('--server <url>', 'the painmap server, e.g. http://127.0.0.1:8080')
    .option('--source <format>', 'format name instead of detection', 'auto')
    .option('--no-wait', 'return once the file is stored, without waiting for the report')
    .option('--json', 'machine-readable output')
    .action(async (file: string, o) => {
      const token = process.env.PAINMAP_TOKEN;
      if (!token) throw new Error('Set PAINMAP_TOKEN to an ingest token of the server (see API_TOKENS).');
      const result = await runUpload(file, {
        server: o.server,
        token,
        source: o.source,
        wait: o.wait,
        json: o.json === true,
        progress: process.stderr.isTTY === true && !o.json,
      });
      process.exitCode = result.code;
    });

  program
    .command('worker')
    .description('run the ingest, tag and aggregate workers (and the reconciler) until stopped')
    .option('--once', 'drain the queues, then exit')
    .action(async (o) => runWorker(config(), { once: o.once }));

  program
    .command('scheduler')
    .description('tick the nightly schedule (NIGHTLY_CRON, UTC) and enqueue pulls; run exactly one')
    .action(async () => {
      const { runScheduler } = await import('./scheduler.command.js');
      await runScheduler(config());
    });

  program
    .command('pull')
    .description('pull the sources of PAINMAP_SOURCES outside the schedule')
    .option('--source <name>', 'only this source')
    .option('--now', 'pull in this process now instead of enqueuing for the workers')
    .option('--json', 'machine-readable output')
    .action(async (o) => {
      const { runPull } = await import('./pull.command.js');
      process.exitCode = await runPull(
        config(),
        { source: o.source, now: o.now, json: o.json },
        process.stdout,
      );
    });

  program
    .command('sources')
    .description('list the nightly sources with their last run, cursor, counts and errors')
    .option('--json', 'machine-readable output')
    .action(async (o) => {
      const { printSources } = await import('./sources.command.js');
      await printSources(config(), { json: o.json }, process.stdout);
    });

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
    .option('--serve', 'then serve the dashboard until Ctrl-C (the default when stdout is a terminal)')
    .option('--no-serve', 'print the heatmap and exit (the default when stdout is not a terminal)')
    .option('--port <n>', 'dashboard port (default PORT or 8080; 0 = any free port)', (v) =>
      Number.parseInt(v, 10),
    )
    .action(async (o) =>
      runDemo(
        config(),
        {
          bucket: o.bucket,
          metric: o.metric,
          embedded: o.embedded,
          json: o.json,
          color: useColor(),
          serve: o.serve ?? process.stdout.isTTY === true,
          port: o.port,
        },
        process.stdout,
      ),
    );

  program
    .command('classify')
    .description('tag JSON lines (or plain text lines) from stdin; one JSON line out per line in')
    .action(async () => {
      const { runClassify } = await import('./classify.js');
      await runClassify(process.stdin, process.stdout, loadTagger(config().PAINMAP_TAXONOMY));
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
    .description('check that the aggregates equal a recomputation from raw items (exit 1 if not)')
    .option('--repair', 'rebuild every day that differs from the raw items, then check again')
    .action(async (opts: { repair?: boolean }) => {
      const db = createDb(requireDatabase(config()), { poolSize: 1, applicationName: 'painmap-cli' });
      try {
        if (opts.repair) {
          const days = await listDriftDays(db);
          for (const day of days) await db.transaction().execute((trx) => rebuildDay(trx, day));
          process.stdout.write(
            `rebuilt ${days.length} day(s) from the raw items${days.length ? `: ${days.join(', ')}` : ''}\n`,
          );
        }
        const drift = await findAggregateDrift(db, 20);
        const total = drift.length === 0 ? 0 : await countAggregateDrift(db);
        const shown = total > drift.length ? ` (the first ${drift.length})` : '';
        process.stdout.write(
          total === 0
            ? 'aggregates match the raw items\n'
            : `${total} aggregate rows differ${shown}:\n${drift.map((d) => JSON.stringify(d)).join('\n')}\n` +
                'painmap verify --repair rebuilds those days from the raw items.\n',
        );
        process.exitCode = total === 0 ? 0 : 1;
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
  registerRetag(program, config);
  registerTaxonomy(program, config);
  registerPrivacy(program, config);
  // Pain-point analytics (docs/analytics.md): ranking, emerging pain points, interventions.
  const withDb = async (fn: (db: ReturnType<typeof createDb>) => Promise<unknown>) => {
    const db = createDb(requireDatabase(config()), { poolSize: 1, applicationName: 'painmap-cli' });
    try {
      await fn(db);
    } finally {
      await db.destroy();
    }
  };
  const positive = (v: string) => {
    const n = Number(v);
    if (!(n > 0)) throw new InvalidArgumentError('expected a positive number');
    return n;
  };
  const integer = (v: string) => {
    if (!/^\d+$/.test(v) || Number(v) < 1)
      throw new InvalidArgumentError('expected a whole number of at least 1');
    return Number(v);
  };
  program
    .command('pain-points')
    .description(
      'the cells to act on first: impact = volume × severity × stage weight, with intervals and trend',
    )
    .addOption(
      new Option('--bucket <bucket>', 'period: the last whole bucket ending on --as-of')
        .choices(BUCKETS)
        .default('week'),
    )
    .option('--as-of <date>', 'analysis day (default: the last day with data)', date)
    .option('--from <date>', 'period start instead of --bucket (with --to)', date)
    .option('--to <date>', 'period end (inclusive)', date)
    .option('--source <name>', 'only this source')
    .option('--segment <key=value>', 'only this segment (repeatable)', keyValue)
    .option('--persona <name>', 'only this persona (same as --segment persona=NAME)')
    .option(
      '--weight <stage=w>',
      'stage or stage/touchpoint weight (repeatable; overrides STAGE_WEIGHTS)',
      collect,
    )
    .option('--top <n>', 'pain points to show', integer, 10)
    .option('--json', 'JSON output')
    .option('--csv', 'CSV output (safe against formula injection)')
    .action(async (o) => {
      if ((o.from === undefined) !== (o.to === undefined))
        throw new Error('Give both --from and --to, or neither.');
      const weights = new Map([
        ...parseStageWeights(config().STAGE_WEIGHTS),
        ...parseStageWeights((o.weight ?? []).join(',')),
      ]);
      const segment = { ...(o.segment ?? {}), ...(o.persona ? { persona: o.persona } : {}) };
      await withDb((db) =>
        printPainPoints(
          db,
          { ...o, bucket: o.bucket as Bucket, filter: { source: o.source, segment }, weights },
          process.stdout,
        ),
      );
    });

  registerDrivers(program, config);

  program
    .command('alerts')
    .description('emerging pain points: the latest whole period of every cell against its trailing baseline')
    .addOption(new Option('--bucket <bucket>', 'period length').choices(BUCKETS).default('week'))
    .option('--as-of <date>', 'analysis day (default: the last day with data)', date)
    .option('--baseline <n>', 'trailing periods in the baseline', integer, 8)
    .option('--min-count <n>', 'negative mentions a cell needs to be tested', integer, 5)
    .option('--fdr <q>', 'false discovery rate (Benjamini–Hochberg)', positive, 0.05)
    .option('--json', 'JSON output')
    .option('--csv', 'CSV output (safe against formula injection)')
    .action(async (o) =>
      withDb((db) =>
        runAlerts(
          db,
          { ...o, bucket: o.bucket as Bucket, baselinePeriods: o.baseline, minCount: o.minCount, fdr: o.fdr },
          process.stdout,
        ),
      ),
    );

  const intervention = program
    .command('intervention')
    .description('record fixes and measure whether they worked');
  intervention
    .command('add')
    .description('record an intervention on a stage (and touchpoint) from a day')
    .requiredOption('--name <name>', 'a unique name, e.g. "login fix"')
    .requiredOption('--date <date>', 'first day with the change (UTC)', date)
    .addOption(new Option('--stage <stage>', 'targeted stage').choices(STAGES).makeOptionMandatory())
    .addOption(
      new Option('--touchpoint <touchpoint>', 'targeted touchpoint (default: all)').choices(TOUCHPOINTS),
    )
    .option('--window <days>', 'days compared before and after', integer, 28)
    .option('--note <text>', 'what changed')
    .action(async (o) =>
      withDb((db) =>
        addIntervention(
          db,
          {
            name: o.name,
            effectiveDay: o.date,
            stage: o.stage,
            touchpoint: o.touchpoint ?? null,
            windowDays: o.window,
            note: o.note ?? null,
          },
          process.stdout,
        ),
      ),
    );
  intervention
    .command('list')
    .description('every intervention with its before/after effect and the control')
    .option('--json', 'JSON output')
    .option('--csv', 'CSV output (safe against formula injection)')
    .action(async (o) => withDb((db) => printInterventions(db, {}, o, process.stdout)));
  intervention
    .command('show')
    .description('one intervention (by id or name) with its before/after effect and the control')
    .argument('<id-or-name>')
    .option('--json', 'JSON output')
    .option('--csv', 'CSV output (safe against formula injection)')
    .action(async (key: string, o) =>
      withDb((db) =>
        printInterventions(db, /^\d+$/.test(key) ? { id: Number(key) } : { name: key }, o, process.stdout),
      ),
    );
  return program;
}
