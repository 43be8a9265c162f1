// A colour legend in HTML (readable text, not pixels in a canvas): the unit, the ramp with values
// under it, and swatches for the cells that are not on the ramp (0 and no mentions).
import { gradientOf, legendTicks, type Scale, ZERO_FILL } from './colour.js';
import { el } from './dom.js';

export interface LegendOptions {
  /** What the colour measures, with its unit: "negative mentions per week", "share negative". */
  unit: string;
  format(value: number): string;
  /** What a white cell means (amounts only), e.g. "0: mentions, none negative". */
  zero?: string;
}

const swatch = (kind: string, text: string, fill?: string) => {
  const box = el('span', { class: `swatch swatch-${kind}`, 'aria-hidden': 'true' });
  if (fill) box.style.background = fill;
  return el('span', { class: 'legend-item' }, box, text);
};

export function renderLegend(target: HTMLElement, scale: Scale, options: LegendOptions): void {
  const ramp = el('span', { class: 'legend-ramp', 'aria-hidden': 'true' });
  ramp.style.background = gradientOf(scale);
  const ticks = legendTicks(scale).map((v, i, all) => {
    const words =
      scale.kind === 'diverging'
        ? i === 0
          ? ' negative'
          : i === all.length - 1
            ? ' positive'
            : v === 0
              ? ' neutral'
              : ''
        : '';
    // The ramp starts at the smallest value above zero; zero itself is the white swatch.
    const text = scale.kind !== 'diverging' && i === 0 ? `> ${options.format(0)}` : options.format(v);
    return el('span', {}, `${text}${words}`);
  });
  target.replaceChildren(
    el('span', { class: 'legend-unit' }, options.unit),
    el('span', { class: 'legend-scale' }, ramp, el('span', { class: 'legend-ticks' }, ...ticks)),
    ...(options.zero && scale.kind !== 'diverging' ? [swatch('zero', options.zero, ZERO_FILL)] : []),
    swatch('empty', 'no mentions'),
  );
  target.dataset.unit = options.unit;
}
