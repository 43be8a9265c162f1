// The journey map's lanes, as an HTML table under the curves (one column per stage, the same
// columns as the chart): per segment the emotion in words and numbers, the volume, the top pain
// points and delights with a quote and its evidence words marked, what changed, the touchpoints.
import type { Journey, JourneyCell, JourneyStage } from './api.js';
import { el, highlighted } from './dom.js';
import { evidenceSpans } from './evidence.js';
import type { Segment } from './journey-chart.js';

const label = (key: string) => key.replaceAll('_', ' ');
const pct = (n: number | null) => (n === null ? '–' : `${Math.round(n * 100)}%`);
const num = (n: number, digits = 2) => `${n > 0 ? '+' : n < 0 ? '−' : ''}${Math.abs(n).toFixed(digits)}`;
const pp = (n: number) => `${n > 0 ? '+' : n < 0 ? '−' : ''}${Math.abs(Math.round(n * 100))} pp`;

function quote(cell: JourneyCell): Node[] {
  if (!cell.quote) return [];
  const q = cell.quote;
  return [
    el('q', {}, ...highlighted(q.text, evidenceSpans(q.text, q.evidence))),
    el('span', { class: 'meta' }, `${q.source} · ${q.day}`),
  ];
}

function emotion(s: JourneyStage): Node[] {
  const now = s.current.sentiment;
  if (!now)
    return [el('span', { class: 'muted' }, s.current.mentions === 0 ? 'no mentions' : 'too few mentions')];
  const change = s.change.sentiment;
  const verdict =
    s.change.direction === 'worse'
      ? '▼ worse than before'
      : s.change.direction === 'better'
        ? '▲ better than before'
        : s.change.direction === 'steady'
          ? 'no clear change'
          : 'no earlier data to compare';
  return [
    el('span', { class: 'figure' }, `${num(now.estimate)} mean`),
    el('span', { class: 'range' }, `95%: ${num(now.low)} … ${num(now.high)}`),
    el('span', { class: 'figure' }, `${pct(s.current.negativeShare?.estimate ?? null)} negative`),
    el(
      'span',
      { class: `verdict verdict-${s.change.direction ?? 'none'}` },
      verdict,
      change ? ` (${num(change.estimate)}, 95%: ${num(change.low)} … ${num(change.high)})` : '',
    ),
  ];
}

function cellList(cells: readonly JourneyCell[], kind: 'pain' | 'delight'): Node {
  if (cells.length === 0)
    return el('span', { class: 'muted' }, kind === 'pain' ? 'no complaints' : 'no praise');
  return el(
    'ol',
    { class: 'cells' },
    ...cells.map((c) =>
      el(
        'li',
        { 'data-touchpoint': c.touchpoint },
        el('strong', {}, label(c.touchpoint)),
        ' ',
        el(
          'span',
          { class: 'count' },
          kind === 'pain'
            ? `${c.negative} of ${c.mentions} negative (${pct(c.negativeShare)})`
            : `${c.positive} of ${c.mentions} positive (${pct(c.positiveShare)})`,
        ),
        ...quote(c),
      ),
    ),
  );
}

function changes(s: JourneyStage): Node {
  if (s.changes.length === 0) return el('span', { class: 'muted' }, 'no cell changed beyond chance');
  return el(
    'ul',
    { class: 'cells' },
    ...s.changes.map((c) =>
      el(
        'li',
        { 'data-touchpoint': c.touchpoint, 'data-direction': c.direction },
        el('strong', {}, `${c.direction === 'worse' ? '▲' : '▼'} ${label(c.touchpoint)}`),
        ` ${pct(c.previous.negativeShare)} → ${pct(c.negativeShare)} negative (${pp(c.change.estimate)}, 95%: ${pp(c.change.low)} … ${pp(c.change.high)}): `,
        el('span', { class: `verdict verdict-${c.direction}` }, c.direction),
        `, ${Math.abs(Math.round(c.excessNegative))} ${c.excessNegative > 0 ? 'more' : 'fewer'} complaints than at the old rate`,
      ),
    ),
  );
}

const LANES: Array<{ key: string; title: string; cell(s: JourneyStage, j: Journey): Node | Node[] }> = [
  { key: 'emotion', title: 'Emotion', cell: emotion },
  {
    key: 'volume',
    title: 'Volume',
    cell: (s, j) =>
      el(
        'span',
        {},
        `${s.current.mentions} mentions`,
        j.period ? ` (${Math.round((s.current.mentions / j.period.days) * 70) / 10} a week)` : '',
      ),
  },
  { key: 'pain', title: 'Top pain points', cell: (s) => cellList(s.painPoints, 'pain') },
  { key: 'delight', title: 'Top delights', cell: (s) => cellList(s.delights, 'delight') },
  { key: 'changes', title: 'What changed', cell: changes },
  {
    key: 'touchpoints',
    title: 'Touchpoints',
    cell: (s) =>
      s.touchpoints.length === 0
        ? el('span', { class: 'muted' }, '–')
        : el(
            'ul',
            { class: 'touchpoints' },
            ...s.touchpoints.slice(0, 6).map((t) => el('li', {}, `${label(t.touchpoint)} ${t.mentions}`)),
          ),
  },
];

export function renderLanes(table: HTMLTableElement, segments: readonly Segment[]): void {
  const stages = segments[0]?.journey.stages.map((s) => s.stage) ?? [];
  const head = el(
    'thead',
    {},
    el(
      'tr',
      {},
      el('th', { scope: 'col' }, 'Stage'),
      ...stages.map((s) => el('th', { scope: 'col', 'data-stage': s }, label(s))),
    ),
  );
  const bodies = segments.map((segment, k) =>
    el(
      'tbody',
      { 'data-segment': String(k) },
      el(
        'tr',
        { class: `segment-row segment-${k}` },
        el('th', { scope: 'rowgroup', colspan: String(stages.length + 1) }, segment.name),
      ),
      ...LANES.map((lane) =>
        el(
          'tr',
          { 'data-lane': lane.key },
          el('th', { scope: 'row' }, lane.title),
          ...segment.journey.stages.map((s) =>
            el(
              'td',
              {
                'data-stage': s.stage,
                ...(lane.key === 'emotion' ? { 'data-direction': s.change.direction ?? 'none' } : {}),
              },
              ...[lane.cell(s, segment.journey)].flat(),
            ),
          ),
        ),
      ),
    ),
  );
  table.replaceChildren(
    el('caption', {}, segments.map((s) => s.name).join(' and '), ': the journey stage by stage'),
    head,
    ...bodies,
  );
}
