import { describe, expect, it } from 'vitest';
import {
  type CellPeriods,
  detectEmerging,
  type PeriodCounts,
} from '../../../src/aggregate/emerging.detect.js';
import { binomialDraw, poissonDraw, seededRandom } from '../../../src/aggregate/stats/prng.js';

const WEEKS = 52;
const BASELINE = 8;

/** 52 weeks of a cell: mentions ~ Poisson(volume), negative ~ Binomial(mentions, rate). */
function series(random: () => number, volume: number, rate: number): PeriodCounts[] {
  return Array.from({ length: WEEKS }, () => {
    const mentions = poissonDraw(volume, random);
    return { mentions, negative: binomialDraw(mentions, rate, random) };
  });
}

function weekOf(all: Array<{ key: string; weeks: PeriodCounts[] }>, w: number): CellPeriods[] {
  return all.map(({ key, weeks }) => ({
    stage: key,
    touchpoint: 'x',
    baseline: weeks.slice(w - BASELINE, w),
    latest: weeks[w]!,
  }));
}

describe('emerging pain points on synthetic weekly series', () => {
  const random = seededRandom(2026);
  const stable = Array.from({ length: 40 }, (_, i) => ({
    key: `stable${i}`,
    weeks: series(random, 20 + (i % 5) * 15, 0.15 + (i % 4) * 0.1),
  }));
  const spike = { key: 'spike', weeks: series(random, 40, 0.25) };
  const SPIKE_WEEK = 40;
  spike.weeks[SPIKE_WEEK] = { mentions: 55, negative: 30 }; // 55% negative, baseline 25%

  it('detects a planted spike in the period it happens, and not before', () => {
    for (let w = BASELINE; w < WEEKS; w++) {
      const hit = detectEmerging(weekOf([...stable, spike], w)).find((t) => t.stage === 'spike');
      if (w === SPIKE_WEEK) {
        expect(hit?.alert).toBe(true);
        expect(hit?.qValue).toBeLessThanOrEqual(0.05);
        expect(hit?.negativeShare).toBeCloseTo(30 / 55, 4);
      } else if (w < SPIKE_WEEK) {
        expect(hit?.alert ?? false).toBe(false);
      }
    }
  });

  it('lets no more than 5% of stable cells alarm at FDR 0.05 over 52 weeks', () => {
    let tests = 0;
    let alarms = 0;
    for (let w = BASELINE; w < WEEKS; w++) {
      const results = detectEmerging(weekOf([...stable, spike], w)).filter((t) => t.stage !== 'spike');
      tests += results.length;
      alarms += results.filter((t) => t.alert).length;
    }
    expect(tests).toBeGreaterThan(1500);
    expect(alarms / tests).toBeLessThanOrEqual(0.05);
  });

  it('does not alarm on a perfectly stable series', () => {
    const flat = Array.from({ length: 10 }, (_, i) => ({
      key: `flat${i}`,
      weeks: Array.from({ length: WEEKS }, () => ({ mentions: 50, negative: 10 })),
    }));
    for (let w = BASELINE; w < WEEKS; w++)
      expect(detectEmerging(weekOf(flat, w)).filter((t) => t.alert)).toEqual([]);
  });

  it('skips cells under the minimum count and reports effect sizes', () => {
    const cells: CellPeriods[] = [
      {
        stage: 'few',
        touchpoint: 'x',
        baseline: [{ mentions: 10, negative: 0 }],
        latest: { mentions: 4, negative: 4 },
      },
      {
        stage: 'many',
        touchpoint: 'x',
        baseline: [
          { mentions: 40, negative: 4 },
          { mentions: 40, negative: 6 },
        ],
        latest: { mentions: 40, negative: 20 },
      },
    ];
    const [only, ...rest] = detectEmerging(cells);
    expect(rest).toEqual([]);
    expect(only).toMatchObject({
      stage: 'many',
      test: 'share',
      expectedNegative: 5,
      rateRatio: 4,
      negativeShare: 0.5,
      baselineNegativeShare: 0.125,
      baselinePeriods: 2,
      alert: true,
    });
  });
});
