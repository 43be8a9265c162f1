// The journey map's curves, drawn with ECharts: per stage the mean clause sentiment with its 95%
// interval (the emotion curve) on a neutral-centred band, the previous period's points hollow and
// dotted, a significant change marked ▼ worse / ▲ better; under it the share negative and the
// mentions per week. One or two segments, always on the same axes.
import { BarChart, CustomChart, LineChart } from 'echarts/charts';
import {
  AriaComponent,
  GridComponent,
  MarkAreaComponent,
  MarkLineComponent,
  TooltipComponent,
} from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import type { Interval, Journey, JourneyStage } from './api.js';
import { DIVERGING } from './colour.js';
import { escapeHtml } from './dom.js';

echarts.use([
  AriaComponent,
  BarChart,
  CanvasRenderer,
  CustomChart,
  GridComponent,
  LineChart,
  MarkAreaComponent,
  MarkLineComponent,
  TooltipComponent,
]);

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

const label = (key: string) => key.replaceAll('_', ' ');
const signed = (n: number, digits = 2) => `${n > 0 ? '+' : n < 0 ? '−' : ''}${Math.abs(n).toFixed(digits)}`;
const pct = (n: number) => `${Math.round(n * 100)}%`;
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

function sentimentExtent(segments: readonly Segment[]): number {
  const values = segments.flatMap((s) =>
    s.journey.stages.flatMap((st) =>
      [st.current.sentiment, st.previous.sentiment].flatMap((i: Interval | null) =>
        i ? [i.low, i.high] : [],
      ),
    ),
  );
  return Math.min(1, Math.max(0.5, Math.ceil(Math.max(0, ...values.map(Math.abs)) * 4) / 4));
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

function segmentSeries(segment: Segment, k: number, count: number) {
  const style = SEGMENT_STYLES[k]!;
  const offset = count === 1 ? 0 : (k - 0.5) * 0.34;
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
    {
      type: 'bar',
      name: segment.name,
      xAxisIndex: 1,
      yAxisIndex: 1,
      barWidth: count === 1 ? '40%' : '30%',
      barGap: '13%',
      color: style.colour,
      data: stages.map((s) => ({
        value: s.current.negativeShare?.estimate ?? null,
        tip: tip(segment.name, s, segment.journey),
      })),
    },
    whiskers(
      segment.name,
      '#1d2330',
      1,
      stages.map((s, i) =>
        s.current.negativeShare ? [i, s.current.negativeShare.low, s.current.negativeShare.high] : null,
      ),
      offset,
    ),
    {
      type: 'bar',
      name: segment.name,
      xAxisIndex: 2,
      yAxisIndex: 2,
      barWidth: count === 1 ? '40%' : '30%',
      barGap: '13%',
      color: style.colour,
      data: stages.map((s) => ({
        value: perWeek(s, segment.journey),
        tip: tip(segment.name, s, segment.journey),
      })),
    },
  ];
}

function axes(stages: readonly string[], extent: number) {
  const n = stages.length;
  const value = (gridIndex: number) => ({
    type: 'value',
    gridIndex,
    min: -0.5,
    max: n - 0.5,
    interval: 1,
    axisLabel: {
      show: gridIndex === 2,
      formatter: (v: number) => label(stages[Math.round(v)] ?? ''),
      color: '#1d2330',
      fontWeight: 'bold',
    },
    axisTick: { show: false },
    splitLine: { show: gridIndex === 0, lineStyle: { color: '#eef0f4' } },
  });
  const name = (text: string) => ({
    name: text,
    nameLocation: 'middle',
    nameGap: 52,
    nameTextStyle: { color: '#4a5262' },
  });
  return {
    xAxis: [
      value(0),
      { type: 'category', gridIndex: 1, data: stages, axisLabel: { show: false }, axisTick: { show: false } },
      {
        type: 'category',
        gridIndex: 2,
        data: stages.map(label),
        axisLabel: { color: '#1d2330', fontWeight: 'bold', interval: 0 },
        axisTick: { show: false },
      },
    ],
    yAxis: [
      {
        type: 'value',
        gridIndex: 0,
        min: -extent,
        max: extent,
        interval: extent / 2,
        ...name('mean sentiment (−1 … +1)'),
        // On the left edge, not at x = 0 (which is the first stage on this value axis).
        axisLine: { onZero: false },
        axisLabel: { formatter: (v: number) => signed(v) },
      },
      {
        type: 'value',
        gridIndex: 1,
        min: 0,
        max: 1,
        interval: 0.5,
        ...name('share negative'),
        axisLabel: { formatter: pct },
      },
      { type: 'value', gridIndex: 2, min: 0, ...name('mentions per week'), splitNumber: 2 },
    ],
  };
}

/** The neutral line at 0 and the two halves tinted with the diverging scale's ends. */
function neutralBand(extent: number) {
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

export function renderJourneyChart(el: HTMLElement, segments: readonly Segment[]): void {
  const chart = echarts.getInstanceByDom(el) ?? echarts.init(el, undefined, { renderer: 'canvas' });
  const stages = segments[0]?.journey.stages.map((s) => s.stage) ?? [];
  const extent = sentimentExtent(segments);
  const grid = (top: number, height: number) => ({ left: LANE_HEAD, right: 16, top, height });
  chart.setOption(
    {
      animation: false,
      aria: {
        enabled: true,
        label: {
          description: `Emotion curve of ${stages.length} journey stages; the table below gives every figure.`,
        },
      },
      tooltip: { trigger: 'item', formatter: (p: { data?: { tip?: string } }) => p.data?.tip ?? '' },
      grid: [grid(16, 250), grid(292, 80), grid(396, 70)],
      ...axes(stages, extent),
      series: [neutralBand(extent), ...segments.flatMap((s, k) => segmentSeries(s, k, segments.length))],
    },
    { notMerge: true },
  );
  const first = segments[0]?.journey.stages ?? [];
  el.dataset.marks = first
    .filter((s) => s.change.direction === 'worse' || s.change.direction === 'better')
    .map((s) => `${s.stage}:${s.change.direction}`)
    .join(' ');
  el.dataset.series = String(segments.length);
  el.dataset.rendered = '1';
}

export function disposeJourneyChart(el: HTMLElement): void {
  echarts.getInstanceByDom(el)?.dispose();
}

export function resizeJourneyChart(el: HTMLElement): void {
  echarts.getInstanceByDom(el)?.resize();
}
