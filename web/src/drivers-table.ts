// The drivers page's tables: one per score (NPS first), its cells ranked by their remove-theme impact
// on the score, each impact with its 95% interval drawn as a small bar on an axis shared by the
// table's rows (SVG attributes only, nothing the Content-Security-Policy blocks), and a link to the
// cell on the heatmap.
import type { Driver, Interval, ScoreDrivers } from './api.js';
import { el } from './dom.js';
import { digitsOf, fixed, scoreTitle, signed, unitOf } from './drivers-format.js';

const SVG = 'http://www.w3.org/2000/svg';
const BAR = { width: 180, height: 18, pad: 6 };
const label = (key: string) => key.replaceAll('_', ' ');
const pct = (n: number) => `${Math.round(n * 100)}%`;

function svg<K extends keyof SVGElementTagNameMap>(tag: K, attrs: Record<string, string | number>) {
  const node = document.createElementNS(SVG, tag);
  for (const [key, value] of Object.entries(attrs)) node.setAttribute(key, String(value));
  return node;
}

/** The axis every bar of a table shares: from the lowest to the highest bound, 0 always inside. */
function axisOf(drivers: readonly Driver[]): (v: number) => number {
  const bounds = drivers.flatMap((d) => (d.impactCi ? [d.impactCi.low, d.impactCi.high] : []));
  const low = Math.min(0, ...bounds);
  const high = Math.max(0, ...bounds);
  const span = high - low || 1;
  return (v) => BAR.pad + ((v - low) / span) * (BAR.width - 2 * BAR.pad);
}

function intervalBar(ci: Interval | null, x: (v: number) => number, text: string): Node {
  if (!ci) return el('span', { class: 'muted' }, 'no interval');
  const mid = BAR.height / 2;
  const bar = svg('svg', {
    class: 'ci-bar',
    width: BAR.width,
    height: BAR.height,
    viewBox: `0 0 ${BAR.width} ${BAR.height}`,
    role: 'img',
    'aria-label': text,
  });
  bar.append(
    svg('line', { class: 'ci-zero', x1: x(0), x2: x(0), y1: 1, y2: BAR.height - 1 }),
    svg('line', { class: 'ci-range', x1: x(ci.low), x2: x(ci.high), y1: mid, y2: mid }),
    svg('circle', { class: 'ci-estimate', cx: x(ci.estimate), cy: mid, r: 3.5 }),
  );
  return bar;
}

function reach(d: Driver): string {
  const anonymous = d.reach.anonymousRespondents > 0 ? ` + ${d.reach.anonymousRespondents} anonymous` : '';
  return `${d.reach.customers} of ${d.reach.ofCustomers}${anonymous}`;
}

function driverRow(s: ScoreDrivers, d: Driver, x: (v: number) => number, href: string): HTMLElement {
  const digits = digitsOf(s);
  const cell = `${label(d.stage)} × ${label(d.touchpoint)}`;
  const ci = d.impactCi;
  const impact = d.impact === null ? '–' : signed(d.impact, digits);
  const range = ci ? `${signed(ci.low, digits)} … ${signed(ci.high, digits)}` : 'nobody else answered';
  return el(
    'tr',
    { 'data-stage': d.stage, 'data-touchpoint': d.touchpoint, 'data-rank': String(d.rank) },
    el('td', { class: 'num' }, String(d.rank)),
    el('th', { scope: 'row' }, el('a', { href }, cell)),
    el('td', { class: 'num impact' }, impact),
    el('td', { class: 'interval' }, intervalBar(ci, x, `${cell}: ${impact}, 95% ${range}`), ` ${range}`),
    el('td', { class: 'num' }, String(d.respondents)),
    el('td', { class: 'num' }, pct(d.share)),
    el('td', { class: 'num' }, fixed(d.scoreAmong, digits)),
    el('td', { class: 'num' }, reach(d)),
    el('td', { class: 'num' }, String(d.mentions)),
  );
}

/** One score's table; `href` gives each cell's link to the heatmap. */
export function driversTable(s: ScoreDrivers, index: number, href: (d: Driver) => string): HTMLTableElement {
  const unit = unitOf(s);
  const x = axisOf(s.drivers);
  const heads = [
    'Rank',
    'Moment of truth (stage × touchpoint)',
    `Impact (${unit})`,
    `95% interval (${unit})`,
    'Respondents affected',
    'Share of respondents',
    `Their score (${unit})`,
    'Reach (customers)',
    'Negative mentions',
  ];
  const body = s.drivers.map((d) => driverRow(s, d, x, href(d)));
  if (body.length === 0)
    body.push(el('tr', {}, el('td', { colspan: String(heads.length) }, 'No cell with complaints.')));
  return el(
    'table',
    { class: 'drivers', 'data-score': String(index), 'data-metric': s.metric, 'data-source': s.source },
    el('caption', {}, scoreTitle(s)),
    el('thead', {}, el('tr', {}, ...heads.map((h) => el('th', { scope: 'col' }, h)))),
    el('tbody', {}, ...body),
  );
}
