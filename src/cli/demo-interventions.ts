// The demo shop's change log: the two changes planted in the demo data (scripts/generate-demo.ts),
// recorded as interventions so `painmap intervention list` and the dashboard's interventions page
// have something to measure on the demo. A second demo run on the same database adds nothing.
import {
  findInterventions,
  insertIntervention,
  type NewIntervention,
} from '../storage/analytics.repository.js';
import type { Db } from '../storage/db.js';

export const DEMO_INTERVENTIONS: readonly NewIntervention[] = [
  {
    name: 'login fix',
    effectiveDay: '2026-05-04',
    stage: 'usage',
    touchpoint: 'account_login',
    windowDays: 28,
    note: 'demo: the sign-in fix planted in the demo data',
  },
  {
    name: 'carrier change',
    effectiveDay: '2026-06-01',
    stage: 'fulfilment',
    touchpoint: 'delivery',
    windowDays: 28,
    note: 'demo: the new delivery carrier planted in the demo data',
  },
];

/** Records the demo's changes that are not recorded yet (by name); returns how many it added. */
export async function recordDemoInterventions(db: Db): Promise<number> {
  let added = 0;
  for (const change of DEMO_INTERVENTIONS) {
    if ((await findInterventions(db, { name: change.name })).length > 0) continue;
    await insertIntervention(db, change);
    added++;
  }
  return added;
}
