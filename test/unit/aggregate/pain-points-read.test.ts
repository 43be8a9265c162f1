import { describe, expect, it } from 'vitest';
import { readsInOnePass } from '../../../src/aggregate/pain-points.js';

describe('reading the pain points’ clause pools in one pass', () => {
  it.each([
    ['no cells', [], true],
    ['every cell under its pool (a week)', [50, 199, 200, 3], true],
    ['a few cells a little over', [300, 100, 100, 100], true],
    ['most cells far over (a quarter)', [900, 700, 650, 120], false],
    ['one cell far over the rest', [5_000, 10, 10], false],
  ])('%s: %s', (_, negatives, expected) => {
    expect(
      readsInOnePass(
        (negatives as number[]).map((negative) => ({ negative })),
        200,
      ),
    ).toBe(expected);
  });
});
