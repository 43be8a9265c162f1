// The journey map page (the default), `#/journey?weeks|from&to&source&segment&compare`: the stages
// across with their emotion curve and the change against the previous period, and the lanes with
// pain points, delights and what changed; `compare` puts a second segment on the same axes
// (`compare=all`: everyone).
import { getJson, type Journey } from '../api.js';
import { byId, el } from '../dom.js';
import {
  disposeJourneyChart,
  renderJourneyChart,
  renderSeriesLegend,
  resizeJourneyChart,
  type Segment,
} from '../journey-chart.js';
import { renderLanes } from '../journey-lanes.js';
import { choiceOf, paramsFor, periodChoices } from '../period-choices.js';
import { choose, fillFilterChoices, segmentLabel } from './filter-choices.js';
import type { Page, PageContext } from './page.js';

const ALL = 'All customers';
const nameOf = (segment: string) => (segment && segment !== 'all' ? segmentLabel(segment) : ALL);

function summary(journey: Journey, segments: readonly Segment[]): string {
  if (!journey.period) return 'No data yet: upload a file or send items.';
  const { period, previous } = journey;
  const weeks = period.days % 7 === 0 ? `${period.days / 7} weeks` : `${period.days} days`;
  const counts = segments
    .map((s) => `${s.name}: ${s.journey.stages.reduce((n, st) => n + st.current.mentions, 0)} mentions`)
    .join(' · ');
  return `${period.from} … ${period.to} (${weeks}) against ${previous?.from} … ${previous?.to}. ${counts}.`;
}

const select = (id: string) => byId<HTMLSelectElement>(`journey-${id}`);
const date = (id: string) => byId<HTMLInputElement>(`journey-${id}`);

function syncControls(params: URLSearchParams): void {
  const choice = choiceOf(params);
  choose(select('period'), choice, choice.replace(':', ' '));
  for (const node of document.querySelectorAll<HTMLElement>('#journey-controls [data-custom]'))
    node.hidden = choice !== 'custom';
  date('from').value = params.get('from') ?? '';
  date('to').value = params.get('to') ?? '';
  choose(select('source'), params.get('source') ?? '');
  for (const id of ['segment', 'compare']) {
    const value = params.get(id) ?? '';
    choose(select(id), value, segmentLabel(value));
  }
}

/** The journey of the segment (and of the one to compare with), for the period in the address. */
async function fetchSegments(params: URLSearchParams): Promise<Segment[]> {
  const base = {
    weeks: params.get('weeks') ?? undefined,
    from: params.get('from') ?? undefined,
    to: params.get('to') ?? undefined,
    source: params.get('source') ?? undefined,
  };
  const compare = params.get('compare');
  const wanted = [params.get('segment') ?? '', ...(compare ? [compare] : [])];
  const journeys = await Promise.all(
    wanted.map((s) =>
      getJson<Journey>('/v1/journey', { ...base, segment: s === 'all' ? undefined : s || undefined }),
    ),
  );
  return journeys.map((journey, k) => ({ name: nameOf(wanted[k]!), journey }));
}

function mount(_root: HTMLElement, ctx: PageContext) {
  const chart = byId('journey-chart');
  let shown: Journey['period'] = null;
  let requests = 0;
  let choices: Promise<void> | null = null;
  const resize = () => resizeJourneyChart(chart);
  addEventListener('resize', resize);

  select('period').addEventListener('change', () => ctx.navigate(paramsFor(select('period').value, shown)));
  for (const id of ['from', 'to']) {
    date(id).addEventListener('change', () => {
      if (date('from').value && date('to').value)
        ctx.navigate({ weeks: null, from: date('from').value, to: date('to').value });
    });
  }
  for (const id of ['source', 'segment', 'compare'])
    select(id).addEventListener('change', () => ctx.navigate({ [id]: select(id).value }));

  async function fillChoices(): Promise<void> {
    await fillFilterChoices(ctx, [select('source')], [select('segment'), select('compare')]);
    const filters = await ctx.filters();
    select('period').replaceChildren(
      ...periodChoices(filters.first, filters.last).map((c) => el('option', { value: c.value }, c.label)),
    );
  }

  return {
    async update(params: URLSearchParams) {
      const request = ++requests;
      ctx.say('Loading…');
      const loading = fetchSegments(params); // the pickers' choices load meanwhile
      loading.catch(() => {}); // a failure is reported below, once
      choices ??= fillChoices();
      await choices;
      syncControls(params);
      const segments = await loading;
      if (request !== requests) return; // a later change is on its way
      shown = segments[0]!.journey.period;
      renderJourneyChart(chart, segments);
      renderSeriesLegend(byId('journey-legend'), segments);
      renderLanes(byId<HTMLTableElement>('journey-lanes'), segments);
      ctx.say(summary(segments[0]!.journey, segments));
    },
    unmount() {
      removeEventListener('resize', resize);
      disposeJourneyChart(chart);
    },
  };
}

export const journeyPage: Page = {
  path: 'journey',
  title: 'Journey map',
  shared: ['source', 'segment'],
  mount,
};
