// `painmap drivers`: what drives the score — each cell's remove-theme impact on every rated source's
// score, as a table, JSON or CSV.
import { type Command, Option } from 'commander';
import type { CellFilter } from '../aggregate/cell-days.query.js';
import { type DriversReport, listDrivers } from '../aggregate/drivers.js';
import type { Bucket } from '../aggregate/heatmap.query.js';
import type { ReadDb } from '../storage/db.js';
import type { CliContext } from './context.js';
import {
  addFilterOptions,
  addOutputOptions,
  addPeriodOptions,
  checkPeriod,
  filterOf,
  parseCount,
  writeReport,
} from './options.js';
import { renderDrivers, renderDriversCsv } from './render-drivers.js';

export interface DriversCommandOptions {
  from?: string;
  to?: string;
  asOf?: string;
  bucket: Bucket;
  filter: CellFilter;
  top: number;
  json?: boolean;
  csv?: boolean;
}

export async function printDrivers(
  db: ReadDb,
  options: DriversCommandOptions,
  out: NodeJS.WritableStream,
): Promise<DriversReport | null> {
  const report = await listDrivers(db, options);
  writeReport(out, report, options, { csv: renderDriversCsv, text: renderDrivers });
  return report;
}

export function registerDrivers(program: Command, ctx: CliContext): void {
  const command = program
    .command('drivers')
    .description(
      "what drives the score: each cell's remove-theme impact on NPS or the mean rating, with intervals",
    )
    .addOption(
      new Option('--bucket <bucket>', 'period: the last whole bucket ending on --as-of')
        .choices(['week', 'month'])
        .default('month'),
    );
  addFilterOptions(addPeriodOptions(command)).option(
    '--top <n>',
    'drivers to show per score',
    parseCount,
    10,
  );
  addOutputOptions(command).action(async (o) => {
    checkPeriod(o);
    await ctx.withReadDb((db) =>
      printDrivers(db, { ...o, bucket: o.bucket as Bucket, filter: filterOf(o) }, process.stdout),
    );
  });
}
