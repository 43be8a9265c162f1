// Emerging pain points and interventions: the analytics tables and the intervention_effects view.
import { type Selectable, sql, type Transaction } from 'kysely';
import type { Db, ReadQueries } from './db.js';
import type { Database, EmergingPainPointTable, InterventionTable } from './tables.js';

type Trx = Transaction<Database>;
export type EmergingPainPointRow = Omit<Selectable<EmergingPainPointTable>, 'computed_at'>;
export type Intervention = Selectable<InterventionTable>;

/** Replaces the alerts of one (as_of, bucket): running it twice leaves the same rows. */
export async function replaceEmergingPainPoints(
  trx: Trx,
  asOf: string,
  bucket: string,
  rows: EmergingPainPointRow[],
): Promise<void> {
  await trx
    .deleteFrom('emerging_pain_points')
    .where('as_of', '=', asOf)
    .where('bucket', '=', bucket)
    .execute();
  if (rows.length === 0) return;
  await trx
    .insertInto('emerging_pain_points')
    .values(rows.map((r) => ({ ...r, examples: JSON.stringify(r.examples) })))
    .execute();
}

export async function listEmergingPainPoints(
  db: Db,
  asOf: string,
  bucket: string,
): Promise<EmergingPainPointRow[]> {
  return db
    .selectFrom('emerging_pain_points')
    .select([
      sql<string>`as_of::text`.as('as_of'),
      'bucket',
      'stage',
      'touchpoint',
      sql<string>`period_start::text`.as('period_start'),
      sql<string>`period_end::text`.as('period_end'),
      sql<string>`baseline_start::text`.as('baseline_start'),
      sql<string>`baseline_end::text`.as('baseline_end'),
      'baseline_periods',
      'test',
      'mentions',
      'negative',
      'baseline_mentions',
      'baseline_negative',
      'expected_negative',
      'rate_ratio',
      'negative_share',
      'baseline_negative_share',
      'p_value',
      'q_value',
      'dispersion',
      'examples',
    ])
    .where('as_of', '=', asOf)
    .where('bucket', '=', bucket)
    .orderBy('p_value')
    .orderBy('stage')
    .orderBy('touchpoint')
    .execute();
}

export interface NewIntervention {
  name: string;
  effectiveDay: string;
  stage: string;
  touchpoint: string | null;
  windowDays: number;
  note: string | null;
}

/** Records an intervention; a second one with the same name is refused with a message saying so. */
export async function insertIntervention(db: Db, row: NewIntervention): Promise<Intervention> {
  const inserted = await db
    .insertInto('interventions')
    .values({
      name: row.name,
      effective_day: row.effectiveDay,
      stage: row.stage,
      touchpoint: row.touchpoint,
      window_days: row.windowDays,
      note: row.note,
    })
    .onConflict((oc) => oc.column('name').doNothing())
    .returning('id')
    .executeTakeFirst();
  if (!inserted) {
    throw new Error(
      `An intervention named "${row.name}" exists already: pick another name, or see \`painmap intervention list\`.`,
    );
  }
  return (await findInterventions(db, { id: inserted.id }))[0]!;
}

/** Interventions by effective day; one by id or name when given. */
export async function findInterventions(
  db: ReadQueries,
  by: { id?: number; name?: string } = {},
): Promise<Intervention[]> {
  let query = db
    .selectFrom('interventions')
    .select(['id', 'name', 'stage', 'touchpoint', 'window_days', 'note', 'created_at'])
    .select(sql<string>`effective_day::text`.as('effective_day'));
  if (by.id !== undefined) query = query.where('id', '=', by.id);
  if (by.name !== undefined) query = query.where('name', '=', by.name);
  return query.orderBy('effective_day').orderBy('id').execute();
}

export interface InterventionEffectRow {
  intervention_id: number;
  name: string;
  effective_day: string;
  stage: string;
  touchpoint: string | null;
  window_days: number;
  before_start: string;
  before_end: string;
  after_start: string;
  after_end: string;
  target_before_mentions: number;
  target_before_negative: number;
  target_after_mentions: number;
  target_after_negative: number;
  control_before_mentions: number;
  control_before_negative: number;
  control_after_mentions: number;
  control_after_negative: number;
  target_rate_change: number | null;
  control_rate_change: number | null;
  difference_in_differences: number | null;
}

/** The intervention_effects view (point figures; painmap adds the intervals). */
export async function listInterventionEffects(db: Db, id?: number): Promise<InterventionEffectRow[]> {
  const result = await sql<InterventionEffectRow>`
    select intervention_id, name, effective_day::text as effective_day, stage, touchpoint, window_days,
           before_start::text as before_start, before_end::text as before_end, after_start::text as after_start,
           after_end::text as after_end, target_before_mentions, target_before_negative, target_after_mentions,
           target_after_negative, control_before_mentions, control_before_negative, control_after_mentions,
           control_after_negative, target_rate_change::float8 as target_rate_change,
           control_rate_change::float8 as control_rate_change,
           difference_in_differences::float8 as difference_in_differences
    from intervention_effects
    ${id === undefined ? sql`` : sql`where intervention_id = ${id}`}
    order by effective_day, intervention_id`.execute(db);
  return result.rows;
}
