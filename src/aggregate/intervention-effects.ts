// The effects of every recorded intervention (or one), with intervals, for all feedback or one
// source or segment: the service behind `painmap intervention show|list` and GET /v1/interventions.
import { findInterventions, type Intervention } from '../storage/analytics.repository.js';
import type { ReadQueries } from '../storage/db.js';
import { denseCellDays } from './cell-days.format.js';
import { type CellFilter, queryCellDays, queryDataRange } from './cell-days.query.js';
import {
  type InterventionEffect,
  type InterventionTarget,
  measureIntervention,
  windowsOf,
} from './intervention-effects.format.js';

export const toTarget = (iv: Intervention): InterventionTarget => ({
  id: iv.id,
  name: iv.name,
  effectiveDay: iv.effective_day,
  stage: iv.stage,
  touchpoint: iv.touchpoint,
  windowDays: iv.window_days,
});

export async function measureInterventions(
  db: ReadQueries,
  by: { id?: number; name?: string } = {},
  filter: CellFilter = {},
): Promise<InterventionEffect[]> {
  const all = (await findInterventions(db)).map(toTarget);
  const chosen = all.filter(
    (iv) => (by.id === undefined || iv.id === by.id) && (by.name === undefined || iv.name === by.name),
  );
  const range = await queryDataRange(db);
  const effects: InterventionEffect[] = [];
  for (const iv of chosen) {
    const { before, after } = windowsOf(iv);
    const span = { from: before.from, to: after.to };
    const cells = denseCellDays(await queryCellDays(db, span, filter), span);
    effects.push(measureIntervention(iv, cells, span, all, range?.last ?? after.to));
  }
  return effects;
}
