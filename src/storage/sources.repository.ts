// Nightly ingestion's ledger: pull runs keyed by (source, window), each source's cursor, and the
// files a folder or http-file source has seen.
import { sql, type Transaction } from 'kysely';
import type { FeedbackInput } from '../domain.js';
import type { Db } from './db.js';
import { findFileBySha } from './file-bytes.js';
import { insertBatch, insertIngestErrors } from './runs.repository.js';
import type { Database, IngestRun, NewIngestError } from './tables.js';

type Trx = Transaction<Database>;

/** Records one pull run per (source, window); returns how many were new (the rest existed). */
export async function insertPullRuns(
  db: Db,
  slots: Array<{ source: string; windowStart: Date }>,
): Promise<number> {
  if (slots.length === 0) return 0;
  const result = await sql<{ id: number }>`
    insert into ingest_runs (kind, source, window_start)
    select 'pull', s.source, s.window_start
    from unnest(${slots.map((s) => s.source)}::text[], ${slots.map((s) => s.windowStart.toISOString())}::timestamptz[])
      as s (source, window_start)
    on conflict (source, window_start) where kind = 'pull' and window_start is not null do nothing
    returning id`.execute(db);
  return result.rows.length;
}

/** A pull asked for by hand (`painmap pull`): no window, so never in conflict with a night's run. */
export async function insertManualPullRun(db: Db, source: string): Promise<number> {
  const row = await db
    .insertInto('ingest_runs')
    .values({ kind: 'pull', source, file_name: null, file_sha256: null })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** The newest scheduled window recorded per source (whatever its state: a window is taken once). */
export async function listLastWindows(db: Db): Promise<Map<string, Date>> {
  const rows = await db
    .selectFrom('ingest_runs')
    .select(['source', (eb) => eb.fn.max('window_start').as('last')])
    .where('kind', '=', 'pull')
    .where('window_start', 'is not', null)
    .groupBy('source')
    .execute();
  return new Map(rows.flatMap((r) => (r.last ? [[r.source, new Date(r.last)] as const] : [])));
}

/** The oldest unfinished pull run of each source: pulls of one source run one after another. */
export async function listOldestOpenPullRuns(db: Db, sources?: readonly string[]): Promise<IngestRun[]> {
  if (sources && sources.length === 0) return [];
  let query = db
    .selectFrom('ingest_runs')
    .selectAll()
    .distinctOn('source')
    .where('kind', '=', 'pull')
    .where('state', '=', 'parsing');
  if (sources) query = query.where('source', 'in', sources);
  return query.orderBy('source').orderBy('id').execute();
}

export async function findNextOpenPullRun(
  db: Db,
  source: string,
  after: number,
): Promise<number | undefined> {
  const row = await db
    .selectFrom('ingest_runs')
    .select('id')
    .where('kind', '=', 'pull')
    .where('state', '=', 'parsing')
    .where('source', '=', source)
    .where('id', '!=', after)
    .orderBy('id')
    .limit(1)
    .executeTakeFirst();
  return row?.id;
}

export async function getCursor(db: Db, source: string): Promise<Record<string, unknown> | null> {
  const row = await db
    .selectFrom('source_cursors')
    .select('cursor')
    .where('source', '=', source)
    .executeTakeFirst();
  return row ? row.cursor : null;
}

export async function setCursor(db: Db | Trx, source: string, cursor: unknown, runId: number): Promise<void> {
  await db
    .insertInto('source_cursors')
    .values({ source, cursor: JSON.stringify(cursor), run_id: runId })
    .onConflict((oc) =>
      oc
        .column('source')
        .doUpdateSet({ cursor: JSON.stringify(cursor), run_id: runId, updated_at: new Date() }),
    )
    .execute();
}

export interface PulledPage {
  runId: number;
  source: string;
  seq: number;
  items: FeedbackInput[];
  errors: NewIngestError[];
  counts: { records: number; rejected: number; skipped: number; duplicates: number };
  cursor: unknown;
}

/**
 * One page of a pull, atomically: its batch, its row errors, the run's counts and the cursor that
 * points past it. Returns the batch id (null for a page without items), or false when the run is
 * no longer open (failed or finished elsewhere): nothing is written then.
 */
export async function writePulledPage(db: Db, page: PulledPage): Promise<number | null | false> {
  return db.transaction().execute(async (trx) => {
    const open = await trx
      .updateTable('ingest_runs')
      .set((eb) => ({
        records: eb('records', '+', page.counts.records),
        rejected: eb('rejected', '+', page.counts.rejected),
        skipped: eb('skipped', '+', page.counts.skipped),
        duplicates: eb('duplicates', '+', page.counts.duplicates),
      }))
      .where('id', '=', page.runId)
      .where('state', '=', 'parsing')
      .executeTakeFirst();
    if (Number(open.numUpdatedRows) === 0) return false;
    await insertIngestErrors(trx, page.errors);
    const batchId = page.items.length > 0 ? await insertBatch(trx, page.runId, page.seq, page.items) : null;
    await setCursor(trx, page.source, page.cursor, page.runId);
    return batchId;
  });
}

export async function countRunBatches(db: Db, runId: number): Promise<number> {
  const row = await db
    .selectFrom('ingest_batches')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('run_id', '=', runId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Every page is written: the run waits for its batches, and aggregate.run closes it. */
export async function markPullRunFetched(db: Db, runId: number, format: string): Promise<boolean> {
  const result = await sql`
    update ingest_runs set state = 'queued', format = ${format}, encoding = 'utf-8', parsed_at = now(),
      batches_total = (select count(*) from ingest_batches where run_id = ${runId})
    where id = ${runId} and state = 'parsing'`.execute(db);
  return Number(result.numAffectedRows ?? 0) > 0;
}

export async function markPullRunFailed(db: Db, runId: number, code: string, message: string): Promise<void> {
  await db
    .updateTable('ingest_runs')
    .set({
      state: 'failed',
      error_code: code,
      error_message: message.slice(0, 2000),
      finished_at: new Date(),
    })
    .where('id', '=', runId)
    .where('state', '=', 'parsing')
    .execute();
}

export async function findSourceFile(db: Db, source: string, sha256: string) {
  return findFileBySha(db, 'source_files', source, sha256);
}

export async function recordSourceFile(
  db: Db,
  file: { source: string; sha256: string; path: string; bytes: number; pullRunId: number; fileRunId: number },
): Promise<void> {
  await db
    .insertInto('source_files')
    .values({
      source: file.source,
      sha256: file.sha256,
      path: file.path,
      bytes: file.bytes,
      pull_run_id: file.pullRunId,
      file_run_id: file.fileRunId,
    })
    .onConflict((oc) => oc.columns(['source', 'sha256']).doNothing())
    .execute();
}

export interface SourceStatusRow {
  source: string;
  last_run_id: number | null;
  last_state: string | null;
  last_window: Date | null;
  last_started: Date | null;
  last_error: string | null;
  pull_runs: number;
  failed_runs: number;
  items: number;
  files: number;
  cursor: Record<string, unknown> | null;
}

/** One line per source for `painmap sources`: its last pull run, cursor and counts. */
export async function listSourceStatus(db: Db, sources: readonly string[]): Promise<SourceStatusRow[]> {
  if (sources.length === 0) return [];
  const result = await sql<SourceStatusRow>`
    select s.source,
      l.id as last_run_id, l.state as last_state, l.window_start as last_window,
      l.started_at as last_started, l.error_message as last_error,
      (select count(*)::int from ingest_runs r where r.source = s.source and r.kind = 'pull') as pull_runs,
      (select count(*)::int from ingest_runs r where r.source = s.source and r.kind = 'pull'
         and r.state = 'failed') as failed_runs,
      (select coalesce(sum(r.valid), 0)::int from ingest_runs r where r.source = s.source) as items,
      (select count(*)::int from source_files f where f.source = s.source) as files,
      c.cursor
    from unnest(${[...sources]}::text[]) as s (source)
    left join lateral (select * from ingest_runs r where r.source = s.source and r.kind = 'pull'
                       order by r.id desc limit 1) l on true
    left join source_cursors c on c.source = s.source
    order by s.source`.execute(db);
  return result.rows;
}
