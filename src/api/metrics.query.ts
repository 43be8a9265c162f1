// Figures for /metrics that live in Postgres: items stored, runs by state, and how long a batch
// waited from being recorded to being tagged (queue wait + tagging) over the last hour.
import { sql } from 'kysely';
import type { ReadQueries } from '../storage/db.js';

export interface StoredFigures {
  items: number;
  runs: Array<{ state: string; n: number }>;
  uploads: Array<{ state: string; n: number }>;
  tagLatency: { count: number; p50: number | null; p95: number | null; max: number | null };
}

export async function queryStoredFigures(db: ReadQueries): Promise<StoredFigures> {
  const [items, runs, uploads, latency] = await Promise.all([
    // Planner estimate when the table is large (count(*) would scan it); exact when small.
    sql<{ n: number }>`
      select case when c.reltuples > 100000 then c.reltuples::bigint
                  else (select count(*) from feedback_items) end as n
      from pg_class c where c.oid = 'feedback_items'::regclass`.execute(db),
    sql<{
      state: string;
      n: number;
    }>`select state, count(*)::int as n from ingest_runs group by state`.execute(db),
    sql<{ state: string; n: number }>`select state, count(*)::int as n from uploads group by state`.execute(
      db,
    ),
    sql<{ count: number; p50: number | null; p95: number | null; max: number | null }>`
      select count(*)::int as count,
             percentile_cont(0.5) within group (order by extract(epoch from done_at - created_at))::float8 as p50,
             percentile_cont(0.95) within group (order by extract(epoch from done_at - created_at))::float8 as p95,
             max(extract(epoch from done_at - created_at))::float8 as max
      from ingest_batches where state = 'done' and done_at > now() - interval '1 hour'`.execute(db),
  ]);
  return {
    items: Number(items.rows[0]?.n ?? 0),
    runs: runs.rows,
    uploads: uploads.rows,
    tagLatency: latency.rows[0] ?? { count: 0, p50: null, p95: null, max: null },
  };
}
