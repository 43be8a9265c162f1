// Pure: what moved between the two periods of a journey map — the direction of a change at a false
// discovery rate, and the cells whose share negative moved (tested together across all cells) —
// plus the rounding every journey figure shares.
import type { CellChange, Direction, JourneyCell, Pair } from './journey.format.js';
import { type DifferenceInterval, type Interval, proportionDifference } from './stats/intervals.js';
import { benjaminiHochberg } from './stats/tests.js';

export const round = (n: number, places = 4) => Math.round(n * 10 ** places) / 10 ** places;
/** p- and q-values keep three significant digits: a tiny one must not round to 0. */
export const sig = (n: number) => Number(n.toPrecision(3));
export const roundInterval = <T extends Interval & { p?: number }>(i: T | null): T | null =>
  i && {
    ...i,
    estimate: round(i.estimate),
    low: round(i.low),
    high: round(i.high),
    ...(i.p === undefined ? {} : { p: sig(i.p) }),
  };
export const byName = (a: { touchpoint: string }, b: { touchpoint: string }) =>
  a.touchpoint < b.touchpoint ? -1 : 1;

/** `worse` or `better` when q is within the false discovery rate (worseWhen: the sign of worse). */
export const directionOf = (
  d: { estimate: number; q: number } | null,
  fdr: number,
  worseWhen: 1 | -1,
): Direction | null =>
  !d
    ? null
    : d.q > fdr || d.estimate === 0
      ? 'steady'
      : Math.sign(d.estimate) === worseWhen
        ? 'worse'
        : 'better';

/** Cell share changes tested across every cell with enough mentions, q-values by Benjamini–Hochberg. */
export function cellChanges(
  cells: Map<string, Map<string, Pair>>,
  minMentions: number,
): Map<string, Map<string, DifferenceInterval & { q: number }>> {
  const tested: Array<{ stage: string; touchpoint: string; d: DifferenceInterval }> = [];
  for (const [stage, byTouchpoint] of cells) {
    for (const [touchpoint, { current: c, previous: p }] of byTouchpoint) {
      if (c.mentions < minMentions || p.mentions < minMentions) continue;
      const d = proportionDifference(c.negative, c.mentions, p.negative, p.mentions);
      if (d) tested.push({ stage, touchpoint, d });
    }
  }
  const q = benjaminiHochberg(tested.map((t) => t.d.p));
  const out = new Map<string, Map<string, DifferenceInterval & { q: number }>>();
  tested.forEach((t, i) => {
    const byTouchpoint = out.get(t.stage) ?? new Map();
    out.set(t.stage, byTouchpoint.set(t.touchpoint, { ...t.d, q: q[i]! }));
  });
  return out;
}

/** A stage's cells whose share moved beyond chance, the largest excess of complaints first. */
export function changesOf(
  list: readonly JourneyCell[],
  tested: Map<string, DifferenceInterval & { q: number }> | undefined,
  fdr: number,
): CellChange[] {
  const out: CellChange[] = [];
  for (const cell of list) {
    const d = tested?.get(cell.touchpoint);
    const direction = directionOf(d ?? null, fdr, 1);
    if (!d || !direction || direction === 'steady') continue;
    const before = cell.previous.negative / cell.previous.mentions;
    out.push({
      ...cell,
      change: { ...roundInterval(d)!, q: sig(d.q) },
      direction,
      excessNegative: round(cell.negative - before * cell.mentions, 1),
    });
  }
  return out.sort((a, b) => Math.abs(b.excessNegative) - Math.abs(a.excessNegative) || byName(a, b));
}
