// Fills a page's source and segment pickers from /v1/filters. Each picker keeps its own first
// options ("All sources", "All customers", "No comparison"…) and gets the values after them.
import { el } from '../dom.js';
import type { PageContext } from './page.js';

export const segmentLabel = (value: string) => value.replace(':', ': ').replaceAll('_', ' ');

const keepFixed = (select: HTMLSelectElement, isValue: (v: string) => boolean) =>
  [...select.options].filter((o) => !isValue(o.value));

export async function fillFilterChoices(
  ctx: PageContext,
  sources: readonly HTMLSelectElement[],
  segments: readonly HTMLSelectElement[],
): Promise<void> {
  const filters = await ctx.filters();
  const known = new Set(filters.sources);
  for (const select of sources) {
    select.replaceChildren(
      ...keepFixed(select, (v) => known.has(v)),
      ...filters.sources.map((s) => el('option', { value: s }, s)),
    );
  }
  for (const select of segments) {
    select.replaceChildren(
      ...keepFixed(select, (v) => v.includes(':')),
      ...filters.segments.map((s) =>
        el('option', { value: `${s.key}:${s.value}` }, segmentLabel(`${s.key}:${s.value}`)),
      ),
    );
  }
}

/** Sets a picker to a value from the address, adding it when the choices lack it (an old link). */
export function choose(picker: HTMLSelectElement, value: string, text = value): void {
  if (![...picker.options].some((o) => o.value === value)) picker.append(el('option', { value }, text));
  picker.value = value;
}
