// The journey chart's series (ECharts options, no DOM): per segment the emotion curve with its
// intervals and the previous period, the share negative with its intervals, the mentions per week,
// and the neutral band behind the curve.
import type { Journey, JourneyStage } from './api.js';
import { DIVERGING } from './colour.js';
import { escapeHtml } from './dom.js';

/** Okabe–Ito blue and reddish purple, told apart by shape too (circle, diamond). */
export const SEGMENT_STYLES = [
  { colour: '#0072b2', symbol: 'circle', hollow: 'emptyCircle' },
  { colour: '#b8518f', symbol: 'diamond', hollow: 'emptyDiamond' },
] as const;
/** The width of the lanes' header column, so the chart's stages sit above the lanes' columns. */
export const LANE_HEAD = 150;

export interface Segment {
  name: string;
  journey: Journey;
}

export const label = (key: string) => key.replaceAll('_', ' ');
export const signed = (n: number, digits = 2) =>
  `${n > 0 ? '+' : n < 0 ? '−' : ''}${Math.abs(n).toFixed(digits)}`;
export const pct = (n: number) => `${Math.round(n * 100)}%`;
const perWeek = (stage: JourneyStage, journey: Journey) =>
  journey.period ? Math.round((stage.current.mentions / journey.period.days) * 7 * 10) / 10 : 0;

/** A whisker (interval) at x ± offset within the band of a category. */
function whiskers(
  name: string,
  colour: string,
  grid: number,
  points: Array<[number, number, number] | null>,
  offset: number,
) {
  return {
    type: 'custom',
    name,
    xAxisIndex: grid,
    yAxisIndex: grid,
    silent: true,
    z: 3,
    data: points.filter((p): p is [number, number, number] => p !== null),
    renderItem: (_params: unknown, api: any) => {
      const band = api.size([1, 0])[0] as number;
      const [x, low] = api.coord([api.value(0), api.value(1)]) as [number, number];
      const [, high] = api.coord([api.value(0), api.value(2)]) as [number, number];
      const at = x + offset * band;
      const cap = Math.max(3, band * 0.04);
      const line = (x1: number, y1: number, x2: number, y2: number) => ({
        type: 'line',
        shape: { x1, y1, x2, y2 },
        style: { stroke: colour, lineWidth: 1.5 },
      });
      return {
        type: 'group',
        children: [
          line(at, low, at, high),
          line(at - cap, low, at + cap, low),
          line(at - cap, high, at + cap, high),
        ],
      };
    },
  };
}

function tip(segment: string, s: JourneyStage, journey: Journey): string {
  const now = s.current.sentiment;
  const before = s.previous.sentiment;
  const change = s.change.direction && s.change.direction !== 'steady' ? ` (${s.change.direction})` : '';
  return [
    `<b>${escapeHtml(label(s.stage))}</b> — ${escapeHtml(segment)}`,
    now
      ? `mean sentiment ${signed(now.estimate)} [${signed(now.low)}, ${signed(now.high)}]`
      : 'too few mentions',
    before ? `previous period ${signed(before.estimate)}${change}` : 'no previous data',
    s.current.negativeShare ? `${pct(s.current.negativeShare.estimate)} negative` : '',
    `${s.current.mentions} mentions (${perWeek(s, journey)} a week)`,
  ]
    .filter(Boolean)
    .join('<br/>');
}

/** The emotion curve of one segment: this period with its intervals, the previous period dotted. */
export function curveSeries(segment: Segment, k: number, offset: number) {
  const style = SEGMENT_STYLES[k]!;
  const stages = segment.journey.stages;
  const x = (i: number) => i + offset;
  const mark = (s: JourneyStage) =>
    s.change.direction === 'worse' ? '▼ worse' : s.change.direction === 'better' ? '▲ better' : '';
  return [
    {
      type: 'line',
      name: segment.name,
      xAxisIndex: 0,
      yAxisIndex: 0,
      z: 4,
      symbol: style.symbol,
      symbolSize: 10,
      color: style.colour,
      lineStyle: { width: 2.5 },
      data: stages.map((s, i) => ({
        value: [x(i), s.current.sentiment?.estimate ?? null],
        tip: tip(segment.name, s, segment.journey),
        label: {
          show: mark(s) !== '',
          formatter: mark(s),
          position: s.change.direction === 'worse' ? 'bottom' : 'top',
          distance: 14,
          color: '#1d2330',
          fontWeight: 'bold',
          backgroundColor: '#ffffffcc',
          padding: [1, 3],
        },
      })),
    },
    whiskers(
      segment.name,
      style.colour,
      0,
      stages.map((s, i) =>
        s.current.sentiment ? [x(i), s.current.sentiment.low, s.current.sentiment.high] : null,
      ),
      0,
    ),
    {
      type: 'line',
      name: `${segment.name}, previous period`,
      xAxisIndex: 0,
      yAxisIndex: 0,
      symbol: style.hollow,
      symbolSize: 8,
      color: style.colour,
      lineStyle: { type: 'dotted', width: 1.5, opacity: 0.8 },
      data: stages.map((s, i) => ({
        value: [x(i), s.previous.sentiment?.estimate ?? null],
        tip: tip(segment.name, s, segment.journey),
      })),
    },
  ];
}

/** One segment's bars: the share negative (with its interval) and the mentions per week. */
export function barSeries(segment: Segment, k: number, offset: number, count: number) {
  const style = SEGMENT_STYLES[k]!;
  const stages = segment.journey.stages;
  const bar = (axis: number, value: (s: JourneyStage) => number | null) => ({
    type: 'bar',
    name: segment.name,
    xAxisIndex: axis,
    yAxisIndex: axis,
    barWidth: count === 1 ? '40%' : '30%',
    barGap: '13%',
    color: style.colour,
    data: stages.map((s) => ({ value: value(s), tip: tip(segment.name, s, segment.journey) })),
  });
  return [
    bar(1, (s) => s.current.negativeShare?.estimate ?? null),
    whiskers(
      segment.name,
      '#1d2330',
      1,
      stages.map((s, i) =>
        s.current.negativeShare ? [i, s.current.negativeShare.low, s.current.negativeShare.high] : null,
      ),
      offset,
    ),
    bar(2, (s) => perWeek(s, segment.journey)),
  ];
}

/** The neutral line at 0 and the two halves tinted with the diverging scale's ends. */
export function neutralBand(extent: number) {
  return {
    type: 'line',
    xAxisIndex: 0,
    yAxisIndex: 0,
    data: [],
    silent: true,
    markArea: {
      silent: true,
      data: [
        [{ yAxis: -extent, itemStyle: { color: `${DIVERGING[2]}33` } }, { yAxis: 0 }],
        [{ yAxis: 0, itemStyle: { color: `${DIVERGING[6]}33` } }, { yAxis: extent }],
      ],
    },
    markLine: {
      silent: true,
      symbol: 'none',
      lineStyle: { color: '#6b7280', type: 'solid', width: 1 },
      label: { formatter: 'neutral', position: 'insideEndTop', color: '#4a5262' },
      data: [{ yAxis: 0 }],
    },
  };
}
