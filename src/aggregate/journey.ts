// The journey map of a period for one filter (source, segment): the stages in codebook order with
// their emotion curve, the change against the previous period, and per stage the top pain points
// and delights, each with a representative quote and its evidence words.
import type { ReadDb, ReadQueries } from '../storage/db.js';
import { cellKey } from './cell-days.format.js';
import { type CellFilter, queryDataRange } from './cell-days.query.js';
import { queryClauses } from './clauses.query.js';
import { formatJourney, type JourneyCell, type JourneyMap, type JourneyOptions } from './journey.format.js';
import { queryJourneyCells, queryStageSpread } from './journey.query.js';
import { daysBetween, lastWholeWeeks, type Period, previousPeriod } from './periods.js';
import { pickQuotes } from './quotes.js';
import { topPhrases } from './top-phrases.js';

export const DEFAULT_WEEKS = 13;
/** The strongest clauses per cell that its quote is chosen from (and its top phrases found in). */
const QUOTE_POOL = 50;

export interface JourneyRequest extends JourneyOptions {
  /** Both or neither: inclusive UTC days. Without them, the last `weeks` whole weeks with data. */
  from?: string;
  to?: string;
  /** Whole weeks ending with the last whole week on or before `to` (or the last day with data). */
  weeks?: number;
  filter?: CellFilter;
}

export interface JourneyReport extends JourneyMap {
  /** Null when there is no data at all and no period was asked for. */
  period: (Period & { days: number }) | null;
  previous: Period | null;
  filter: CellFilter;
}

/** The period asked for: from/to as given, else `weeks` whole weeks ending on or before `to`. */
export async function resolveJourneyPeriod(db: ReadQueries, request: JourneyRequest): Promise<Period | null> {
  if (request.from && request.to) return { from: request.from, to: request.to };
  const asOf = request.to ?? (await queryDataRange(db))?.last;
  return asOf ? lastWholeWeeks(request.weeks ?? DEFAULT_WEEKS, asOf) : null;
}

export async function buildJourney(db: ReadDb, request: JourneyRequest): Promise<JourneyReport> {
  const filter = request.filter ?? {};
  const period = await resolveJourneyPeriod(db, request);
  if (!period) return { period: null, previous: null, filter, ...formatJourney([], [], request) };
  const previous = previousPeriod(period);
  // One snapshot for both queries, so the spread describes the same mentions as the counts.
  const [rows, spread] = await db
    .transaction()
    .setIsolationLevel('repeatable read')
    .execute(
      async (trx) =>
        [
          await queryJourneyCells(trx, { current: period, previous }, filter),
          await queryStageSpread(trx, { current: period, previous }, filter),
        ] as const,
    );
  const map = formatJourney(rows, spread, request);
  const cellsOf = (pick: (s: JourneyMap['stages'][number]) => JourneyCell[]) =>
    map.stages.flatMap((s) => pick(s).map((cell) => ({ stage: s.stage, cell })));
  await Promise.all([
    attachQuotes(
      db,
      cellsOf((s) => s.painPoints),
      period,
      filter,
      'negative',
    ),
    attachQuotes(
      db,
      cellsOf((s) => s.delights),
      period,
      filter,
      'positive',
    ),
  ]);
  return { period: { ...period, days: daysBetween(period.from, period.to) }, previous, filter, ...map };
}

/**
 * One quote per cell: its clauses of that sentiment in the period, top phrases by TF-IDF with the
 * chosen cells as documents, then pickQuotes (the clause with the most top phrases, strongest first).
 */
async function attachQuotes(
  db: ReadQueries,
  targets: ReadonlyArray<{ stage: string; cell: JourneyCell }>,
  period: Period,
  filter: CellFilter,
  label: 'negative' | 'positive',
): Promise<void> {
  const cells = targets.map((t) => ({ stage: t.stage, touchpoint: t.cell.touchpoint }));
  const clauses = await queryClauses(db, cells, period, filter, { label, perCell: QUOTE_POOL });
  const byCell = new Map<string, typeof clauses>();
  for (const c of clauses) {
    const key = cellKey(c.stage, c.touchpoint);
    byCell.set(key, [...(byCell.get(key) ?? []), c]);
  }
  const phrases = topPhrases(new Map([...byCell].map(([k, rows]) => [k, rows.map((r) => r.clause)])));
  for (const { stage, cell } of targets) {
    const key = cellKey(stage, cell.touchpoint);
    cell.quote = pickQuotes(byCell.get(key) ?? [], phrases.get(key) ?? [], 1, label)[0] ?? null;
  }
}
