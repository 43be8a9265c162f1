// The painmap dashboard: the stage × touchpoint heatmap for a period and metric, filters, a cell's
// trend and quotes, and an upload form. Plain TypeScript + ECharts, bundled by esbuild.
import './styles.css';
import {
  ApiError,
  type Cell,
  type Filters,
  forgetLegacyToken,
  getJson,
  type Heatmap,
  type Quote,
  savedToken,
  saveToken,
  takeTokenFromUrl,
} from './api.js';
import { byId, el, highlighted } from './dom.js';
import { createHeatmap, formatValue, label, renderTrend } from './heatmap-chart.js';
import { setupUpload } from './upload.js';

const state = {
  grid: null as Heatmap | null,
  selected: null as { stage: string; touchpoint: string } | null,
};
const statusLine = byId('status');
const view = createHeatmap(byId('heatmap'), (cell) => void selectCell(cell.stage, cell.touchpoint));

declare global {
  interface Window {
    painmap: { cellCenter: typeof view.cellCenter };
  }
}
window.painmap = { cellCenter: (stage, touchpoint) => view.cellCenter(stage, touchpoint) };

const value = (id: string) => byId<HTMLSelectElement | HTMLInputElement>(id).value;
const filterParams = () => {
  const segment = value('segment');
  return { source: value('source') || undefined, segment: segment || undefined };
};

function say(text: string, error = false): void {
  statusLine.textContent = text;
  statusLine.classList.toggle('error', error);
}

function explain(error: unknown): string {
  if (error instanceof ApiError && error.status === 401) return 'The token was refused: enter a read token.';
  if (error instanceof ApiError && error.status === 503)
    return 'The server cannot reach its database; retrying helps.';
  return (error as Error).message;
}

/** The period the slider picks: 0 = the whole range, n = the n-th bucket. */
function period(): { from?: string; to?: string; name: string; cells: Cell[] } {
  const grid = state.grid!;
  const index = Number(value('period'));
  const bucket = grid.buckets[index - 1];
  if (!bucket) {
    const first = grid.buckets[0]?.start;
    const last = grid.buckets.at(-1)?.start;
    return {
      name: first ? `${first} … ${last} (all ${grid.buckets.length} ${grid.bucket}s)` : 'no data',
      cells: grid.total,
    };
  }
  const next = grid.buckets[index]?.start;
  const to = next
    ? new Date(Date.parse(`${next}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10)
    : undefined;
  return { from: bucket.start, to, name: `${grid.bucket} of ${bucket.start}`, cells: bucket.cells };
}

function draw(): void {
  if (!state.grid) return;
  const p = period();
  byId('period-label').textContent = p.name;
  byId('heatmap-title').textContent =
    `Heatmap — ${byId<HTMLSelectElement>('metric').selectedOptions[0]?.text}`;
  view.render(state.grid, p.cells, state.grid.metric);
  const mentions = p.cells.reduce((n, c) => n + c.mentions, 0);
  say(`${mentions} mentions in ${p.name}.`);
  if (state.selected) void selectCell(state.selected.stage, state.selected.touchpoint);
}

async function loadHeatmap(): Promise<void> {
  say('Loading…');
  try {
    state.grid = await getJson<Heatmap>('/v1/heatmap', {
      bucket: value('bucket'),
      metric: value('metric'),
      ...filterParams(),
    });
    const slider = byId<HTMLInputElement>('period');
    slider.max = String(state.grid.buckets.length);
    if (Number(slider.value) > state.grid.buckets.length) slider.value = '0';
    draw();
  } catch (error) {
    say(explain(error), true);
  }
}

async function loadFilters(): Promise<void> {
  const filters = await getJson<Filters>('/v1/filters');
  const source = byId<HTMLSelectElement>('source');
  const segment = byId<HTMLSelectElement>('segment');
  const keep = [source.value, segment.value];
  source.replaceChildren(
    el('option', { value: '' }, 'All sources'),
    ...filters.sources.map((s) => el('option', { value: s }, s)),
  );
  segment.replaceChildren(
    el('option', { value: '' }, 'All segments'),
    ...filters.segments.map((s) => el('option', { value: `${s.key}:${s.value}` }, `${s.key}: ${s.value}`)),
  );
  [source.value, segment.value] = keep as [string, string];
}

async function selectCell(stage: string, touchpoint: string): Promise<void> {
  if (!state.grid) return;
  state.selected = { stage, touchpoint };
  const panel = byId('cell-panel');
  panel.hidden = false;
  const p = period();
  const cell = p.cells.find((c) => c.stage === stage && c.touchpoint === touchpoint);
  byId('cell-title').textContent =
    `${label(stage)} × ${label(touchpoint)}: ${formatValue(state.grid.metric, cell?.value ?? null)} ` +
    `(${cell?.negative ?? 0} negative of ${cell?.mentions ?? 0} mentions)`;
  renderTrend(byId('trend'), state.grid, stage, touchpoint, state.grid.metric);
  const list = byId('quotes');
  list.replaceChildren(el('li', {}, 'Loading quotes…'));
  try {
    const { quotes } = await getJson<{ quotes: Quote[] }>('/v1/quotes', {
      stage,
      touchpoint,
      from: p.from,
      to: p.to,
      limit: '5',
      ...filterParams(),
    });
    list.replaceChildren(
      ...(quotes.length === 0
        ? [el('li', {}, 'No mentions in this period.')]
        : quotes.map((q) =>
            el(
              'li',
              { class: 'quote' },
              el('q', {}, ...highlighted(q.quote, q.highlights)),
              el(
                'span',
                { class: 'meta' },
                `${q.source} · ${q.day} · ${q.sentiment.label} (${q.sentiment.score.toFixed(2)})`,
              ),
            ),
          )),
    );
  } catch (error) {
    list.replaceChildren(el('li', { class: 'status error' }, explain(error)));
  }
}

async function start(): Promise<void> {
  if (!savedToken()) return;
  try {
    await loadFilters();
  } catch (error) {
    say(explain(error), true);
    return;
  }
  await loadHeatmap();
}

forgetLegacyToken();
takeTokenFromUrl();
byId<HTMLInputElement>('token').value = savedToken();
byId('token-form').addEventListener('submit', (event) => {
  event.preventDefault();
  saveToken(value('token').trim());
  void start();
});
for (const id of ['metric', 'bucket', 'source', 'segment'])
  byId(id).addEventListener('change', () => void loadHeatmap());
byId('period').addEventListener('input', draw);
setupUpload(() => void start());
void start();
