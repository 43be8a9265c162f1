import { describe, expect, it } from 'vitest';
import {
  along,
  DIVERGING,
  EMPTY_FILL,
  legendTicks,
  luminance,
  paint,
  parseHex,
  type Rgb,
  SEQUENTIAL,
  scaleFor,
  ZERO_FILL,
} from '../../../web/src/colour.js';

/**
 * Deuteranopia and protanopia as Machado, Oliveira and Fernandes (2009) simulate them at full
 * severity, applied to linear RGB.
 */
const SIMULATIONS: Record<string, number[][]> = {
  deuteranopia: [
    [0.367322, 0.860646, -0.227968],
    [0.280085, 0.672501, 0.047413],
    [-0.01182, 0.04294, 0.968881],
  ],
  protanopia: [
    [0.152286, 1.052583, -0.204868],
    [0.114503, 0.786281, 0.099216],
    [-0.003882, -0.048116, 1.051998],
  ],
};
const linear = (c: number) => (c / 255 <= 0.04045 ? c / 255 / 12.92 : ((c / 255 + 0.055) / 1.055) ** 2.4);
function seenWith(matrix: number[][], hex: string): Rgb {
  const rgb = parseHex(hex).map(linear);
  return matrix.map((row) => row.reduce((sum, m, i) => sum + m * rgb[i]!, 0)) as Rgb;
}
const distance = (a: Rgb, b: Rgb) => Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]);

describe('the sequential scale', () => {
  it('gets darker at every step, so more reads as darker with any colour vision and in grey', () => {
    const shades = Array.from({ length: 41 }, (_, i) => luminance(along(SEQUENTIAL, i / 40)));
    for (let i = 1; i < shades.length; i++) expect(shades[i]!).toBeLessThan(shades[i - 1]!);
  });

  it('keeps a cell without mentions, a zero and a small value apart', () => {
    const scale = scaleFor('pain', [0, 0.4, 120]);
    const empty = paint(scale, null, 0);
    const zero = paint(scale, 0, 12);
    const small = paint(scale, 0.4, 3);
    const large = paint(scale, 120, 200);
    expect(empty).toEqual({ kind: 'empty', fill: EMPTY_FILL });
    expect(zero).toEqual({ kind: 'zero', fill: ZERO_FILL });
    expect(small.kind).toBe('value');
    // The smallest value is visibly tinted, never white; the largest is the darkest.
    expect(luminance(ZERO_FILL) - luminance(small.fill)).toBeGreaterThan(0.03);
    expect(luminance(large.fill)).toBeLessThan(luminance(small.fill));
    expect(large.fill).toBe(SEQUENTIAL.at(-1));
    // A value of 0 with mentions is not the colour of no data either.
    expect(zero.fill).not.toBe(empty.fill);
  });

  it('draws shares on a fixed 0…100% scale, whatever the values shown', () => {
    const scale = scaleFor('negative_rate', [0.1, 0.2]);
    expect(paint(scale, 1, 5).fill).toBe(SEQUENTIAL.at(-1));
    expect(luminance(paint(scale, 0.2, 5).fill)).toBeGreaterThan(luminance(paint(scale, 0.9, 5).fill));
    expect(legendTicks(scale)).toEqual([0, 0.25, 0.5, 0.75, 1]);
  });

  it('places legend ticks of a square-root scale where their colour is', () => {
    expect(legendTicks({ kind: 'sqrt', max: 400 })).toEqual([0, 25, 100, 225, 400]);
  });
});

describe('the diverging sentiment scale', () => {
  const scale = scaleFor('sentiment', [-0.6, 0.3]);

  it('is centred on a neutral grey and symmetric in range', () => {
    expect(scale).toEqual({ kind: 'diverging', max: 0.75 });
    expect(paint(scale, 0, 10).fill).toBe('#f7f7f7');
    expect(paint(scale, null, 0).kind).toBe('empty');
    expect(paint(scale, null, 0).fill).not.toBe(paint(scale, 0, 10).fill);
  });

  it('is orange below neutral and blue above, darker the further from it', () => {
    const [r1, , b1] = parseHex(paint(scale, -0.6, 10).fill);
    const [r2, , b2] = parseHex(paint(scale, 0.6, 10).fill);
    expect(r1).toBeGreaterThan(b1);
    expect(b2).toBeGreaterThan(r2);
    for (const sign of [-1, 1]) {
      const shades = [0, 0.2, 0.4, 0.6, 0.75].map((v) => luminance(paint(scale, sign * v, 10).fill));
      for (let i = 1; i < shades.length; i++) expect(shades[i]!).toBeLessThan(shades[i - 1]!);
    }
  });

  it.each(Object.keys(SIMULATIONS))('keeps its two arms apart with %s', (name) => {
    const matrix = SIMULATIONS[name]!;
    for (let i = 0; i < 4; i++) {
      const negative = seenWith(matrix, DIVERGING[i]!);
      const positive = seenWith(matrix, DIVERGING[DIVERGING.length - 1 - i]!);
      expect(distance(negative, positive)).toBeGreaterThan(0.05);
    }
  });
});
