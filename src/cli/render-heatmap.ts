// Pure: a heatmap grid → coloured terminal text, CSV or JSON.
import pc from 'picocolors';
import { type Cell, type HeatmapGrid, type Metric, metricValue } from '../aggregate/heatmap.format.js';
import { toCsv } from '../export/csv.js';
import { heatmapTable } from '../export/tables.js';

const SHORT: Record<string, string> = {
  website: 'web',
  mobile_app: 'app',
  account_login: 'login',
  checkout: 'chkout',
  billing: 'bill',
  delivery: 'deliv',
  product: 'prod',
  email: 'email',
  notifications: 'notif',
  phone_support: 'phone',
  live_chat: 'chat',
  email_support: 'e-supp',
  help_center: 'help',
  store: 'store',
  social_media: 'social',
  unknown: '?',
};

/** Colour-blind-safe ramp (blue → yellow → orange → vermillion, after Okabe–Ito), by share of the maximum. */
function paint(text: string, share: number, color: boolean): string {
  if (!color) return text;
  if (share <= 0) return pc.dim(text);
  if (share < 0.25) return pc.blue(text);
  if (share < 0.5) return pc.yellow(text);
  if (share < 0.75) return pc.magenta(text);
  return pc.bold(pc.red(text));
}

function show(value: number | null, metric: Metric): string {
  if (value === null) return '·';
  if (metric === 'negative_rate') return `${Math.round(value * 100)}%`;
  if (metric === 'sentiment') return value.toFixed(2);
  return metric === 'pain' ? value.toFixed(value >= 100 ? 0 : 1) : String(value);
}

export function renderGrid(cells: Cell[], grid: HeatmapGrid, metric: Metric, color: boolean): string {
  const width = 7;
  const byKey = new Map(cells.map((c) => [`${c.stage}|${c.touchpoint}`, c]));
  const values = cells.map((c) => metricValue(c, metric) ?? 0);
  const max = metric === 'sentiment' ? 1 : Math.max(1e-9, ...values);
  const stageWidth = Math.max(...grid.stages.map((s) => s.length)) + 1;
  const header =
    ' '.repeat(stageWidth) + grid.touchpoints.map((t) => (SHORT[t] ?? t).padStart(width)).join('');
  const lines = [color ? pc.bold(header) : header];
  for (const stage of grid.stages) {
    let line = stage.padEnd(stageWidth);
    for (const touchpoint of grid.touchpoints) {
      const cell = byKey.get(`${stage}|${touchpoint}`)!;
      const value = cell.mentions === 0 ? null : metricValue(cell, metric);
      const share = value === null ? 0 : metric === 'sentiment' ? Math.max(0, -value) / max : value / max;
      line += paint(show(value, metric).padStart(width), share, color);
    }
    lines.push(line);
  }
  return lines.join('\n');
}

const SPARK = '▁▂▃▄▅▆▇█';

/** The cells that hurt most over the whole period, with their negative mentions per bucket. */
export function renderTrends(grid: HeatmapGrid, top: number, color: boolean): string {
  const worst = [...grid.total]
    .filter((c) => c.negative > 0)
    .sort((a, b) => b.pain - a.pain || b.negative - a.negative);
  const lines: string[] = [];
  for (const cell of worst.slice(0, top)) {
    const series = grid.buckets.map((b) => {
      const c = b.cells.find((x) => x.stage === cell.stage && x.touchpoint === cell.touchpoint)!;
      return c.negative;
    });
    const max = Math.max(1, ...series);
    const spark = series.map((n) => SPARK[Math.min(7, Math.floor((n / max) * 7.999))]).join('');
    const label = `${cell.stage} × ${cell.touchpoint}`.padEnd(32);
    const rate = `${Math.round((cell.negativeRate ?? 0) * 100)}% of ${cell.mentions}`.padStart(14);
    lines.push(`${label}${rate}  ${color ? pc.red(spark) : spark}`);
  }
  return lines.join('\n');
}

export { csvCell } from '../export/csv.js';

export function renderCsv(grid: HeatmapGrid): string {
  return toCsv(heatmapTable(grid));
}
