// The drivers page, `#/drivers?bucket&asof|from&to&source&segment`: what drives the score. For each
// rated source (NPS first) the stage × touchpoint cells — the moments of truth — ranked by how much
// the period's score would change without the respondents who complained about them (remove-theme,
// GET /v1/drivers), with 95% intervals; each cell links to the heatmap with that cell chosen. The
// period is the last whole `bucket` (month by default) ending on `asof` (or the last day with data),
// or `from` … `to`.
import { type Driver, type Drivers, getJson } from '../api.js';
import { byId } from '../dom.js';
import { driversTable } from '../drivers-table.js';
import { routeHref } from '../router.js';
import { choose, fillFilterChoices, segmentLabel } from './filter-choices.js';
import type { Page, PageContext } from './page.js';

const select = (id: string) => byId<HTMLSelectElement>(`drivers-${id}`);
const date = (id: string) => byId<HTMLInputElement>(`drivers-${id}`);
const custom = (params: URLSearchParams) => Boolean(params.get('from') && params.get('to'));
const bucketOf = (params: URLSearchParams) => (params.get('bucket') === 'week' ? 'week' : 'month');

/** The API query for the address: `from`/`to`, or the last whole bucket ending on `asof`. */
function queryOf(params: URLSearchParams): Record<string, string | undefined> {
  const filter = { source: params.get('source') || undefined, segment: params.get('segment') || undefined };
  if (custom(params)) return { from: params.get('from')!, to: params.get('to')!, ...filter };
  return { bucket: bucketOf(params), to: params.get('asof') || undefined, ...filter };
}

/** The heatmap with the cell chosen, in the same source (the score's) and segment; for a whole bucket, that bucket. */
function heatmapHref(params: URLSearchParams, source: string, period: Drivers['period'], d: Driver): string {
  const state = new URLSearchParams({ stage: d.stage, touchpoint: d.touchpoint, source });
  const segment = params.get('segment');
  if (segment) state.set('segment', segment);
  if (!custom(params) && period) {
    state.set('bucket', bucketOf(params));
    state.set('at', period.from);
  }
  return routeHref('heatmap', state);
}

function syncControls(params: URLSearchParams): void {
  const mode = custom(params) ? 'custom' : bucketOf(params);
  select('period').value = mode;
  for (const node of document.querySelectorAll<HTMLElement>('#drivers-controls [data-custom]'))
    node.hidden = mode !== 'custom';
  for (const node of document.querySelectorAll<HTMLElement>('#drivers-controls [data-bucket]'))
    node.hidden = mode === 'custom';
  date('asof').value = params.get('asof') ?? '';
  date('from').value = params.get('from') ?? '';
  date('to').value = params.get('to') ?? '';
  choose(select('source'), params.get('source') ?? '');
  choose(select('segment'), params.get('segment') ?? '', segmentLabel(params.get('segment') ?? ''));
}

function render(report: Drivers, params: URLSearchParams, ctx: PageContext): void {
  const tables = byId('drivers-tables');
  const empty = byId('drivers-empty');
  tables.setAttribute('data-scores', String(report.scores.length));
  empty.hidden = report.scores.length > 0;
  tables.replaceChildren(
    ...report.scores.map((s, k) =>
      driversTable(s, k, (d) => heatmapHref(params, s.source, report.period, d)),
    ),
  );
  const scores = report.scores.length === 1 ? '1 rated source' : `${report.scores.length} rated sources`;
  if (report.period) ctx.say(`${report.period.from} … ${report.period.to}: ${scores}.`);
  else ctx.say('No data yet: upload a file or send items.');
}

function mount(_root: HTMLElement, ctx: PageContext) {
  let shown: Drivers['period'] = null;
  let requests = 0;
  let choices: Promise<void> | null = null;

  select('period').addEventListener('change', () => {
    const mode = select('period').value;
    if (mode === 'custom') ctx.navigate({ bucket: null, asof: null, from: shown?.from, to: shown?.to });
    else ctx.navigate({ bucket: mode === 'month' ? null : mode, from: null, to: null });
  });
  date('asof').addEventListener('change', () => ctx.navigate({ asof: date('asof').value }));
  for (const id of ['from', 'to']) {
    date(id).addEventListener('change', () => {
      if (date('from').value && date('to').value)
        ctx.navigate({ from: date('from').value, to: date('to').value });
    });
  }
  for (const id of ['source', 'segment'])
    select(id).addEventListener('change', () => ctx.navigate({ [id]: select(id).value }));

  return {
    async update(params: URLSearchParams) {
      const request = ++requests;
      ctx.say('Loading…');
      const loading = getJson<Drivers>('/v1/drivers', queryOf(params));
      loading.catch(() => {}); // a failure is reported by the router, once
      choices ??= fillFilterChoices(ctx, [select('source')], [select('segment')]);
      await choices;
      syncControls(params);
      const report = await loading;
      if (request !== requests) return; // a later change is on its way
      shown = report.period;
      render(report, params, ctx);
    },
  };
}

export const driversPage: Page = { path: 'drivers', title: 'Drivers', shared: ['source', 'segment'], mount };
