// Pure: a sparse per-day result → a dense grid of every stage × touchpoint × day, with zeros.
import { STAGES, TOUCHPOINTS } from '../domain.js';
import type { CellDayRow } from './cell-days.query.js';
import { daysOf, type Period } from './periods.js';

export interface DayCounts {
  mentions: number;
  negative: number;
  sentimentSum: number;
  /** Sum of |score| over negative mentions. */
  intensity: number;
}

export interface CellSeries {
  stage: string;
  touchpoint: string;
  /** One entry per day of the period, in order; zeros where nothing was said. */
  days: DayCounts[];
}

export const cellKey = (stage: string, touchpoint: string) => `${stage}|${touchpoint}`;
export const zeroCounts = (): DayCounts => ({ mentions: 0, negative: 0, sentimentSum: 0, intensity: 0 });

/** Every taxonomy stage × touchpoint (plus any other seen, e.g. `unknown`), each with every day. */
export function denseCellDays(rows: readonly CellDayRow[], period: Period): CellSeries[] {
  const days = daysOf(period);
  const index = new Map(days.map((d, i) => [d, i]));
  const stages: string[] = [...STAGES];
  const touchpoints: string[] = [...TOUCHPOINTS];
  for (const row of rows) {
    if (!stages.includes(row.stage)) stages.push(row.stage);
    if (!touchpoints.includes(row.touchpoint)) touchpoints.push(row.touchpoint);
  }
  const cells = new Map<string, CellSeries>();
  for (const stage of stages) {
    for (const touchpoint of touchpoints) {
      cells.set(cellKey(stage, touchpoint), { stage, touchpoint, days: days.map(zeroCounts) });
    }
  }
  for (const row of rows) {
    const at = index.get(row.day);
    if (at === undefined) continue;
    const day = cells.get(cellKey(row.stage, row.touchpoint))!.days[at]!;
    day.mentions += row.mentions;
    day.negative += row.negative;
    day.sentimentSum += row.sentiment_sum;
    day.intensity += row.negative_intensity_sum;
  }
  return [...cells.values()];
}

export function sumCounts(days: readonly DayCounts[]): DayCounts {
  const total = zeroCounts();
  for (const d of days) {
    total.mentions += d.mentions;
    total.negative += d.negative;
    total.sentimentSum += d.sentimentSum;
    total.intensity += d.intensity;
  }
  return total;
}
