// `painmap intervention add|list|show`: record a fix (or any change) and see whether it worked.
import type { InterventionEffect } from '../aggregate/intervention-effects.format.js';
import { measureInterventions } from '../aggregate/intervention-effects.js';
import type { Interval } from '../aggregate/stats/intervals.js';
import { toCsv } from '../export/csv.js';
import { interventionsTable } from '../export/tables.js';
import { insertIntervention, type NewIntervention } from '../storage/analytics.repository.js';
import type { Db, ReadQueries } from '../storage/db.js';
import { type OutputOptions, writeReport } from './options.js';

export async function addIntervention(db: Db, row: NewIntervention, out: NodeJS.WritableStream) {
  const iv = await insertIntervention(db, row);
  out.write(
    `intervention ${iv.id} "${iv.name}": ${iv.stage} × ${iv.touchpoint ?? 'every touchpoint'} from ${iv.effective_day}, ${iv.window_days}-day windows\n`,
  );
  return iv;
}

export async function printInterventions(
  db: ReadQueries,
  by: { id?: number; name?: string },
  options: OutputOptions,
  out: NodeJS.WritableStream,
) {
  const effects = await measureInterventions(db, by);
  if ((by.id !== undefined || by.name !== undefined) && effects.length === 0) {
    throw new Error(`No intervention ${by.name ?? by.id}: see \`painmap intervention list\`.`);
  }
  writeReport(out, effects, options, { csv: renderInterventionsCsv, text: renderInterventions });
  return effects;
}

const pct = (n: number | null) => (n === null ? '–' : `${(n * 100).toFixed(1)}%`);
const pp = (n: number) => `${n > 0 ? '+' : ''}${(n * 100).toFixed(1)} pp`;
const ci = (i: Interval | null) =>
  i ? `${pp(i.estimate)} [${pp(i.low)}, ${pp(i.high)}]` : '– (not enough data)';

function renderInterventions(effects: InterventionEffect[]): string {
  return effects.length === 0
    ? 'No interventions yet: add one with `painmap intervention add`.'
    : effects.map(renderIntervention).join('\n\n');
}

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
  return toCsv(interventionsTable(effects));
}
