// The stage × touchpoint heatmap and a cell's trend, drawn with ECharts (only the parts we use).
// Colours come from colour.ts: light = little, dark = most; a white cell labelled 0 has mentions
// but none of what the metric counts; a hatched cell has no mentions at all.
import { HeatmapChart, LineChart } from 'echarts/charts';
import { AriaComponent, GridComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import type { Cell, Heatmap } from './api.js';
import { paint, type Scale } from './colour.js';
import { escapeHtml } from './dom.js';

echarts.use([AriaComponent, HeatmapChart, LineChart, GridComponent, TooltipComponent, SVGRenderer]);

/**
 * Every chart draws SVG. The canvas renderer (zrender 6.1) finishes a slow paint on the next animation
 * frame, and that frame still runs after the chart was disposed, throwing "Cannot read properties of
 * null (reading 'layerStack')" when a page is left mid-paint; the SVG renderer paints at once. SVG also
 * keeps the labels as text, and these charts have at most a few hundred shapes.
 */
export const RENDERER = { renderer: 'svg' } as const;

export const label = (key: string) => key.replaceAll('_', ' ');

export function formatValue(metric: string, value: number | null): string {
  if (value === null) return '–';
  if (metric === 'negative_rate') return `${Math.round(value * 100)}%`;
  if (metric === 'sentiment') return `${value > 0 ? '+' : ''}${value.toFixed(2)}`;
  return value >= 100 ? String(Math.round(value)) : String(Math.round(value * 10) / 10);
}

/** Diagonal grey lines on light grey: the fill of a cell without mentions (the legend shows it). */
export function hatch(): HTMLCanvasElement {
  const canvas = document.createElement('canvas');
  canvas.width = canvas.height = 8;
  const g = canvas.getContext('2d')!;
  g.fillStyle = '#f0f0f0';
  g.fillRect(0, 0, 8, 8);
  g.strokeStyle = '#b9bec8';
  g.lineWidth = 1;
  g.beginPath();
  g.moveTo(0, 8);
  g.lineTo(8, 0);
  g.stroke();
  return canvas;
}

export interface HeatmapView {
  chart: echarts.ECharts;
  render(grid: Heatmap, cells: Cell[], metric: string, scale: Scale): void;
  /** Page coordinates of a cell's centre (for automation and tests), or null when it is not drawn. */
  cellCenter(stage: string, touchpoint: string): { x: number; y: number } | null;
  dispose(): void;
}

function cellItem(grid: Heatmap, c: Cell, metric: string, scale: Scale, pattern: HTMLCanvasElement) {
  const look = paint(scale, c.value, c.mentions);
  const x = grid.touchpoints.indexOf(c.touchpoint);
  const y = grid.stages.indexOf(c.stage);
  if (look.kind === 'empty') {
    return {
      value: [x, y, 0],
      cell: c,
      itemStyle: { color: { image: pattern, repeat: 'repeat' } },
      label: { show: false },
    };
  }
  return {
    value: [x, y, c.value],
    cell: c,
    itemStyle: {
      color: look.fill,
      ...(look.kind === 'zero' ? { borderColor: '#8a93a3', borderWidth: 1, borderType: 'dashed' } : {}),
    },
    label: { formatter: formatValue(metric, c.value) },
  };
}

function tooltipOf(metric: string) {
  return (p: { data: { cell: Cell } }) => {
    const c = p.data.cell;
    const name = escapeHtml(`${label(c.stage)} × ${label(c.touchpoint)}`);
    return c.mentions === 0
      ? `${name}<br/>no mentions`
      : `${name}<br/>${escapeHtml(metric)}: <b>${formatValue(metric, c.value)}</b><br/>${c.negative} negative of ${c.mentions} mentions`;
  };
}

function heatmapOption(
  grid: Heatmap,
  cells: Cell[],
  metric: string,
  scale: Scale,
  pattern: HTMLCanvasElement,
) {
  return {
    animation: false,
    aria: {
      enabled: true,
      label: {
        description: 'The stage × touchpoint heatmap; the same figures are in the cell panel and the API.',
      },
    },
    tooltip: { formatter: tooltipOf(metric) },
    grid: { left: 110, right: 20, top: 10, bottom: 110 },
    xAxis: { type: 'category', data: grid.touchpoints.map(label), axisLabel: { rotate: 40, interval: 0 } },
    yAxis: { type: 'category', data: grid.stages.map(label), inverse: true },
    series: [
      {
        type: 'heatmap',
        data: cells.map((c) => cellItem(grid, c, metric, scale, pattern)),
        label: { show: true, color: '#111', textBorderColor: '#fff', textBorderWidth: 2, fontSize: 11 },
        itemStyle: { borderColor: '#fff', borderWidth: 1 },
        emphasis: { itemStyle: { borderColor: '#111', borderWidth: 2 } },
      },
    ],
  };
}

export function createHeatmap(el: HTMLElement, onPick: (cell: Cell) => void): HeatmapView {
  const chart = echarts.init(el, undefined, RENDERER);
  const pattern = hatch();
  let current: { grid: Heatmap; cells: Cell[] } | null = null;
  chart.on('click', (params) => {
    const data = params.data as { cell?: Cell } | undefined;
    if (data?.cell && data.cell.mentions > 0) onPick(data.cell);
  });
  const resize = () => chart.resize();
  addEventListener('resize', resize);
  return {
    chart,
    render(grid, cells, metric, scale) {
      current = { grid, cells };
      chart.setOption(heatmapOption(grid, cells, metric, scale, pattern), { notMerge: true });
      el.dataset.cells = String(cells.filter((c) => c.mentions > 0).length);
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
    dispose() {
      removeEventListener('resize', resize);
      chart.dispose();
    },
  };
}

export function renderTrend(el: HTMLElement, grid: Heatmap, stage: string, touchpoint: string, unit: string) {
  const chart = echarts.getInstanceByDom(el) ?? echarts.init(el, undefined, RENDERER);
  const series = grid.buckets.map((b) => {
    const cell = b.cells.find((c) => c.stage === stage && c.touchpoint === touchpoint);
    return { start: b.start, value: cell && cell.mentions > 0 ? cell.value : null };
  });
  chart.setOption(
    {
      animation: false,
      grid: { left: 45, right: 10, top: 28, bottom: 40 },
      tooltip: { trigger: 'axis' },
      xAxis: { type: 'category', data: series.map((s) => s.start) },
      yAxis: { type: 'value', scale: true, name: unit, nameTextStyle: { align: 'left', color: '#4a5262' } },
      series: [
        {
          type: 'line',
          name: unit,
          data: series.map((s) => s.value),
          connectNulls: false,
          symbolSize: 6,
          lineStyle: { color: '#225ea8', width: 2 },
          itemStyle: { color: '#225ea8' },
        },
      ],
    },
    { notMerge: true },
  );
}

export function disposeTrend(el: HTMLElement): void {
  echarts.getInstanceByDom(el)?.dispose();
}
