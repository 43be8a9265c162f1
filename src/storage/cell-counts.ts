// What a batch's new mentions add to pain_point_daily (and to the journey's spread sums), grouped by
// cell in the worker: the delta statement then carries a few dozen cells instead of one row per mention.
import type { CellCounts } from './aggregates.repository.js';
import type { StageSpreadCounts } from './stage-spread.repository.js';

export interface CountedItem {
  day: string;
  source: string;
  /** JSON text of the item's segment. */
  segmentJson: string;
  mentions: ReadonlyArray<{ stage: string; touchpoint: string; label: string; score: number }>;
}

/**
 * Per cell (day × stage × touchpoint × source × segment): mentions by label, the sums of their
 * scores as Postgres holds them (`real`, summed as double) and the number of distinct items.
 */
export function countAddedCells(items: readonly CountedItem[]): CellCounts[] {
  const cells = new Map<string, CellCounts & { lastItem: number }>();
  for (const [index, item] of items.entries()) {
    for (const m of item.mentions) {
      const key = `${item.day}\u0000${m.stage}\u0000${m.touchpoint}\u0000${item.source}\u0000${item.segmentJson}`;
      let cell = cells.get(key);
      if (!cell) {
        cell = {
          day: item.day,
          stage: m.stage,
          touchpoint: m.touchpoint,
          source: item.source,
          segment: item.segmentJson,
          mentions: 0,
          negative: 0,
          neutral: 0,
          positive: 0,
          sentiment_sum: 0,
          negative_intensity_sum: 0,
          items: 0,
          lastItem: -1,
        };
        cells.set(key, cell);
      }
      const score = Math.fround(m.score);
      cell.mentions++;
      cell.sentiment_sum += score;
      if (m.label === 'negative') {
        cell.negative++;
        cell.negative_intensity_sum -= score;
      } else if (m.label === 'neutral') cell.neutral++;
      else if (m.label === 'positive') cell.positive++;
      if (cell.lastItem !== index) {
        cell.items++;
        cell.lastItem = index;
      }
    }
  }
  return [...cells.values()].map(({ lastItem: _, ...cell }) => cell);
}

/**
 * Per spread row (day × stage × source × segment): what the items' mentions add to the journey's
 * spread sums. Each item counts once per stage it has clauses in, with c of them scoring s in all.
 */
export function countAddedSpread(items: readonly CountedItem[]): StageSpreadCounts[] {
  const rows = new Map<string, StageSpreadCounts>();
  for (const item of items) {
    const perStage = new Map<string, { c: number; s: number }>();
    for (const m of item.mentions) {
      const stage = perStage.get(m.stage) ?? { c: 0, s: 0 };
      stage.c++;
      stage.s += Math.fround(m.score);
      perStage.set(m.stage, stage);
    }
    for (const [stage, { c, s }] of perStage) {
      const key = `${item.day}\u0000${stage}\u0000${item.source}\u0000${item.segmentJson}`;
      let row = rows.get(key);
      if (!row) {
        row = {
          day: item.day,
          stage,
          source: item.source,
          segment: item.segmentJson,
          items: 0,
          mentions: 0,
          score_sum: 0,
          score_sq_sum: 0,
          score_mentions_sum: 0,
          mentions_sq_sum: 0,
        };
        rows.set(key, row);
      }
      row.items++;
      row.mentions += c;
      row.score_sum += s;
      row.score_sq_sum += s * s;
      row.score_mentions_sum += s * c;
      row.mentions_sq_sum += c * c;
    }
  }
  return [...rows.values()];
}
