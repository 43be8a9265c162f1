// Pure: every report as a table (a header and rows of plain values), for CSV: the CLI's --csv and the
// API's ?format=csv write the same columns from the same function.
import type { DriversReport } from '../aggregate/drivers.js';
import type { EmergingResult } from '../aggregate/emerging-pain-points.js';
import type { HeatmapGrid } from '../aggregate/heatmap.format.js';
import type { InterventionEffect } from '../aggregate/intervention-effects.format.js';
import type { PainPointReport } from '../aggregate/pain-points.js';
import type { Interval } from '../aggregate/stats/intervals.js';
import type { SearchReport } from '../search/search-items.js';
import type { CsvTable, CsvValue } from './csv.js';

/** An interval's `_low` and `_high` cells, empty where there is none. */
function bounds(interval: Interval | null | undefined): CsvValue[] {
  return [interval?.low ?? null, interval?.high ?? null];
}

/** The estimate, then its bounds. */
function estimateAndBounds(interval: Interval | null | undefined): CsvValue[] {
  return [interval?.estimate ?? null, ...bounds(interval)];
}

export function heatmapTable(grid: HeatmapGrid): CsvTable {
  const head =
    'bucket_start,stage,touchpoint,mentions,negative,neutral,positive,negative_rate,mean_sentiment,pain,items'.split(
      ',',
    );
  const rows = grid.buckets.flatMap((b) =>
    b.cells
      .filter((c) => c.mentions > 0)
      .map((c) => [
        b.start,
        c.stage,
        c.touchpoint,
        c.mentions,
        c.negative,
        c.neutral,
        c.positive,
        c.negativeRate,
        c.meanSentiment,
        c.pain,
        c.items,
      ]),
  );
  return { head, rows };
}

const PAIN_POINT_COLUMNS = (
  'period_start,period_end,rank,stage,touchpoint,weight,mentions,negative,negative_rate,' +
  'negative_rate_low,negative_rate_high,severity,pain_index,impact,impact_low,impact_high,' +
  'previous_mentions,previous_negative,previous_impact,trend_change,trend_low,trend_high,trend,' +
  'reach_customers,period_customers,phrases,quote'
).split(',');

/** No report (no data yet): the header alone. */
export function painPointsTable(report: PainPointReport | null): CsvTable {
  const head = [...PAIN_POINT_COLUMNS];
  if (!report) return { head, rows: [] };
  const rows = report.painPoints.map((p) => [
    report.period.from,
    report.period.to,
    p.rank,
    p.stage,
    p.touchpoint,
    p.weight,
    p.mentions,
    p.negative,
    p.negativeRate,
    ...bounds(p.negativeRateCi),
    p.severity,
    p.painIndex,
    p.impact,
    ...bounds(p.impactCi),
    p.previous.mentions,
    p.previous.negative,
    p.previous.impact,
    p.trend.change,
    ...bounds(p.trend.ci),
    p.trend.direction,
    p.reach.customers,
    p.reach.ofCustomers,
    p.phrases.map((f) => f.phrase).join('; '),
    p.quotes[0]?.text ?? null,
  ]);
  return { head, rows };
}

export function alertsTable(r: EmergingResult): CsvTable {
  const head = (
    'as_of,bucket,period_start,period_end,baseline_start,baseline_end,stage,touchpoint,test,negative,mentions,' +
    'negative_share,baseline_negative,baseline_mentions,baseline_negative_share,expected_negative,rate_ratio,p_value,q_value,example'
  ).split(',');
  const rows = r.alerts.map((a) => [
    r.asOf,
    r.bucket,
    r.period?.from ?? null,
    r.period?.to ?? null,
    r.baseline?.from ?? null,
    r.baseline?.to ?? null,
    a.stage,
    a.touchpoint,
    a.test,
    a.negative,
    a.mentions,
    a.negativeShare,
    a.baselineNegative,
    a.baselineMentions,
    a.baselineNegativeShare,
    a.expectedNegative,
    a.rateRatio,
    a.pValue,
    a.qValue,
    a.examples[0]?.text ?? null,
  ]);
  return { head, rows };
}

export function interventionsTable(effects: InterventionEffect[]): CsvTable {
  const head = (
    'id,name,effective_day,stage,touchpoint,before_start,before_end,after_start,after_end,' +
    'target_before_negative,target_before_mentions,target_after_negative,target_after_mentions,target_change,target_change_low,target_change_high,' +
    'control_before_negative,control_before_mentions,control_after_negative,control_after_mentions,control_change,control_change_low,control_change_high,' +
    'difference_in_differences,did_low,did_high,verdict'
  ).split(',');
  const rows = effects.map((e) => {
    const g = (x: InterventionEffect['target']) => [
      x.before.negative,
      x.before.mentions,
      x.after.negative,
      x.after.mentions,
      ...estimateAndBounds(x.change),
    ];
    const iv = e.intervention;
    return [
      iv.id,
      iv.name,
      iv.effectiveDay,
      iv.stage,
      iv.touchpoint,
      e.before.from,
      e.before.to,
      e.after.from,
      e.after.to,
      ...g(e.target),
      ...g(e.control),
      ...estimateAndBounds(e.differenceInDifferences),
      e.verdict,
    ];
  });
  return { head, rows };
}

/** No report (no data yet): the header alone. */
export function driversTable(report: DriversReport | null): CsvTable {
  const head = [
    'period_start',
    'period_end',
    'source',
    'scale',
    'metric',
    'score',
    'score_low',
    'score_high',
    'respondents',
    'rank',
    'stage',
    'touchpoint',
    'impact',
    'impact_low',
    'impact_high',
    'score_without',
    'score_among',
    'affected_respondents',
    'share',
    'negative_mentions',
    'reach_customers',
    'period_customers',
    'anonymous_respondents',
  ];
  if (!report) return { head, rows: [] };
  const rows = report.scores.flatMap((s) =>
    s.drivers.map((p) => [
      report.period.from,
      report.period.to,
      s.source,
      s.scale,
      s.metric,
      s.score,
      ...bounds(s.scoreCi),
      s.respondents,
      p.rank,
      p.stage,
      p.touchpoint,
      p.impact,
      ...bounds(p.impactCi),
      p.scoreWithout,
      p.scoreAmong,
      p.respondents,
      p.share,
      p.mentions,
      p.reach.customers,
      p.reach.ofCustomers,
      p.reach.anonymousRespondents,
    ]),
  );
  return { head, rows };
}

/** One line per result of the page, as the JSON has them (the text is the snippet). */
export function searchTable(report: SearchReport): CsvTable {
  const head = [
    'position',
    'day',
    'source',
    'external_id',
    'stage',
    'touchpoint',
    'sentiment',
    'sentiment_score',
    'rating',
    'rank',
    'text',
  ];
  const first = (report.page - 1) * report.pageSize;
  const rows = report.results.map((r, i) => [
    first + i + 1,
    r.day,
    r.source,
    r.externalId,
    r.stage,
    r.touchpoint,
    r.sentiment.label,
    r.sentiment.score,
    r.rating,
    r.rank,
    r.text,
  ]);
  return { head, rows };
}
