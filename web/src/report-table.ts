// The tables of the pain-point, alert and intervention pages: a caption, column heads and rows built
// from text nodes only; each stage × touchpoint links to the heatmap with that cell chosen (its trend
// and the quotes behind it), in the same source and segment.
import type { CellQuoteText } from './api.js';
import { el, highlighted } from './dom.js';
import { evidenceSpans } from './evidence.js';
import { routeHref } from './router.js';

export const label = (key: string) => key.replaceAll('_', ' ');
export const pct = (n: number | null) => (n === null ? '–' : `${Math.round(n * 100)}%`);
export const num = (n: number) => `${n < 0 ? '−' : ''}${Math.abs(n).toFixed(Math.abs(n) >= 100 ? 0 : 1)}`;
export const signedNum = (n: number) => `${n > 0 ? '+' : ''}${num(n)}`;

/** The heatmap of a cell, in the page's source and segment, at the bucket of `at` when given. */
export function cellHref(
  params: URLSearchParams,
  stage: string,
  touchpoint: string | null,
  at?: { bucket: string; from: string },
): string {
  const state = new URLSearchParams({ stage, ...(touchpoint ? { touchpoint } : {}) });
  for (const key of ['source', 'segment']) {
    const value = params.get(key);
    if (value) state.set(key, value);
  }
  if (at) {
    state.set('bucket', at.bucket);
    state.set('at', at.from);
  }
  return routeHref('heatmap', state);
}

export function cellLink(href: string, stage: string, touchpoint: string | null): HTMLElement {
  return el('a', { href }, `${label(stage)} × ${touchpoint ? label(touchpoint) : 'every touchpoint'}`);
}

/** A quote with its evidence words marked. */
export function quoteNode(q: CellQuoteText | undefined): Node {
  if (!q) return el('span', { class: 'muted' }, '–');
  return el(
    'span',
    {},
    el('q', {}, ...highlighted(q.text, evidenceSpans(q.text, q.evidence))),
    el('span', { class: 'meta' }, ` ${q.source} · ${q.day}`),
  );
}

export function reportTable(
  name: string,
  caption: string,
  heads: readonly string[],
  rows: readonly HTMLTableRowElement[],
  empty: string,
): HTMLTableElement {
  const body =
    rows.length > 0 ? [...rows] : [el('tr', {}, el('td', { colspan: String(heads.length) }, empty))];
  return el(
    'table',
    { class: 'drivers report-table', 'data-table': name, 'data-rows': String(rows.length) },
    el('caption', {}, caption),
    el('thead', {}, el('tr', {}, ...heads.map((h) => el('th', { scope: 'col' }, h)))),
    el('tbody', {}, ...body),
  );
}

export const td = (text: string | Node, numeric = false) => el('td', numeric ? { class: 'num' } : {}, text);
