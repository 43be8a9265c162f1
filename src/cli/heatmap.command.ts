// `painmap heatmap`: the stage × touchpoint grid of a period, as a coloured table, JSON or CSV.
import { type Command, Option } from 'commander';
import { formatHeatmap, METRICS, type Metric } from '../aggregate/heatmap.format.js';
import { BUCKETS, type Bucket, queryHeatmap } from '../aggregate/heatmap.query.js';
import { checkHeatmapRange } from '../aggregate/heatmap-span.js';
import { formatUnreadLanguages, queryUnreadLanguages } from '../aggregate/unread-languages.query.js';
import type { ReadQueries } from '../storage/db.js';
import { READ_LANGUAGES } from '../tagging/index.js';
import type { CliContext } from './context.js';
import { addFilterOptions, addOutputOptions, parseCount, parseDay } from './options.js';
import { renderCsv, renderGrid, renderTrends } from './render-heatmap.js';

/** --bucket and --metric, which the demo shares. */
export function addHeatmapOptions(command: Command): Command {
  return command
    .addOption(new Option('--bucket <bucket>', 'time bucket').choices(BUCKETS).default('week'))
    .addOption(new Option('--metric <metric>', 'cell value').choices(METRICS).default('pain'));
}

export function registerHeatmap(program: Command, ctx: CliContext): void {
  const heatmap = addHeatmapOptions(
    program.command('heatmap').description('print the stage × touchpoint pain-point heatmap'),
  )
    .option('--from <date>', 'first day (UTC, inclusive)', parseDay)
    .option('--to <date>', 'last day (UTC, inclusive)', parseDay);
  addFilterOptions(heatmap, { persona: false }).option('--top <n>', 'cells in the trend list', parseCount, 6);
  addOutputOptions(heatmap).action(async (o) => {
    await ctx.withReadDb((db) =>
      printHeatmap(
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
          color: ctx.color(),
        },
        process.stdout,
      ),
    );
  });
}

export interface HeatmapCommandOptions {
  bucket: Bucket;
  from?: string;
  to?: string;
  source?: string;
  segment?: Record<string, string>;
  metric: Metric;
  json?: boolean;
  csv?: boolean;
  top: number;
  color: boolean;
}

export async function printHeatmap(
  db: ReadQueries,
  options: HeatmapCommandOptions,
  out: NodeJS.WritableStream,
) {
  checkHeatmapRange(options);
  const rows = await queryHeatmap(db, options);
  const grid = formatHeatmap(rows, options);
  // Items in a language the tagger cannot read sit in `unknown` cells: say how many, never silently.
  const unread = await queryUnreadLanguages(db, options, READ_LANGUAGES);
  const notAnalysed = formatUnreadLanguages(unread);
  if (options.json) {
    out.write(
      `${JSON.stringify({ bucket: options.bucket, metric: options.metric, from: options.from ?? null, to: options.to ?? null, ...grid, notAnalysedLanguage: unread })}\n`,
    );
    return grid;
  }
  if (options.csv) {
    out.write(`${renderCsv(grid)}\n`);
    return grid;
  }
  const first = grid.buckets[0]?.start;
  const last = grid.buckets.at(-1)?.start;
  const mentions = grid.total.reduce((n, c) => n + c.mentions, 0);
  out.write(
    `\nPain-point heatmap: ${options.metric} by journey stage × touchpoint, ${first ?? '–'} … ${last ?? '–'} ` +
      `(${grid.buckets.length} ${options.bucket}s, ${mentions} mentions)\n\n`,
  );
  out.write(`${renderGrid(grid.total, grid, options.metric, options.color)}\n`);
  if (notAnalysed !== null) out.write(`${notAnalysed}\n`);
  if (grid.buckets.length > 1) {
    out.write(`\nWhere it hurts most — negative mentions per ${options.bucket}:\n`);
    out.write(`${renderTrends(grid, options.top, options.color)}\n`);
  }
  return grid;
}
