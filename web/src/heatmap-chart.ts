// The stage × touchpoint heatmap and a cell's trend, drawn with ECharts (only the parts we use).
import { HeatmapChart, LineChart } from 'echarts/charts';
import { GridComponent, TooltipComponent, VisualMapComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import type { Cell, Heatmap } from './api.js';

echarts.use([HeatmapChart, LineChart, GridComponent, TooltipComponent, VisualMapComponent, CanvasRenderer]);

// Colour-blind safe: viridis for amounts (light = little, dark = a lot), purple–orange for sentiment.
const VIRIDIS = ['#fde725', '#90d743', '#35b779', '#21918c', '#31688e', '#443983', '#440154'];
const PURPLE_ORANGE = ['#b35806', '#f1a340', '#fee0b6', '#f7f7f7', '#d8daeb', '#998ec3', '#542788'];

export const label = (key: string) => key.replaceAll('_', ' ');

export function formatValue(metric: string, value: number | null): string {
  if (value === null) return '–';
  if (metric === 'negative_rate') return `${Math.round(value * 100)}%`;
  if (metric === 'sentiment') return value.toFixed(2);
  return value >= 100 ? String(Math.round(value)) : String(Math.round(value * 10) / 10);
}

export interface HeatmapView {
  chart: echarts.ECharts;
  render(grid: Heatmap, cells: Cell[], metric: string): void;
  /** Page coordinates of a cell's centre (for automation and tests), or null when it is not drawn. */
  cellCenter(stage: string, touchpoint: string): { x: number; y: number } | null;
}

export function createHeatmap(el: HTMLElement, onPick: (cell: Cell) => void): HeatmapView {
  const chart = echarts.init(el, undefined, { renderer: 'canvas' });
  let current: { grid: Heatmap; cells: Cell[] } | null = null;
  chart.on('click', (params) => {
    const data = params.data as { cell?: Cell } | undefined;
    if (data?.cell) onPick(data.cell);
  });
  addEventListener('resize', () => chart.resize());
  return {
    chart,
    render(grid, cells, metric) {
      current = { grid, cells };
      const drawn = cells.filter((c) => c.mentions > 0 && c.value !== null);
      const values = drawn.map((c) => c.value as number);
      const sentiment = metric === 'sentiment';
      // Amounts are coloured on a square-root scale so one very large cell does not wash out the rest.
      const shade = (v: number) => (sentiment ? v : Math.sqrt(Math.max(v, 0)));
      const max = sentiment ? 1 : Math.max(1e-9, ...values.map(shade));
      chart.setOption(
        {
          animation: false,
          tooltip: {
            formatter: (p: { data: { cell: Cell } }) => {
              const c = p.data.cell;
              return `${label(c.stage)} × ${label(c.touchpoint)}<br/>${metric}: <b>${formatValue(metric, c.value)}</b><br/>${c.negative} negative of ${c.mentions} mentions`;
            },
          },
          grid: { left: 110, right: 20, top: 10, bottom: 130 },
          xAxis: {
            type: 'category',
            data: grid.touchpoints.map(label),
            axisLabel: { rotate: 40, interval: 0 },
            splitArea: { show: true },
          },
          yAxis: { type: 'category', data: grid.stages.map(label), inverse: true, splitArea: { show: true } },
          visualMap: {
            min: sentiment ? -1 : 0,
            max,
            calculable: false,
            orient: 'horizontal',
            left: 'center',
            bottom: 0,
            inRange: { color: sentiment ? PURPLE_ORANGE : VIRIDIS },
            text: sentiment ? ['positive', 'negative'] : ['more', 'less'],
          },
          series: [
            {
              type: 'heatmap',
              data: drawn.map((c) => ({
                value: [
                  grid.touchpoints.indexOf(c.touchpoint),
                  grid.stages.indexOf(c.stage),
                  shade(c.value as number),
                ],
                cell: c,
              })),
              label: {
                show: true,
                formatter: (p: { data: { cell: Cell } }) => formatValue(metric, p.data.cell.value),
                color: '#111',
                textBorderColor: '#fff',
                textBorderWidth: 2,
                fontSize: 11,
              },
              itemStyle: { borderColor: '#fff', borderWidth: 1 },
              emphasis: { itemStyle: { borderColor: '#111', borderWidth: 2 } },
            },
          ],
        },
        { notMerge: true },
      );
      el.dataset.cells = String(drawn.length);
    },
    cellCenter(stage, touchpoint) {
      if (!current) return null;
      const cell = current.cells.find((c) => c.stage === stage && c.touchpoint === touchpoint);
      if (!cell || cell.mentions === 0) return null;
      const point = chart.convertToPixel({ seriesIndex: 0 }, [
        current.grid.touchpoints.indexOf(touchpoint),
        current.grid.stages.indexOf(stage),
      ]) as number[];
      const box = el.getBoundingClientRect();
      return { x: box.left + window.scrollX + point[0]!, y: box.top + window.scrollY + point[1]! };
    },
  };
}

export function renderTrend(
  el: HTMLElement,
  grid: Heatmap,
  stage: string,
  touchpoint: string,
  metric: string,
) {
  const chart = echarts.getInstanceByDom(el) ?? echarts.init(el);
  const series = grid.buckets.map((b) => {
    const cell = b.cells.find((c) => c.stage === stage && c.touchpoint === touchpoint);
    return {
      start: b.start,
      value: cell && cell.mentions > 0 ? cell.value : null,
      mentions: cell?.mentions ?? 0,
    };
  });
  chart.setOption(
    {
      animation: false,
      grid: { left: 45, right: 10, top: 10, bottom: 40 },
      tooltip: { trigger: 'axis' },
      xAxis: { type: 'category', data: series.map((s) => s.start) },
      yAxis: { type: 'value', scale: true },
      series: [
        {
          type: 'line',
          name: metric,
          data: series.map((s) => s.value),
          connectNulls: false,
          symbolSize: 6,
          lineStyle: { color: '#3b528b', width: 2 },
          itemStyle: { color: '#3b528b' },
        },
      ],
    },
    { notMerge: true },
  );
}
