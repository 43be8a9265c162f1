// What drives the score in a period: each cell's remove-theme impact on every rated source's score.
import type { Db } from '../storage/db.js';
import { type CellFilter, queryDataRange } from './cell-days.query.js';
import { type DriverOptions, rankDrivers, type ScoreDrivers } from './drivers.format.js';
import { queryDriverCounts } from './drivers.query.js';
import type { Bucket } from './heatmap.query.js';
import { lastWholeBucket, type Period } from './periods.js';

export interface DriversOptions extends DriverOptions {
  /** Default: the last whole bucket ending on or before asOf (itself default the last day with data). */
  from?: string;
  to?: string;
  asOf?: string;
  bucket?: Bucket;
  filter?: CellFilter;
}

export interface DriversReport {
  period: Period;
  filter: CellFilter;
  method: 'remove-theme';
  /** One per rated source and scale: NPS on the nps scale, the mean rating on the others. */
  scores: ScoreDrivers[];
}

export async function listDrivers(db: Db, options: DriversOptions): Promise<DriversReport | null> {
  const filter = options.filter ?? {};
  let period: Period;
  if (options.from && options.to) period = { from: options.from, to: options.to };
  else {
    const asOf = options.asOf ?? (await queryDataRange(db))?.last;
    if (!asOf) return null;
    period = lastWholeBucket(options.bucket ?? 'month', asOf);
  }
  const scores = rankDrivers(await queryDriverCounts(db, period, filter), options);
  return { period, filter, method: 'remove-theme', scores };
}
