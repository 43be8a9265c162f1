// Pure: the before/after change of an intervention's cells with a bootstrap interval, beside the same
// change of the cells no intervention touches (the control for drift), and their difference.
import type { CellSeries } from './cell-days.format.js';
import { addDays, daysBetween, type Period } from './periods.js';
import { bootstrapInterval, type Interval, wilsonInterval } from './stats/intervals.js';

export interface InterventionTarget {
  id: number;
  name: string;
  effectiveDay: string;
  stage: string;
  /** Null: every touchpoint of the stage. */
  touchpoint: string | null;
  windowDays: number;
}

export interface RateFigure {
  mentions: number;
  negative: number;
  negativeRate: number | null;
  /** Wilson 95% interval. */
  ci: Interval | null;
}

export interface GroupEffect {
  before: RateFigure;
  after: RateFigure;
  /** Negative rate after − before, with a bootstrap 95% interval over days. */
  change: Interval | null;
}

export interface InterventionEffect {
  intervention: InterventionTarget;
  before: Period;
  after: Period;
  target: GroupEffect;
  control: GroupEffect;
  /** Target change − control change: the effect net of drift. */
  differenceInDifferences: Interval | null;
  verdict: 'better' | 'worse' | 'no clear change' | 'not enough data';
}

interface DayPair {
  tm: number;
  tn: number;
  cm: number;
  cn: number;
}

export const windowsOf = (iv: InterventionTarget): { before: Period; after: Period } => ({
  before: { from: addDays(iv.effectiveDay, -iv.windowDays), to: addDays(iv.effectiveDay, -1) },
  after: { from: iv.effectiveDay, to: addDays(iv.effectiveDay, iv.windowDays - 1) },
});

const targets = (iv: InterventionTarget, stage: string, touchpoint: string) =>
  iv.stage === stage && (iv.touchpoint === null || iv.touchpoint === touchpoint);
const round = (n: number) => Math.round(n * 10_000) / 10_000;
const roundInterval = (i: Interval | null) =>
  i && { estimate: round(i.estimate), low: round(i.low), high: round(i.high) };

function rate(days: readonly DayPair[], group: 't' | 'c'): number {
  let m = 0;
  let n = 0;
  for (const d of days) {
    m += group === 't' ? d.tm : d.cm;
    n += group === 't' ? d.tn : d.cn;
  }
  return m > 0 ? n / m : Number.NaN;
}

function figure(days: readonly DayPair[], group: 't' | 'c'): RateFigure {
  const mentions = days.reduce((s, d) => s + (group === 't' ? d.tm : d.cm), 0);
  const negative = days.reduce((s, d) => s + (group === 't' ? d.tn : d.cn), 0);
  return {
    mentions,
    negative,
    negativeRate: mentions > 0 ? round(negative / mentions) : null,
    ci: roundInterval(wilsonInterval(negative, mentions)),
  };
}

/**
 * `cells` are dense over `span` (one day per entry). Days after `lastDay` (no data yet) are left out
 * of the after window. `all` is every recorded intervention: their cells are not controls.
 */
export function measureIntervention(
  iv: InterventionTarget,
  cells: readonly CellSeries[],
  span: Period,
  all: readonly InterventionTarget[],
  lastDay: string,
  options: { iterations?: number; seed?: number } = {},
): InterventionEffect {
  const { before, after } = windowsOf(iv);
  const pairs = (p: Period): DayPair[] => {
    const to = p.to < lastDay ? p.to : lastDay;
    const start = daysBetween(span.from, p.from) - 1;
    const out: DayPair[] = [];
    for (let i = start; i < start + daysBetween(p.from, to); i++) {
      const day = { tm: 0, tn: 0, cm: 0, cn: 0 };
      for (const cell of cells) {
        const counts = cell.days[i];
        if (!counts) continue;
        if (targets(iv, cell.stage, cell.touchpoint)) {
          day.tm += counts.mentions;
          day.tn += counts.negative;
        } else if (!all.some((o) => targets(o, cell.stage, cell.touchpoint))) {
          day.cm += counts.mentions;
          day.cn += counts.negative;
        }
      }
      out.push(day);
    }
    return out;
  };
  const b = pairs(before);
  const a = pairs(after);
  const boot = { iterations: options.iterations ?? 1000, seed: options.seed ?? iv.id };
  const change =
    (g: 't' | 'c') =>
    ([x, y]: DayPair[][]) =>
      rate(y!, g) - rate(x!, g);
  const target = {
    before: figure(b, 't'),
    after: figure(a, 't'),
    change: roundInterval(bootstrapInterval([b, a], change('t'), boot)),
  };
  const control = {
    before: figure(b, 'c'),
    after: figure(a, 'c'),
    change: roundInterval(bootstrapInterval([b, a], change('c'), boot)),
  };
  const did = roundInterval(bootstrapInterval([b, a], (g) => change('t')(g) - change('c')(g), boot));
  const verdict = !did
    ? 'not enough data'
    : did.high < 0
      ? 'better'
      : did.low > 0
        ? 'worse'
        : 'no clear change';
  return { intervention: iv, before, after, target, control, differenceInDifferences: did, verdict };
}
