import { describe, expect, it } from 'vitest';
import type { CellSeries } from '../../../src/aggregate/cell-days.format.js';
import {
  type InterventionTarget,
  measureIntervention,
} from '../../../src/aggregate/intervention-effects.format.js';
import { addDays } from '../../../src/aggregate/periods.js';
import { binomialDraw, poissonDraw, seededRandom } from '../../../src/aggregate/stats/prng.js';

const span = { from: '2026-04-06', to: '2026-05-31' }; // 28 days before 2026-05-04, 28 after
const fix: InterventionTarget = {
  id: 1,
  name: 'login fix',
  effectiveDay: '2026-05-04',
  stage: 'onboarding',
  touchpoint: 'account_login',
  windowDays: 28,
};

function planted(seed: number, before: number, after: number, controlDrift = 0): CellSeries[] {
  const random = seededRandom(seed);
  const day = (rate: number, volume: number) => {
    const mentions = poissonDraw(volume, random);
    const negative = binomialDraw(mentions, rate, random);
    return { mentions, negative, sentimentSum: -negative * 0.5, intensity: negative * 0.5 };
  };
  const days = Array.from({ length: 56 }, (_, i) => addDays(span.from, i));
  const series = (stage: string, touchpoint: string, rateOf: (d: string) => number, volume: number) => ({
    stage,
    touchpoint,
    days: days.map((d) => day(rateOf(d), volume)),
  });
  return [
    series('onboarding', 'account_login', (d) => (d < fix.effectiveDay ? before : after), 30),
    series('fulfilment', 'delivery', (d) => (d < fix.effectiveDay ? 0.3 : 0.3 + controlDrift), 40),
    series('usage', 'product', () => 0.2, 40),
  ];
}

describe('the before/after of an intervention', () => {
  it('recovers a planted step change within its interval, with a flat control', () => {
    const effect = measureIntervention(fix, planted(5, 0.4, 0.2), span, [fix], span.to);
    expect(effect.before).toEqual({ from: '2026-04-06', to: '2026-05-03' });
    expect(effect.after).toEqual({ from: '2026-05-04', to: '2026-05-31' });
    const change = effect.target.change!;
    expect(change.low).toBeLessThanOrEqual(-0.2);
    expect(change.high).toBeGreaterThanOrEqual(-0.2);
    expect(change.high).toBeLessThan(0);
    expect(effect.control.change!.low).toBeLessThanOrEqual(0);
    expect(effect.control.change!.high).toBeGreaterThanOrEqual(0);
    expect(effect.verdict).toBe('better');
    expect(effect.target.before.mentions).toBeGreaterThan(700);
  });

  it('recovers the planted effect in at least 90 of 100 synthetic worlds', () => {
    let covered = 0;
    for (let seed = 100; seed < 200; seed++) {
      const did = measureIntervention(fix, planted(seed, 0.4, 0.2), span, [fix], span.to, { iterations: 300 })
        .differenceInDifferences!;
      if (did.low <= -0.2 && -0.2 <= did.high) covered++;
    }
    expect(covered).toBeGreaterThanOrEqual(90);
  });

  it('nets out drift that hits every cell', () => {
    const effect = measureIntervention(fix, planted(9, 0.3, 0.3), span, [fix], span.to);
    expect(effect.verdict).toBe('no clear change');
  });

  it('leaves cells another intervention targets out of the control, and days without data out of the window', () => {
    const other: InterventionTarget = {
      ...fix,
      id: 2,
      name: 'carrier',
      stage: 'fulfilment',
      touchpoint: 'delivery',
    };
    const cells = planted(3, 0.4, 0.2, 0.4);
    const withOther = measureIntervention(fix, cells, span, [fix, other], span.to);
    const withoutOther = measureIntervention(fix, cells, span, [fix], span.to);
    expect(withOther.control.before.mentions).toBeLessThan(withoutOther.control.before.mentions);
    expect(Math.abs(withOther.control.change!.estimate)).toBeLessThan(0.05);
    expect(withoutOther.control.change!.estimate).toBeGreaterThan(0.1);
    const early = measureIntervention(fix, cells, span, [fix], '2026-05-10');
    expect(early.target.after.mentions).toBeLessThan(withOther.target.after.mentions / 2);
  });
});
