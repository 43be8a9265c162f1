// `painmap drivers`: what drives the score — each cell's remove-theme impact on every rated source's
// score, as a table, JSON or CSV.
import { type Command, Option } from 'commander';
import type { CellFilter } from '../aggregate/cell-days.query.js';
import { type DriversReport, listDrivers } from '../aggregate/drivers.js';
import type { Bucket } from '../aggregate/heatmap.query.js';
import type { Config } from '../config.js';
import type { Db } from '../storage/db.js';
import { keyValue } from './options.js';
import { renderDrivers, renderDriversCsv } from './render-drivers.js';
import { parseCount, parseDay, withCliDb } from './retag.command.js';

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
  db: Db,
  options: DriversCommandOptions,
  out: NodeJS.WritableStream,
): Promise<DriversReport | null> {
  const report = await listDrivers(db, options);
  if (options.json) out.write(`${JSON.stringify(report)}\n`);
  else if (!report)
    out.write('No aggregated feedback yet: ingest some files first (or try `painmap demo`).\n');
  else out.write(`${options.csv ? renderDriversCsv(report) : renderDrivers(report)}\n`);
  return report;
}

export function registerDrivers(program: Command, config: () => Config): void {
  program
    .command('drivers')
    .description(
      "what drives the score: each cell's remove-theme impact on NPS or the mean rating, with intervals",
    )
    .addOption(
      new Option('--bucket <bucket>', 'period: the last whole bucket ending on --as-of')
        .choices(['week', 'month'])
        .default('month'),
    )
    .option('--as-of <date>', 'analysis day (default: the last day with data)', parseDay)
    .option('--from <date>', 'period start instead of --bucket (with --to)', parseDay)
    .option('--to <date>', 'period end (inclusive)', parseDay)
    .option('--source <name>', 'only this source')
    .option('--segment <key=value>', 'only this segment (repeatable)', keyValue)
    .option('--persona <name>', 'only this persona (same as --segment persona=NAME)')
    .option('--top <n>', 'drivers to show per score', parseCount, 10)
    .option('--json', 'JSON output')
    .option('--csv', 'CSV output (safe against formula injection)')
    .action(async (o) => {
      if ((o.from === undefined) !== (o.to === undefined))
        throw new Error('Give both --from and --to, or neither.');
      const segment = { ...(o.segment ?? {}), ...(o.persona ? { persona: o.persona } : {}) };
      const filter = {
        ...(o.source ? { source: o.source } : {}),
        ...(Object.keys(segment).length > 0 ? { segment } : {}),
      };
      await withCliDb(config(), (db) =>
        printDrivers(db, { ...o, bucket: o.bucket as Bucket, filter }, process.stdout),
      );
    });
}
