// The two-fold gate for a preset's priors (scripts/eval/prior-gate.ts).
import { describe, expect, it } from 'vitest';
import { passesPriorGate, priorHalf } from '../../../scripts/eval/prior-gate.js';

describe('prior gate', () => {
  it.each([
    [[38, 48], true],
    [[1, 2], true],
    [[8, -7], false],
    [[-7, 8], false],
    [[0, 5], false],
    [[-1, -2], false],
    [[5], false],
  ])('fold gains %j pass: %s (each fold must gain, not only their sum)', (folds, passes) => {
    expect(passesPriorGate(folds)).toBe(passes);
  });

  it('splits ids into two halves of about the same size, the same way every run', () => {
    const ids = Array.from({ length: 400 }, (_, k) => `rsics-4-${k}`);
    const ones = ids.filter((id) => priorHalf(id) === 1).length;
    expect(ones).toBeGreaterThan(160);
    expect(ones).toBeLessThan(240);
    expect(ids.map(priorHalf)).toEqual(ids.map(priorHalf));
  });
});
