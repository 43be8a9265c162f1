// `painmap verify [--repair]`: do the aggregates equal a recomputation from the raw items? With
// repair, every day that differs is rebuilt from the raw items first (each in its own transaction).
import {
  type AggregateDrift,
  countAggregateDrift,
  findAggregateDrift,
  listDriftDays,
  rebuildDay,
} from '../storage/aggregates.repository.js';
import type { Db } from '../storage/db.js';

export interface VerifySummary {
  /** The days rebuilt (repair only; empty without it). */
  rebuiltDays: string[];
  /** Aggregate rows that differ from the recomputation, after any repair. */
  drift: number;
  /** The first of them (at most `sample`). */
  sample: AggregateDrift[];
}

export async function verifyAggregates(
  db: Db,
  options: { repair?: boolean; sample?: number } = {},
): Promise<VerifySummary> {
  const rebuiltDays = options.repair ? await listDriftDays(db) : [];
  for (const day of rebuiltDays) await db.transaction().execute((trx) => rebuildDay(trx, day));
  const sample = await findAggregateDrift(db, options.sample ?? 20);
  const drift = sample.length === 0 ? 0 : await countAggregateDrift(db);
  return { rebuiltDays, drift, sample };
}
