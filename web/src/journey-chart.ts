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
import { SVGRenderer } from 'echarts/renderers';
import type { Interval } from './api.js';
import { DIVERGING } from './colour.js';
import { el } from './dom.js';
import { RENDERER } from './heatmap-chart.js';
import {
  barSeries,
  curveSeries,
  LANE_HEAD,
  label,
  neutralBand,
  pct,
  SEGMENT_STYLES,
  type Segment,
  signed,
} from './journey-series.js';

export type { Segment } from './journey-series.js';

echarts.use([
  AriaComponent,
  BarChart,
  SVGRenderer,
  CustomChart,
  GridComponent,
  LineChart,
  MarkAreaComponent,
  MarkLineComponent,
  TooltipComponent,
]);

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

export function renderJourneyChart(el: HTMLElement, segments: readonly Segment[]): void {
  const chart = echarts.getInstanceByDom(el) ?? echarts.init(el, undefined, RENDERER);
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
      series: [
        neutralBand(extent),
        ...segments.flatMap((s, k) => {
          const offset = segments.length === 1 ? 0 : (k - 0.5) * 0.34;
          return [...curveSeries(s, k, offset), ...barSeries(s, k, offset, segments.length)];
        }),
      ],
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

const SHAPES = { circle: ['●', '○'], diamond: ['◆', '◇'] } as const;

/** The chart's key in HTML: each segment's marks now and before, the interval, the neutral band. */
export function renderSeriesLegend(target: HTMLElement, segments: readonly Segment[]): void {
  const item = (mark: string, colour: string, text: string) => {
    const sign = el('span', { class: 'key-mark', 'aria-hidden': 'true' }, mark);
    sign.style.color = colour;
    return el('span', { class: 'legend-item' }, sign, text);
  };
  const band = (colour: string, text: string) => {
    const box = el('span', { class: 'swatch', 'aria-hidden': 'true' });
    box.style.background = colour;
    return el('span', { class: 'legend-item' }, box, text);
  };
  target.replaceChildren(
    ...segments.flatMap((s, k) => {
      const style = SEGMENT_STYLES[k]!;
      const [now, before] = SHAPES[style.symbol];
      return [
        item(`${now}━`, style.colour, `${s.name}: this period`),
        item(`${before}┈`, style.colour, 'the previous period'),
      ];
    }),
    item('┃', '#1d2330', '95% interval'),
    item('▼ ▲', '#1d2330', 'worse / better than the previous period (beyond chance)'),
    band(`${DIVERGING[2]}55`, 'below neutral'),
    band(`${DIVERGING[6]}55`, 'above neutral'),
  );
}
