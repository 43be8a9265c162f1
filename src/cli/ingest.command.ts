// `painmap ingest FILE…` (record and enqueue files: workers do the rest, or --dry-run) and
// `painmap upload FILE --server URL` (the same through a painmap server's API).
import { SingleBar } from 'cli-progress';
import { type Command, Option } from 'commander';
import { type Config, requireServices } from '../config.js';
import type { ColumnFlags, ParseOptions } from '../ingest/types.js';
import { type IngestFileResult, ingestFile } from '../pipeline/ingest-file.js';
import { loadTagger } from '../pipeline/tagger.js';
import { waitForRuns } from '../pipeline/wait.js';
import { createRuntime } from '../runtime.js';
import { getRun, listRunIssues } from '../storage/runs.repository.js';
import type { CliContext } from './context.js';
import { runDryRun } from './dry-run.js';
import { collect, keyValue, parseDay } from './options.js';
import { runUpload } from './upload.command.js';

const RATING_SCALES = ['stars5', 'nps', 'csat5', 'csat2', 'scale10'];

export function registerIngest(program: Command, ctx: CliContext): void {
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
    .addOption(new Option('--rating-scale <scale>').choices(RATING_SCALES))
    .option('--customer-column <name>')
    .option('--channel-column <name>')
    .option('--segment-column <name>', 'column copied into the segment (repeatable)', collect)
    .option('--segment <key=value>', 'segment value for every item (repeatable)', keyValue)
    .option('--day-first', 'read 03/04/2026 as 3 April')
    .option('--received-at <date>', 'the date of every record (a file with no date column)', parseDay)
    .action(async (files: string[], o) => {
      const command = {
        source: o.source,
        as: o.as,
        receivedAt: o.receivedAt,
        wait: o.wait,
        json: o.json,
        columns: columnFlags(o),
        segment: o.segment ?? {},
      };
      process.exitCode = o.dryRun
        ? await runDryRuns(ctx, files, command)
        : await runIngest(ctx.config(), files, command);
    });

  registerUpload(program);
}

/** `painmap upload FILE --server URL`: the same through a painmap server's API. */
function registerUpload(program: Command): void {
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
}

/** The column flags given (--id-column …, --day-first); the others are left to detection. */
function columnFlags(o: Record<string, unknown>): ColumnFlags {
  const flags: Record<string, unknown> = {};
  const names = [
    ['idColumn', 'id'],
    ['textColumn', 'text'],
    ['dateColumn', 'date'],
    ['ratingColumn', 'rating'],
    ['ratingScale', 'ratingScale'],
    ['customerColumn', 'customer'],
    ['channelColumn', 'channel'],
    ['segmentColumn', 'segments'],
  ] as const;
  for (const [option, column] of names) if (o[option]) flags[column] = o[option];
  if (o.dayFirst) flags.dayFirst = true;
  return flags as ColumnFlags;
}

export interface IngestCommandOptions {
  source?: string;
  as?: string;
  receivedAt?: string;
  wait?: boolean;
  json?: boolean;
  columns: ColumnFlags;
  segment: Record<string, string>;
}

/** `--dry-run`: parse and tag each file without a database; the worst exit code of them. */
async function runDryRuns(ctx: CliContext, files: string[], options: IngestCommandOptions): Promise<number> {
  let code = 0;
  for (const file of files) {
    const tag = loadTagger(ctx.config().PAINMAP_TAXONOMY);
    code = Math.max(
      code,
      await runDryRun(file, parseOptionsOf(options), process.stdout, Boolean(options.json), tag),
    );
  }
  return code;
}

function parseOptionsOf(options: IngestCommandOptions): ParseOptions {
  return {
    ...(options.source && options.source !== 'auto' ? { format: options.source } : {}),
    ...(options.as ? { sourceName: options.as } : {}),
    ...(options.receivedAt ? { receivedAt: options.receivedAt } : {}),
    columns: options.columns,
    segment: options.segment,
  };
}

export async function runIngest(
  config: Config,
  files: string[],
  options: IngestCommandOptions,
): Promise<number> {
  requireServices(
    config,
    '`painmap ingest` (it stores into Postgres through the queues)',
    'to check a file without storing it use `painmap ingest FILE --dry-run`',
  );
  const rt = await createRuntime(config, { role: 'producer', name: 'painmap-ingest' });
  const parseOptions = parseOptionsOf(options);
  let exitCode = 0;
  try {
    const results: IngestFileResult[] = [];
    for (const file of files) {
      const bar =
        process.stderr.isTTY && !options.json
          ? new SingleBar({ format: `${file} {value} records`, stream: process.stderr })
          : null;
      bar?.start(0, 0);
      const result = await ingestFile(rt, {
        path: file,
        options: parseOptions,
        onProgress: (p) => bar?.update(p.records),
      });
      bar?.stop();
      results.push(result);
      if (result.state === 'rejected') exitCode = 2;
    }
    if (options.wait) {
      await waitForRuns(
        rt,
        results.map((r) => r.runId),
        { timeoutMs: 3_600_000 },
      );
    }
    for (const [i, result] of results.entries()) {
      const run = await getRun(rt.db, result.runId);
      const issues = await listRunIssues(rt.db, result.runId, 50);
      if (options.json)
        process.stdout.write(`${JSON.stringify({ file: files[i], ...result, run, issues })}\n`);
      else process.stdout.write(describe(files[i]!, result, run?.state ?? result.state, issues));
    }
  } finally {
    await rt.close();
  }
  return exitCode;
}

function describe(
  file: string,
  r: IngestFileResult,
  state: string,
  issues: Array<{ kind: string; record: number; reason: string }>,
) {
  const lines = [
    `${file}: run ${r.runId} (${r.format ?? 'unknown format'}) — ${state}${r.created ? '' : ' (this file was already ingested; nothing new)'}`,
  ];
  if (r.error) lines.push(`  rejected whole file: [${r.error.code}] ${r.error.message}`);
  else {
    const c = r.counts;
    lines.push(
      `  records ${c.records}: ${c.items} items in ${r.batches} batches, ${c.rejected} rejected, ${c.skipped} skipped, ${c.duplicates} duplicates`,
    );
  }
  for (const issue of issues.filter((i) => i.kind === 'rejected').slice(0, 20)) {
    lines.push(`  record ${issue.record}: ${issue.reason}`);
  }
  return `${lines.join('\n')}\n`;
}
