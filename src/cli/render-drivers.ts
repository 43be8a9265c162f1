// Pure: a drivers report as a readable table per score, or as CSV (formula-injection safe).

import type { Driver, ScoreDrivers } from '../aggregate/drivers.format.js';
import type { DriversReport } from '../aggregate/drivers.js';
import type { Interval } from '../aggregate/stats/intervals.js';
import { toCsv } from '../export/csv.js';
import { driversTable } from '../export/tables.js';

/** NPS in whole points with one decimal; ratings with two. */
const digitsOf = (s: ScoreDrivers) => (s.metric === 'nps' ? 1 : 2);
const fixed = (n: number, digits: number) => n.toFixed(digits);
const signed = (n: number, digits: number) => `${n > 0 ? '+' : ''}${n.toFixed(digits)}`;
const ci = (i: Interval | null, show: (n: number) => string) =>
  i ? `[${show(i.low)}, ${show(i.high)}]` : '[–]';
const pct = (n: number) => `${Math.round(n * 100)}%`;

function scoreTitle(s: ScoreDrivers): string {
  const d = digitsOf(s);
  const what = s.metric === 'nps' ? 'NPS' : `mean rating (${s.scale})`;
  return (
    `${s.source}: ${what} ${fixed(s.score, d)} ${ci(s.scoreCi, (n) => fixed(n, d))} from ` +
    `${s.respondents} respondents`
  );
}

const COLUMNS = ['rank', 'cell', 'impact [95% interval]', 'respondents', 'score among', 'mentions', 'reach'];

function driverRow(s: ScoreDrivers, p: Driver): string[] {
  const d = digitsOf(s);
  const impact =
    p.impact === null
      ? '– (nobody else answered)'
      : `${signed(p.impact, d)} ${ci(p.impactCi, (n) => signed(n, d))}`;
  const anonymous = p.reach.anonymousRespondents > 0 ? ` +${p.reach.anonymousRespondents} anonymous` : '';
  return [
    String(p.rank),
    `${p.stage} × ${p.touchpoint}`,
    impact,
    `${p.respondents} (${pct(p.share)})`,
    fixed(p.scoreAmong, d),
    String(p.mentions),
    `${p.reach.customers} of ${p.reach.ofCustomers} customers${anonymous}`,
  ];
}

/** Columns padded to their widest cell; numbers right-aligned. */
function table(rows: string[][]): string[] {
  const widths = COLUMNS.map((_, c) => Math.max(...rows.map((r) => [...(r[c] ?? '')].length)));
  const right = new Set([0, 3, 4, 5]);
  return rows.map((r) =>
    r
      .map((cell, c) => (right.has(c) ? cell.padStart(widths[c]!) : cell.padEnd(widths[c]!)))
      .join('  ')
      .trimEnd(),
  );
}

export function renderDrivers(report: DriversReport): string {
  const lines = [
    `What drives the score, ${report.period.from} … ${report.period.to}`,
    'impact = the score without the respondents who complained about the cell − the score (remove-theme);',
    '95% intervals; an association, not a cause: those respondents may rate low for other reasons too',
  ];
  for (const s of report.scores) {
    lines.push('', scoreTitle(s));
    if (s.drivers.length === 0) lines.push('  no respondent complained about any cell');
    else lines.push(...table([COLUMNS, ...s.drivers.map((p) => driverRow(s, p))]).map((l) => `  ${l}`));
  }
  if (report.scores.length === 0)
    lines.push('', 'No rated feedback in this period (NPS, CSAT or stars): nothing to drive.');
  return lines.join('\n');
}

export function renderDriversCsv(report: DriversReport): string {
  return toCsv(driversTable(report));
}
