// The heatmap page, `#/heatmap?metric&bucket&source&segment&at&stage&touchpoint`: the stage ×
// touchpoint grid for a metric and a period (`at`: a bucket's first day; none = the whole range),
// and, with stage and touchpoint, that cell's trend and quotes.
import { type Cell, getJson, type Heatmap, type Quote } from '../api.js';
import { scaleFor } from '../colour.js';
import { byId, el, highlighted } from '../dom.js';
import {
  createHeatmap,
  disposeTrend,
  formatValue,
  type HeatmapView,
  label,
  renderTrend,
} from '../heatmap-chart.js';
import { renderLegend } from '../legend.js';
import { explain } from '../status.js';
import { choose, fillFilterChoices, segmentLabel } from './filter-choices.js';
import type { Page, PageContext } from './page.js';

interface Selected {
  from?: string;
  to?: string;
  name: string;
  cells: Cell[];
}

const DAY = 86_400_000;

/** The period at bucket `at` (its first day), or the whole range when `at` is none of them. */
function periodOf(grid: Heatmap, at: string | null): Selected & { index: number } {
  const index = grid.buckets.findIndex((b) => b.start === at);
  const bucket = grid.buckets[index];
  if (!bucket) {
    const first = grid.buckets[0]?.start;
    const last = grid.buckets.at(-1)?.start;
    const name = first ? `${first} … ${last} (all ${grid.buckets.length} ${grid.bucket}s)` : 'no data';
    return { index: 0, name, cells: grid.total };
  }
  const next = grid.buckets[index + 1]?.start;
  const to = next ? new Date(Date.parse(`${next}T00:00:00Z`) - DAY).toISOString().slice(0, 10) : undefined;
  return {
    index: index + 1,
    from: bucket.start,
    to,
    name: `${grid.bucket} of ${bucket.start}`,
    cells: bucket.cells,
  };
}

/** What the colour measures, with its unit (`span`: "per week", "over 26 weeks"…). */
function unitOf(metric: string, span: string): string {
  if (metric === 'negative_rate') return 'share negative (negative ÷ all mentions)';
  if (metric === 'sentiment') return 'mean clause sentiment (−1 … +1)';
  if (metric === 'volume') return `mentions ${span}`;
  return `pain: summed intensity of negative mentions ${span}`;
}

function quoteItem(q: Quote): HTMLElement {
  return el(
    'li',
    { class: 'quote' },
    el('q', {}, ...highlighted(q.quote, q.highlights)),
    el(
      'span',
      { class: 'meta' },
      `${q.source} · ${q.day} · ${q.sentiment.label} (${q.sentiment.score.toFixed(2)})`,
    ),
  );
}

async function showCell(grid: Heatmap, period: Selected, params: URLSearchParams, filter: object) {
  const stage = params.get('stage');
  const touchpoint = params.get('touchpoint');
  const panel = byId('cell-panel');
  panel.hidden = !stage || !touchpoint;
  if (!stage || !touchpoint) return;
  const cell = period.cells.find((c) => c.stage === stage && c.touchpoint === touchpoint);
  byId('cell-title').textContent =
    `${label(stage)} × ${label(touchpoint)}: ${formatValue(grid.metric, cell?.value ?? null)} ` +
    `(${cell?.negative ?? 0} negative of ${cell?.mentions ?? 0} mentions)`;
  renderTrend(byId('trend'), grid, stage, touchpoint, unitOf(grid.metric, `per ${grid.bucket}`));
  const list = byId('quotes');
  list.replaceChildren(el('li', {}, 'Loading quotes…'));
  try {
    const query = { stage, touchpoint, from: period.from, to: period.to, limit: '5', ...filter };
    const { quotes } = await getJson<{ quotes: Quote[] }>('/v1/quotes', query);
    list.replaceChildren(
      ...(quotes.length === 0 ? [el('li', {}, 'No mentions in this period.')] : quotes.map(quoteItem)),
    );
  } catch (error) {
    list.replaceChildren(el('li', { class: 'status error' }, explain(error)));
  }
}

/** The grid for the period in the address, its legend, the status line and the chosen cell. */
function drawHeatmap(view: HeatmapView, grid: Heatmap, params: URLSearchParams, ctx: PageContext): void {
  const period = periodOf(grid, params.get('at'));
  byId<HTMLInputElement>('period').value = String(period.index);
  byId('period-label').textContent = period.name;
  byId('heatmap-title').textContent =
    `Heatmap — ${byId<HTMLSelectElement>('metric').selectedOptions[0]?.text}`;
  const values = period.cells.filter((c) => c.mentions > 0 && c.value !== null).map((c) => c.value as number);
  const scale = scaleFor(grid.metric, values);
  view.render(grid, period.cells, grid.metric, scale);
  const span = period.from ? `in the ${period.name}` : `over ${grid.buckets.length} ${grid.bucket}s`;
  renderLegend(byId('heatmap-legend'), scale, {
    unit: unitOf(grid.metric, span),
    format: (v) => formatValue(grid.metric, v),
    zero: grid.metric === 'negative_rate' ? '0%: mentions, none negative' : '0: mentions, none negative',
  });
  ctx.say(`${period.cells.reduce((n, c) => n + c.mentions, 0)} mentions in ${period.name}.`);
  void showCell(grid, period, params, filterOf(params));
}

function mount(_root: HTMLElement, ctx: PageContext) {
  let grid: Heatmap | null = null;
  let loadedKey = '';
  let params = new URLSearchParams();
  let requests = 0;
  let choices: Promise<void> | null = null;
  const select = (id: string) => byId<HTMLSelectElement>(id);
  const view = createHeatmap(byId('heatmap'), (cell) =>
    ctx.navigate({ stage: cell.stage, touchpoint: cell.touchpoint }),
  );
  window.painmap = { ...window.painmap, cellCenter: (s, t) => view.cellCenter(s, t) };
  for (const id of ['metric', 'source', 'segment'])
    select(id).addEventListener('change', () => ctx.navigate({ [id]: select(id).value }));
  select('bucket').addEventListener('change', () =>
    ctx.navigate({ bucket: select('bucket').value, at: null }),
  );
  byId<HTMLInputElement>('period').addEventListener('input', (event) => {
    const index = Number((event.target as HTMLInputElement).value);
    ctx.navigate({ at: grid?.buckets[index - 1]?.start ?? null });
  });

  return {
    async update(next: URLSearchParams) {
      params = next;
      choices ??= fillFilterChoices(ctx, [select('source')], [select('segment')]);
      await choices;
      select('metric').value = params.get('metric') ?? 'pain';
      select('bucket').value = params.get('bucket') ?? 'week';
      choose(select('source'), params.get('source') ?? '');
      choose(select('segment'), params.get('segment') ?? '', segmentLabel(params.get('segment') ?? ''));
      const query = { bucket: select('bucket').value, metric: select('metric').value, ...filterOf(params) };
      const key = JSON.stringify(query);
      if (key !== loadedKey) {
        ctx.say('Loading…');
        const request = ++requests;
        const answer = await getJson<Heatmap>('/v1/heatmap', query);
        if (request !== requests) return; // a later change is on its way
        grid = answer;
        loadedKey = key;
        byId<HTMLInputElement>('period').max = String(grid.buckets.length);
      }
      drawHeatmap(view, grid!, params, ctx);
    },
    unmount() {
      view.dispose();
      disposeTrend(byId('trend'));
    },
  };
}

const filterOf = (params: URLSearchParams) => ({
  source: params.get('source') || undefined,
  segment: params.get('segment') || undefined,
});

declare global {
  interface Window {
    /** Hooks for automation and tests. */
    painmap: { cellCenter?(stage: string, touchpoint: string): { x: number; y: number } | null };
  }
}

export const heatmapPage: Page = { path: 'heatmap', title: 'Heatmap', shared: ['source', 'segment'], mount };
