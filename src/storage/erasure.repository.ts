// Erasure and retention: the SQL that finds, locks and deletes feedback items, strips them from the
// durable batches' payloads, from error rows and from stored alert examples, and writes the audit
// row. Everything here runs in the caller's transaction; the services (pipeline/forget.ts,
// pipeline/retention.ts) decide what goes into one.
import { type RawBuilder, sql, type Transaction } from 'kysely';
import type { Db } from './db.js';
import type { Database } from './tables.js';

type Trx = Transaction<Database>;

/** Which items a request names: a customer's, or one source record's (with its derived `id#…` items). */
export type ItemSelector =
  | { kind: 'customer'; customerId: string }
  | { kind: 'record'; source: string; externalId: string };

/** What an erasure (or a retention run) removed, by kind of row. */
export interface ErasureCounts {
  /** feedback_items rows. */
  items: number;
  /** feedback_mentions rows. */
  mentions: number;
  /** Aggregate cells (day × stage × touchpoint × source × segment) whose counts moved. */
  cells: number;
  /** ingest_batches rows whose payload was rewritten, and the payload elements removed from them. */
  batches: number;
  batchItems: number;
  /** ingest_errors rows deleted. */
  errors: number;
  /** Quotes removed from stored alerts (emerging_pain_points.examples). */
  alertExamples: number;
}

/** An item or batch element found for deletion: its key, and the run it arrived with. */
export interface RecordKey {
  source: string;
  external_id: string;
  run_id: number | null;
}
export interface LockedItem extends RecordKey {
  id: number;
}

/** `id` itself, or an item derived from it (`<id>#csat`, `<id>#<question>`): one record at the source. */
const recordMatch = (source: RawBuilder<unknown>, externalId: RawBuilder<unknown>, s: ItemSelector) =>
  s.kind === 'customer'
    ? sql<boolean>`false`
    : sql<boolean>`(${source} = ${s.source} and (${externalId} = ${s.externalId}
        or starts_with(${externalId}, ${`${s.externalId}#`})))`;

/**
 * Locks the selected items in (source, external_id) order, the order the write path locks them in,
 * so a concurrent tag batch waits instead of deadlocking.
 */
export async function lockSelectedItems(trx: Trx, selector: ItemSelector): Promise<LockedItem[]> {
  const where =
    selector.kind === 'customer'
      ? sql`customer_id = ${selector.customerId}`
      : recordMatch(sql.ref('source'), sql.ref('external_id'), selector);
  const result = await sql<LockedItem>`
    select id, source, external_id, ingest_run_id as run_id from feedback_items
    where ${where} order by source, external_id for update`.execute(trx);
  return result.rows;
}

/**
 * Locks up to `limit` items received before `cutoffDay` (UTC), oldest first, in the write path's
 * lock order. The day is checked again on the locked row, so an item an edit moved to a later day
 * meanwhile is left alone.
 */
export async function lockItemsBefore(trx: Trx, cutoffDay: string, limit: number): Promise<LockedItem[]> {
  const result = await sql<LockedItem>`
    select id, source, external_id, ingest_run_id as run_id from feedback_items
    where id in (select id from feedback_items where received_day < ${cutoffDay}::date
                 order by received_day, id limit ${limit})
      and received_day < ${cutoffDay}::date
    order by source, external_id for update`.execute(trx);
  return result.rows;
}

/** Deletes items by id (their mentions must be gone already: deleteMentionsCounted). */
export async function deleteItems(trx: Trx, ids: readonly number[]): Promise<number> {
  if (ids.length === 0) return 0;
  const result = await sql`delete from feedback_items where id = any(${[...ids]}::bigint[])`.execute(trx);
  return Number(result.numAffectedRows ?? 0);
}

export interface StrippedBatches {
  /** Batch rows whose payload was rewritten. */
  batches: number;
  /** Payload elements removed. */
  items: number;
  /** The removed elements' keys (items that may never have been stored: still pending, or refused). */
  keys: RecordKey[];
}

/** A payload element (`e`, a FeedbackInput as JSON) a selector names. */
export function elementOf(selector: ItemSelector): RawBuilder<boolean> {
  return selector.kind === 'customer'
    ? sql<boolean>`e->>'customerId' = ${selector.customerId}`
    : recordMatch(sql`e->>'source'`, sql`e->>'externalId'`, selector);
}

/** A payload element received before the start of `cutoffDay` (UTC). */
export function elementBefore(cutoffDay: string): RawBuilder<boolean> {
  return sql<boolean>`(e->>'receivedAt')::timestamptz < ${`${cutoffDay}T00:00:00Z`}::timestamptz`;
}

/**
 * Removes the payload elements matching `element` from the batches `candidates` selects (a where
 * clause on `b`), pending or done, and records each payload's new oldest receivedAt. The rows are
 * locked (by id) before they are read, so two strips of one batch never overwrite each other. A
 * stripped pending batch is tagged without the removed items (tag-batch.ts notices the change).
 */
export async function stripBatchItems(
  trx: Trx,
  candidates: RawBuilder<boolean>,
  element: RawBuilder<boolean>,
): Promise<StrippedBatches> {
  const locked = await sql<{ id: number }>`
    select b.id from ingest_batches b where ${candidates} order by b.id for update`.execute(trx);
  const ids = locked.rows.map((r) => r.id);
  if (ids.length === 0) return { batches: 0, items: 0, keys: [] };
  // An empty payload still gives one row (n null), so its oldest_received_at is set too.
  const hit = sql`(n is not null and coalesce((${element}), false))`;
  const kept = sql`(n is not null and not coalesce((${element}), false))`;
  const result = await sql<{ removed: number; keys: Array<[string, string]>; run_id: number }>`
    with split as (
      select b.id, b.run_id, b.oldest_received_at,
             coalesce(jsonb_agg(e order by n) filter (where ${kept}), '[]'::jsonb) as kept,
             coalesce(min((e->>'receivedAt')::timestamptz) filter (where ${kept}), 'infinity') as oldest,
             count(*) filter (where ${hit})::integer as removed,
             coalesce(jsonb_agg(jsonb_build_array(e->>'source', e->>'externalId')) filter (where ${hit}),
                      '[]'::jsonb) as keys
      from ingest_batches b
      left join lateral jsonb_array_elements(b.items) with ordinality as a(e, n) on true
      where b.id = any(${ids}::bigint[])
      group by b.id
    ),
    updated as (
      update ingest_batches b
      set items = s.kept, item_count = jsonb_array_length(s.kept), oldest_received_at = s.oldest
      from split s
      where b.id = s.id and (s.removed > 0 or s.oldest_received_at is null)
      returning b.id
    )
    select s.removed, s.keys, s.run_id from split s where s.removed > 0`.execute(trx);
  return {
    batches: result.rows.length,
    items: result.rows.reduce((n, r) => n + r.removed, 0),
    keys: result.rows.flatMap((r) =>
      r.keys.map(([source, external_id]) => ({ source, external_id, run_id: r.run_id })),
    ),
  };
}

/**
 * Batches holding an element of the selector. A containment test first (a customer's id is matched
 * whole by it; a record's source narrows the scan), so most payloads are never unpacked and only the
 * batches that hold a match are locked.
 */
export function batchesOf(selector: ItemSelector): RawBuilder<boolean> {
  if (selector.kind === 'customer') {
    return sql<boolean>`b.items @> ${JSON.stringify([{ customerId: selector.customerId }])}::jsonb`;
  }
  return sql<boolean>`(b.items @> ${JSON.stringify([{ source: selector.source }])}::jsonb
    and exists (select 1 from jsonb_array_elements(b.items) as a(e) where ${elementOf(selector)}))`;
}

const escapeRegex = (value: string) => value.replace(/[\\^$.|?*+()[\]{}-]/g, '\\$&');

/**
 * Deletes error rows about these records (a duplicate of one, an item the tag step refused: same
 * ref, same source or run) and, for a customer, rows whose excerpt or reason holds the customer id
 * as a whole token (a rejected record of theirs). Returns how many went.
 */
export async function deleteRecordErrors(
  trx: Trx,
  keys: readonly RecordKey[],
  customerId: string | null,
): Promise<number> {
  if (keys.length === 0 && customerId === null) return 0;
  const token = customerId === null ? null : `(^|[^[:alnum:]_])${escapeRegex(customerId)}($|[^[:alnum:]_])`;
  const result = await sql`
    delete from ingest_errors e using ingest_runs r
    where r.id = e.run_id and (
      exists (select 1 from unnest(${keys.map((k) => k.source)}::text[], ${keys.map((k) => k.external_id)}::text[],
                                   ${keys.map((k) => k.run_id)}::bigint[]) as k(source, external_id, run_id)
              where e.ref = k.external_id and (r.source = k.source or e.run_id = k.run_id))
      ${token === null ? sql`` : sql`or e.excerpt ~ ${token} or e.reason ~ ${token}`})`.execute(trx);
  return Number(result.numAffectedRows ?? 0);
}

/** Deletes the error rows of runs started before `cutoffDay`: their excerpts quote records that old. */
export async function deleteErrorsOfRunsBefore(trx: Trx, cutoffDay: string, limit: number): Promise<number> {
  const result = await sql`
    delete from ingest_errors where id in (
      select e.id from ingest_errors e join ingest_runs r on r.id = e.run_id
      where r.started_at < ${`${cutoffDay}T00:00:00Z`}::timestamptz
      order by e.id limit ${limit})`.execute(trx);
  return Number(result.numAffectedRows ?? 0);
}

/** Removes stored alert examples (quotes in emerging_pain_points) matching `example` (an element `q`). */
export async function stripAlertExamples(trx: Trx, example: RawBuilder<boolean>): Promise<number> {
  const hit = sql`coalesce((${example}), false)`;
  const result = await sql<{ removed: number }>`
    with split as (
      select p.as_of, p.bucket, p.stage, p.touchpoint,
             coalesce(jsonb_agg(q order by n) filter (where not ${hit}), '[]'::jsonb) as kept,
             count(*) filter (where ${hit})::integer as removed
      from emerging_pain_points p
      cross join lateral jsonb_array_elements(p.examples) with ordinality as a(q, n)
      group by p.as_of, p.bucket, p.stage, p.touchpoint
    ),
    updated as (
      update emerging_pain_points p set examples = s.kept
      from split s
      where s.removed > 0 and p.as_of = s.as_of and p.bucket = s.bucket and p.stage = s.stage
        and p.touchpoint = s.touchpoint
      returning 1
    )
    select coalesce(sum(removed), 0)::integer as removed from split`.execute(trx);
  return result.rows[0]?.removed ?? 0;
}

/** An alert example quoting one of these records. */
export function exampleOf(keys: readonly RecordKey[]): RawBuilder<boolean> {
  return sql<boolean>`exists (
    select 1 from unnest(${keys.map((k) => k.source)}::text[], ${keys.map((k) => k.external_id)}::text[])
      as k(source, external_id)
    where k.source = q->>'source' and k.external_id = q->>'externalId')`;
}

/** An alert example quoting an item received before `cutoffDay`. */
export function exampleBefore(cutoffDay: string): RawBuilder<boolean> {
  return sql<boolean>`(q->>'day')::date < ${cutoffDay}::date`;
}

export interface AuditRow {
  action: 'forget' | 'retention';
  subjectKind: 'customer' | 'record' | 'retention';
  subjectHash: string | null;
  actor: string;
  cutoffDay: string | null;
  counts: Record<string, number>;
  startedAt: Date;
}

export async function insertAuditRow(db: Db | Trx, row: AuditRow): Promise<number> {
  const inserted = await db
    .insertInto('privacy_audit')
    .values({
      action: row.action,
      subject_kind: row.subjectKind,
      subject_hash: row.subjectHash,
      actor: row.actor,
      cutoff_day: row.cutoffDay,
      counts: JSON.stringify(row.counts),
      started_at: row.startedAt,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return inserted.id;
}
