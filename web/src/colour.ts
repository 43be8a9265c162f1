// Pure: colours that tell the truth. Amounts use a sequential scale from light (little) to dark
// (most) whose lightness falls at every step, so it reads the same with any colour-vision
// deficiency and in greyscale; sentiment uses a diverging blue–orange scale centred on a neutral
// grey. A cell with mentions but a value of 0 is white, and a cell without mentions is not
// coloured at all (the chart hatches it), so neither looks like a small value.

/** ColorBrewer YlGnBu (9 classes): pale yellow → green → dark blue, viridis-like but from near white. */
export const SEQUENTIAL = [
  '#ffffd9',
  '#edf8b1',
  '#c7e9b4',
  '#7fcdbb',
  '#41b6c4',
  '#1d91c0',
  '#225ea8',
  '#253494',
  '#081d58',
] as const;

/** Negative (orange, ColorBrewer PuOr's arm) → neutral grey → positive (blue, RdBu's arm). */
export const DIVERGING = [
  '#b35806',
  '#e08214',
  '#fdb863',
  '#fee0b6',
  '#f7f7f7',
  '#d1e5f0',
  '#92c5de',
  '#4393c3',
  '#2166ac',
] as const;

export const ZERO_FILL = '#ffffff';
export const EMPTY_FILL = '#f0f0f0';
/** Where on SEQUENTIAL the smallest value above zero starts: a visible tint, never white. */
const FIRST_TINT = 1 / 8;

export type Rgb = [number, number, number];

export function parseHex(hex: string): Rgb {
  const n = Number.parseInt(hex.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

const toHex = (rgb: Rgb) => `#${rgb.map((c) => Math.round(c).toString(16).padStart(2, '0')).join('')}`;

/** The colour at t (0…1) along the stops, interpolated in RGB between neighbours. */
export function along(stops: readonly string[], t: number): string {
  const x = Math.min(1, Math.max(0, t)) * (stops.length - 1);
  const i = Math.min(stops.length - 2, Math.floor(x));
  const [a, b] = [parseHex(stops[i]!), parseHex(stops[i + 1]!)];
  const f = x - i;
  return toHex([a[0] + (b[0] - a[0]) * f, a[1] + (b[1] - a[1]) * f, a[2] + (b[2] - a[2]) * f]);
}

/** WCAG relative luminance (0 black … 1 white). */
export function luminance(hex: string): number {
  const [r, g, b] = parseHex(hex).map((c) => {
    const s = c / 255;
    return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  }) as Rgb;
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/**
 * How a metric's values map onto colour. Amounts are drawn on a square-root scale so one very large
 * cell does not wash out the rest; shares on a fixed 0…100%; sentiment on ±`max`, centred on 0.
 */
export type Scale = { kind: 'sqrt'; max: number } | { kind: 'share' } | { kind: 'diverging'; max: number };

/** Where a value sits on its scale: 0…1 (diverging: −1…1). */
export function position(scale: Scale, value: number): number {
  if (scale.kind === 'share') return Math.min(1, Math.max(0, value));
  if (scale.kind === 'sqrt') return scale.max > 0 ? Math.sqrt(Math.max(0, value) / scale.max) : 0;
  return scale.max > 0 ? Math.min(1, Math.max(-1, value / scale.max)) : 0;
}

export interface CellPaint {
  kind: 'empty' | 'zero' | 'value';
  fill: string;
}

/** A cell's fill: empty without mentions, white at exactly 0 on an amount scale, else its colour. */
export function paint(scale: Scale, value: number | null, mentions: number): CellPaint {
  if (mentions === 0 || value === null) return { kind: 'empty', fill: EMPTY_FILL };
  if (scale.kind === 'diverging')
    return { kind: 'value', fill: along(DIVERGING, (position(scale, value) + 1) / 2) };
  if (value <= 0) return { kind: 'zero', fill: ZERO_FILL };
  return { kind: 'value', fill: along(SEQUENTIAL, FIRST_TINT + (1 - FIRST_TINT) * position(scale, value)) };
}

/** The scale of a heatmap metric over the values shown. */
export function scaleFor(metric: string, values: readonly number[]): Scale {
  if (metric === 'negative_rate') return { kind: 'share' };
  if (metric === 'sentiment') {
    const largest = Math.max(0, ...values.map(Math.abs));
    return { kind: 'diverging', max: Math.max(0.25, Math.ceil(largest * 4) / 4) };
  }
  return { kind: 'sqrt', max: Math.max(0, ...values) };
}

/** A CSS gradient of the scale as the legend shows it (amounts from their first tint). */
export function gradientOf(scale: Scale): string {
  const stops = scale.kind === 'diverging' ? DIVERGING : SEQUENTIAL;
  const from = scale.kind === 'diverging' ? 0 : FIRST_TINT;
  const parts = Array.from({ length: 9 }, (_, i) => along(stops, from + ((1 - from) * i) / 8));
  return `linear-gradient(to right, ${parts.join(', ')})`;
}

/** Values at evenly spaced places along the legend's ramp (the square-root scale's are uneven). */
export function legendTicks(scale: Scale, count = 5): number[] {
  return Array.from({ length: count }, (_, i) => {
    const t = i / (count - 1);
    if (scale.kind === 'share') return t;
    if (scale.kind === 'sqrt') return scale.max * t * t;
    return scale.max * (2 * t - 1);
  });
}
