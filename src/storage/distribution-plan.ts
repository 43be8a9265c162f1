// Where each table would live on a Citus cluster (docs/citus.md explains each choice). Plain data and
// pure checks: test/integration/distribution-plan.test.ts holds them against the migrated schema, so a
// new table, unique key or foreign key that the plan does not account for fails a test.

export type Placement =
  /** Hash-distributed by `column`; tables naming the same `colocateWith` keep matching rows on one node. */
  | { kind: 'distributed'; column: string; colocateWith: string }
  /** One shard copied to every node: small, joined with distributed tables or referenced by them. */
  | { kind: 'reference' }
  /** Stays on the coordinator (a Citus local table, so its foreign keys to reference tables hold). */
  | { kind: 'local' };

const distributed = (column: string, colocateWith: string): Placement => ({
  kind: 'distributed',
  column,
  colocateWith,
});
const byItem = (column: string) => distributed(column, 'feedback_items');
const byDay = (column: string) => distributed(column, 'pain_point_daily');
const reference: Placement = { kind: 'reference' };
const local: Placement = { kind: 'local' };

export const DISTRIBUTION_PLAN: Readonly<Record<string, Placement>> = {
  // An item and its mentions on one node: the write, an edit's delete-and-count, the recomputation
  // views and the drivers' item × cell joins stay co-located.
  feedback_items: byItem('id'),
  feedback_mentions: byItem('item_id'),
  // The idempotency key (source, external_id) → item: beside its item, like the mentions.
  feedback_item_keys: byItem('item_id'),
  // Aggregates by their day or week: a day's or a week's cells (pain points, alerts, a rebuild) are on
  // one node, a 52-week heatmap fans out to all of them.
  pain_point_daily: byDay('day'),
  pain_point_daily_cells: byDay('day'),
  stage_spread_daily: byDay('day'),
  aggregate_dirty_days: byDay('day'),
  pain_point_weekly: byDay('week'),
  pain_point_weekly_cells: byDay('week'),
  pain_point_weekly_totals: byDay('week'),
  stage_spread_weekly: byDay('week'),
  // Small, referenced by distributed tables' foreign keys or joined with them.
  ingest_runs: reference,
  interventions: reference,
  emerging_pain_points: reference,
  source_cursors: reference,
  // The coordinator's own bookkeeping: batches waiting to be tagged, row errors, uploads in flight.
  ingest_batches: local,
  ingest_errors: local,
  source_files: local,
  uploads: local,
  upload_chunks: local,
  privacy_audit: local,
  painmap_migrations: local,
  painmap_migrations_lock: local,
};

/** A unique key of a distributed table that lacks its distribution column, and what replaces it. */
export interface RequiredKeyChange {
  table: string;
  /** The unique index (or the constraint's index) as pg_index names it today. */
  index: string;
  change: string;
}

export const REQUIRED_KEY_CHANGES: readonly RequiredKeyChange[] = [
  {
    table: 'feedback_item_keys',
    index: 'feedback_item_keys_pkey',
    change:
      'placed beside its item the key table checks (source, external_id) only shard by shard: ' +
      'distribute it by external_id instead (its own co-location group, so the key holds globally) and ' +
      'drop its foreign key to the items (erasure and retention then delete key rows themselves), or ' +
      'replace it by the hash id of docs/citus.md with a lookup by id',
  },
];

export interface UniqueKey {
  table: string;
  index: string;
  /** Key columns; null for an expression. */
  columns: ReadonlyArray<string | null>;
}

/** The unique keys of distributed tables that do not contain the table's distribution column. */
export function keysLackingDistributionColumn(
  plan: Readonly<Record<string, Placement>>,
  keys: readonly UniqueKey[],
): UniqueKey[] {
  return keys.filter((key) => {
    const placement = plan[key.table];
    return placement?.kind === 'distributed' && !key.columns.includes(placement.column);
  });
}

export interface ForeignKey {
  name: string;
  table: string;
  columns: readonly string[];
  references: string;
  referencedColumns: readonly string[];
}

/**
 * Why Citus could not keep this foreign key under the plan, or null when it can: between distributed
 * tables only co-located ones on their distribution columns; a distributed or local table may point
 * at a reference table; a reference table only at another; a local table at a local one.
 */
export function foreignKeyProblem(plan: Readonly<Record<string, Placement>>, fk: ForeignKey): string | null {
  const from = plan[fk.table];
  const to = plan[fk.references];
  if (!from || !to) return `${fk.name}: ${!from ? fk.table : fk.references} is not in the plan`;
  if (to.kind === 'reference') return null;
  if (from.kind === 'local' && to.kind === 'local') return null;
  if (from.kind === 'distributed' && to.kind === 'distributed') {
    if (from.colocateWith !== to.colocateWith) return `${fk.name}: the two tables are not co-located`;
    const at = fk.columns.indexOf(from.column);
    const onColumns = at >= 0 && fk.referencedColumns[at] === to.column;
    return onColumns ? null : `${fk.name}: not on both tables' distribution columns`;
  }
  return `${fk.name}: a ${from.kind} table cannot point at a ${to.kind} one`;
}
