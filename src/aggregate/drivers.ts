// What drives the score in a period: each cell's remove-theme impact on every rated source's score.
import type { ReadDb } from '../storage/db.js';
import { type CellFilter, resolvePeriod } from './cell-days.query.js';
import { type DriverOptions, rankDrivers, type ScoreDrivers } from './drivers.format.js';
import { queryDriverCounts } from './drivers.query.js';
import type { Bucket } from './heatmap.query.js';
import type { Period } from './periods.js';

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

export async function listDrivers(db: ReadDb, options: DriversOptions): Promise<DriversReport | null> {
  const filter = options.filter ?? {};
  const period = await resolvePeriod(db, options, 'month');
  if (period === null) return null;
  const scores = rankDrivers(await queryDriverCounts(db, period, filter), options);
  return { period, filter, method: 'remove-theme', scores };
}
