// Retention's reads: which batches may still hold old items, and what a run would remove (the dry
// run's counts, from the same predicates the purge uses).
import { sql } from 'kysely';
import type { Db } from './db.js';
import { type ErasureCounts, elementBefore } from './erasure.repository.js';

const startOf = (day: string) => sql`${`${day}T00:00:00Z`}::timestamptz`;

/** Up to `limit` batch ids after `afterId` whose payload may hold an item received before `cutoffDay`. */
export async function listBatchIdsBefore(
  db: Db,
  cutoffDay: string,
  afterId: number,
  limit: number,
): Promise<number[]> {
  const result = await sql<{ id: number }>`
    select id from ingest_batches
    where (oldest_received_at < ${startOf(cutoffDay)} or oldest_received_at is null) and id > ${afterId}
    order by id limit ${limit}`.execute(db);
  return result.rows.map((r) => r.id);
}

/** What a retention run with this cutoff would remove, counted without writing anything. */
export async function countRetention(db: Db, cutoffDay: string): Promise<ErasureCounts> {
  const old = sql`i.received_day < ${cutoffDay}::date`;
  const result = await sql<ErasureCounts>`
    with batch_hits as (
      select (select count(*) from jsonb_array_elements(b.items) as a(e)
              where ${elementBefore(cutoffDay)})::integer as n
      from ingest_batches b
      where b.oldest_received_at < ${startOf(cutoffDay)} or b.oldest_received_at is null
    )
    select
      (select count(*)::integer from feedback_items i where ${old}) as items,
      (select count(*)::integer from feedback_mentions m
        join feedback_items i on i.id = m.item_id and i.received_day = m.received_day
        where ${old} and m.received_day < ${cutoffDay}::date) as mentions,
      (select count(*)::integer from (
         select distinct i.received_day, m.stage, m.touchpoint, i.source, i.segment
         from feedback_mentions m join feedback_items i on i.id = m.item_id and i.received_day = m.received_day
         where ${old} and m.received_day < ${cutoffDay}::date) c) as cells,
      (select count(*) filter (where n > 0)::integer from batch_hits) as batches,
      (select coalesce(sum(n), 0)::integer from batch_hits) as "batchItems",
      (select count(*)::integer from ingest_errors e join ingest_runs r on r.id = e.run_id
        where r.started_at < ${startOf(cutoffDay)}) as errors,
      (select count(*)::integer from emerging_pain_points p
        cross join lateral jsonb_array_elements(p.examples) as q
        where (q->>'day')::date < ${cutoffDay}::date) as "alertExamples"`.execute(db);
  return result.rows[0]!;
}
