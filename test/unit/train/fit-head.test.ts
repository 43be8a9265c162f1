// Fitting a clause-model head (scripts/train/fit-head.ts): seeded fits replay exactly, and the mean of
// several shuffles (CM_SHUFFLES) depends less on the seed than one shuffle does.
import { describe, expect, it } from 'vitest';
import { averageFits, type Example, type Fit, fitOnce } from '../../../scripts/train/fit-head.js';
import { seededRandom } from '../../../src/aggregate/stats/prng.js';

const LABELS = ['a', 'b', 'c'] as const;
const FEATURES = 30;

/** Examples whose class follows from a few of 30 binary features, with 20% of the labels flipped. */
function noisyExamples(count: number): Example[] {
  const random = seededRandom(7);
  const out: Example[] = [];
  for (let n = 0; n < count; n++) {
    const on = Array.from({ length: FEATURES }, (_, f) => f).filter(() => random() < 0.2);
    const votes = [0, 0, 0];
    for (const f of on) votes[f % 3]! += f < 9 ? 2 : 0.3;
    let y = votes.indexOf(Math.max(...votes));
    if (random() < 0.2) y = Math.floor(random() * 3);
    out.push({
      features: on.map((f) => ({ key: `w:${f}`, value: 1, start: -1, end: -1 })),
      labels: { stage: LABELS[y] },
      weight: 1,
    });
  }
  return out;
}

const data = noisyExamples(400);
const index = new Map(Array.from({ length: FEATURES }, (_, f) => [`w:${f}`, f] as const));
const fitSeed = (seed: number) =>
  fitOnce(data, LABELS, index, () => true, [1, 1, 1], {
    name: 'stage',
    l2: 1e-5,
    rate: 0.3,
    seed,
    epochs: 3,
  });
const mean = (seeds: number[]) => averageFits(seeds.map(fitSeed));
const distance = (x: Fit, y: Fit) => Math.hypot(...x.w.map((v, i) => v - y.w[i]!));

describe('fitting a head', () => {
  it('replays the same weights for the same seed, and others for another seed', () => {
    expect(fitSeed(1).w).toEqual(fitSeed(1).w);
    expect(distance(fitSeed(1), fitSeed(2))).toBeGreaterThan(0);
  });

  it('averages fits element by element', () => {
    const x = { w: Float64Array.from([1, 2, 3]), bias: Float64Array.from([0, 1]) };
    const y = { w: Float64Array.from([3, 2, 0]), bias: Float64Array.from([1, 1]) };
    expect(Array.from(averageFits([x, y]).w)).toEqual([2, 2, 1.5]);
    expect(Array.from(averageFits([x, y]).bias)).toEqual([0.5, 1]);
    expect(Array.from(averageFits([x]).w)).toEqual([1, 2, 3]);
  });

  it('refuses no fits and fits of different shapes', () => {
    expect(() => averageFits([])).toThrow(/no fit/);
    const x = { w: new Float64Array(3), bias: new Float64Array(2) };
    expect(() => averageFits([x, { w: new Float64Array(4), bias: new Float64Array(2) }])).toThrow(/shapes/);
  });

  it('the mean of four shuffles moves less with the seeds than one shuffle does', () => {
    const single = [
      distance(fitSeed(1), fitSeed(2)),
      distance(fitSeed(3), fitSeed(4)),
      distance(fitSeed(5), fitSeed(6)),
    ];
    const averaged = [
      distance(mean([1, 2, 3, 4]), mean([11, 12, 13, 14])),
      distance(mean([5, 6, 7, 8]), mean([15, 16, 17, 18])),
      distance(mean([21, 22, 23, 24]), mean([31, 32, 33, 34])),
    ];
    const avg = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
    // Independent noise would shrink by √4 = 2; ask for a clear part of that.
    expect(avg(averaged)).toBeLessThan(avg(single) * 0.75);
  });
});
