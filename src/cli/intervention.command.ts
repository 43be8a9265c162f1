// `painmap intervention add|list|show`: record a fix (or any change) and see whether it worked.
import type { InterventionEffect } from '../aggregate/intervention-effects.format.js';
import { measureInterventions } from '../aggregate/intervention-effects.js';
import type { Interval } from '../aggregate/stats/intervals.js';
import { insertIntervention, type NewIntervention } from '../storage/analytics.repository.js';
import type { Db } from '../storage/db.js';
import { csvCell } from './render-heatmap.js';

export interface OutputOptions {
  json?: boolean;
  csv?: boolean;
}

export async function addIntervention(db: Db, row: NewIntervention, out: NodeJS.WritableStream) {
  const iv = await insertIntervention(db, row);
  out.write(
    `intervention ${iv.id} "${iv.name}": ${iv.stage} × ${iv.touchpoint ?? 'every touchpoint'} from ${iv.effective_day}, ${iv.window_days}-day windows\n`,
  );
  return iv;
}

export async function printInterventions(
  db: Db,
  by: { id?: number; name?: string },
  options: OutputOptions,
  out: NodeJS.WritableStream,
) {
  const effects = await measureInterventions(db, by);
  if ((by.id !== undefined || by.name !== undefined) && effects.length === 0) {
    throw new Error(`No intervention ${by.name ?? by.id}: see \`painmap intervention list\`.`);
  }
  if (options.json) out.write(`${JSON.stringify(effects)}\n`);
  else if (options.csv) out.write(`${renderInterventionsCsv(effects)}\n`);
  else
    out.write(
      `${effects.length === 0 ? 'No interventions yet: add one with `painmap intervention add`.' : effects.map(renderIntervention).join('\n\n')}\n`,
    );
  return effects;
}

const pct = (n: number | null) => (n === null ? '–' : `${(n * 100).toFixed(1)}%`);
const pp = (n: number) => `${n > 0 ? '+' : ''}${(n * 100).toFixed(1)} pp`;
const ci = (i: Interval | null) =>
  i ? `${pp(i.estimate)} [${pp(i.low)}, ${pp(i.high)}]` : '– (not enough data)';

export function renderIntervention(e: InterventionEffect): string {
  const iv = e.intervention;
  const line = (label: string, g: InterventionEffect['target']) =>
    `  ${label.padEnd(26)} ${pct(g.before.negativeRate)} (${g.before.negative}/${g.before.mentions}) → ` +
    `${pct(g.after.negativeRate)} (${g.after.negative}/${g.after.mentions}): ${ci(g.change)}`;
  return [
    `#${iv.id} ${iv.name}: ${iv.stage} × ${iv.touchpoint ?? 'every touchpoint'} on ${iv.effectiveDay}`,
    `  negative rate, ${e.before.from} … ${e.before.to} → ${e.after.from} … ${e.after.to}; 95% intervals`,
    line('targeted cells', e.target),
    line('untouched cells (control)', e.control),
    `  net of drift (difference in differences): ${ci(e.differenceInDifferences)} → ${e.verdict}`,
  ].join('\n');
}

export function renderInterventionsCsv(effects: InterventionEffect[]): string {
  const head =
    'id,name,effective_day,stage,touchpoint,before_start,before_end,after_start,after_end,' +
    'target_before_negative,target_before_mentions,target_after_negative,target_after_mentions,target_change,target_change_low,target_change_high,' +
    'control_before_negative,control_before_mentions,control_after_negative,control_after_mentions,control_change,control_change_low,control_change_high,' +
    'difference_in_differences,did_low,did_high,verdict';
  const rows = effects.map((e) => {
    const g = (x: InterventionEffect['target']) => [
      x.before.negative,
      x.before.mentions,
      x.after.negative,
      x.after.mentions,
      x.change?.estimate ?? null,
      x.change?.low ?? null,
      x.change?.high ?? null,
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
      e.differenceInDifferences?.estimate ?? null,
      e.differenceInDifferences?.low ?? null,
      e.differenceInDifferences?.high ?? null,
      e.verdict,
    ]
      .map(csvCell)
      .join(',');
  });
  return [head, ...rows].join('\n');
}
