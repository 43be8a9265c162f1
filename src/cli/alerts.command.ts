// `painmap alerts`: compute the emerging pain points of the latest whole period, store and print them.
import { computeEmergingPainPoints, type EmergingResult } from '../aggregate/emerging-pain-points.js';
import type { Bucket } from '../aggregate/heatmap.query.js';
import { toCsv } from '../export/csv.js';
import { alertsTable } from '../export/tables.js';
import type { Db } from '../storage/db.js';
import { writeReport } from './options.js';

export interface AlertsCommandOptions {
  asOf?: string;
  bucket: Bucket;
  baselinePeriods: number;
  minCount: number;
  fdr: number;
  json?: boolean;
  csv?: boolean;
}

export async function runAlerts(db: Db, options: AlertsCommandOptions, out: NodeJS.WritableStream) {
  const result = await computeEmergingPainPoints(db, options);
  writeReport(out, result, options, { csv: renderAlertsCsv, text: renderAlerts });
  return result;
}

const pct = (n: number | null) => (n === null ? '–' : `${Math.round(n * 100)}%`);
const p = (n: number) => (n < 0.0001 ? n.toExponential(1) : n.toFixed(4));

export function renderAlerts(r: EmergingResult): string {
  if (!r.period || !r.baseline) return `No alerts as of ${r.asOf}: ${r.note ?? 'nothing to test'}.`;
  const lines = [
    `Emerging pain points, ${r.bucket} ${r.period.from} … ${r.period.to} against the ${r.baselinePeriods} ${r.bucket}s ` +
      `${r.baseline.from} … ${r.baseline.to}`,
    `${r.tested} cells tested (at least ${r.minCount} negative mentions), false discovery rate ${r.fdr}: ${r.alerts.length} alert(s)`,
  ];
  for (const a of r.alerts) {
    lines.push(
      '',
      `▲ ${a.stage} × ${a.touchpoint}: ${a.negative} negative of ${a.mentions} mentions (${pct(a.negativeShare)}), ` +
        `baseline ${a.expectedNegative.toFixed(1)} per ${r.bucket} (${pct(a.baselineNegativeShare)} of ${a.baselineMentions})`,
      `  ${a.test === 'share' ? 'negative share' : 'negative volume'} test: ` +
        `rate ratio ${a.rateRatio?.toFixed(2) ?? '∞'}, p = ${p(a.pValue)}, q = ${p(a.qValue)}`,
      ...a.examples.map(
        (q) =>
          `  “${q.text}” — ${q.source} ${q.externalId}, ${q.day}${q.evidence.length > 0 ? ` [${q.evidence.join(', ')}]` : ''}`,
      ),
    );
  }
  return lines.join('\n');
}

export function renderAlertsCsv(r: EmergingResult): string {
  return toCsv(alertsTable(r));
}
