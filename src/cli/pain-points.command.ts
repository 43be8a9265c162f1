// `painmap pain-points`: the cells to act on first, as text, JSON or CSV.
import type { CellFilter } from '../aggregate/cell-days.query.js';
import type { Bucket } from '../aggregate/heatmap.query.js';
import { listPainPoints, type PainPoint, type PainPointReport } from '../aggregate/pain-points.js';
import type { StageWeights } from '../aggregate/stage-weights.js';
import type { Interval } from '../aggregate/stats/intervals.js';
import { toCsv } from '../export/csv.js';
import { painPointsTable } from '../export/tables.js';
import type { ReadDb } from '../storage/db.js';
import { writeReport } from './options.js';

export interface PainPointsCommandOptions {
  from?: string;
  to?: string;
  asOf?: string;
  bucket: Bucket;
  filter: CellFilter;
  weights: StageWeights;
  top: number;
  json?: boolean;
  csv?: boolean;
}

export async function printPainPoints(
  db: ReadDb,
  options: PainPointsCommandOptions,
  out: NodeJS.WritableStream,
) {
  const report = await listPainPoints(db, options);
  writeReport(out, report, options, { csv: renderPainPointsCsv, text: renderPainPoints });
  return report;
}

const pct = (n: number | null) => (n === null ? '–' : `${Math.round(n * 100)}%`);
const num = (n: number) => (Math.abs(n) >= 100 ? n.toFixed(0) : n.toFixed(1));
const ci = (i: Interval | null, show: (n: number) => string) =>
  i ? `[${show(i.low)}, ${show(i.high)}]` : '[–]';
const signed = (n: number) => `${n > 0 ? '+' : ''}${num(n)}`;

export function renderPainPoints(report: PainPointReport): string {
  const lines = [
    `Pain points ${report.period.from} … ${report.period.to} (trend against ${report.previous.from} … ${report.previous.to})`,
    'impact = negative mentions × severity (mean |score| of negative mentions) × stage weight; 95% intervals',
    '',
  ];
  for (const p of report.painPoints) lines.push(...renderPainPoint(p), '');
  if (report.painPoints.length === 0) lines.push('No negative mentions in this period.');
  return lines.join('\n').trimEnd();
}

function renderPainPoint(p: PainPoint): string[] {
  const arrow =
    p.trend.direction === 'worse' ? '▲ worse' : p.trend.direction === 'better' ? '▼ better' : '■ steady';
  const weight = p.weight === 1 ? '' : ` × weight ${p.weight}`;
  return [
    `${String(p.rank).padStart(2)}. ${p.stage} × ${p.touchpoint}${weight}`,
    `    impact ${num(p.impact)} ${ci(p.impactCi, num)}; ${p.negative} negative of ${p.mentions} mentions = ` +
      `${pct(p.negativeRate)} ${ci(p.negativeRateCi, pct)}; severity ${p.severity?.toFixed(2) ?? '–'}`,
    `    reach ${p.reach.customers} of ${p.reach.ofCustomers} customers` +
      (p.reach.anonymousItems > 0 ? ` (+${p.reach.anonymousItems} items without a customer id)` : ''),
    `    trend ${arrow}: ${signed(p.trend.change)} ${ci(p.trend.ci, signed)} against impact ${num(p.previous.impact)} ` +
      `(${p.previous.negative} negative of ${p.previous.mentions})`,
    ...(p.phrases.length > 0
      ? [`    phrases: ${p.phrases.map((f) => `"${f.phrase}" ×${f.count}`).join(', ')}`]
      : []),
    ...p.quotes.map(
      (q) =>
        `    “${q.text}” — ${q.source} ${q.externalId}, ${q.day}${q.evidence.length > 0 ? ` [${q.evidence.join(', ')}]` : ''}`,
    ),
  ];
}

export function renderPainPointsCsv(report: PainPointReport): string {
  return toCsv(painPointsTable(report));
}
