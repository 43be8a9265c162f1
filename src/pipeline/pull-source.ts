// The `ingest.pull` job: fetch one source for one pull run. Pages are written as they arrive (a
// durable batch, its row errors and the advanced cursor in one transaction), then tagged by the
// usual tag.batch jobs; a crash resumes at the stored cursor. Pulls of one source never overlap
// (a Postgres advisory lock held on the pull's own connection) and run oldest first.
import { UnrecoverableError } from 'bullmq';
import { sql } from 'kysely';
import type { FeedbackInput } from '../domain.js';
import { dropDuplicates, keyBySourceName } from '../ingest/records.js';
import { redactEvent } from '../ingest/redact.js';
import { SeenIds } from '../ingest/seen-ids.js';
import type { ParseEvent } from '../ingest/types.js';
import { jobsForFinishedPull, jobsForPulledPage } from '../queue/graph.js';
import type { JobRequest } from '../queue/jobs.js';
import { type ApiReader, apiReaderFor, type Cursor, type PageContext } from '../sources/api-pages.js';
import { DEFAULT_POLICY, type FetchPolicy, SourceFailedError } from '../sources/http.js';
import { loadSources } from '../sources/load-sources.js';
import { type ApiSourceConfig, type SourceConfig, SourcesFileError } from '../sources/sources.schema.js';
import type { Db } from '../storage/db.js';
import { getRun } from '../storage/runs.repository.js';
import {
  countRunBatches,
  findNextOpenPullRun,
  getCursor,
  markPullRunFailed,
  markPullRunFetched,
  setCursor,
  writePulledPage,
} from '../storage/sources.repository.js';
import type { IngestRun, NewIngestError } from '../storage/tables.js';
import type { Deps } from './deps.js';
import { toErrorRow } from './ingest-file.js';
import { pullFolder, pullHttpFile } from './pull-files.js';

export type PullDeps = Pick<Deps, 'db' | 'dispatcher' | 'config' | 'log'>;

export interface PullOptions {
  env?: NodeJS.ProcessEnv;
  now?: () => Date;
  policy?: Partial<FetchPolicy>;
  sleep?: (ms: number) => Promise<void>;
  maxPages?: number;
}

/** Another pull of the same source holds the lock: BullMQ retries this job later. */
export class SourceBusyError extends Error {
  override readonly name = 'SourceBusyError';
}

/** Runs one pull run; returns its follow-up jobs (close the run, then the source's next pull). */
export async function pullSource(
  deps: PullDeps,
  runId: number,
  options: PullOptions = {},
): Promise<JobRequest[]> {
  const run = await getRun(deps.db, runId);
  if (run?.kind !== 'pull' || run.state !== 'parsing') {
    deps.log.info({ runId, state: run?.state ?? 'missing' }, 'pull run is not open; nothing to do');
    return [];
  }
  const log = deps.log.child({ source: run.source, runId });
  try {
    const source = await findSource(deps, run.source);
    const started = performance.now();
    const summary = await withSourceLock(deps.db, run.source, (db) =>
      runPull({ ...deps, db, log }, run, source, options),
    );
    await markPullRunFetched(deps.db, runId, formatOf(source));
    log.info({ ...summary, ms: Math.round(performance.now() - started) }, 'pull fetched');
    return jobsForFinishedPull(runId, 'fetched', await findNextOpenPullRun(deps.db, run.source, run.id));
  } catch (error) {
    if (!(error instanceof SourceFailedError)) throw error;
    await markPullRunFailed(deps.db, runId, error.code, error.message);
    log.warn({ code: error.code }, 'pull failed; it will not be retried');
    const next = await findNextOpenPullRun(deps.db, run.source, run.id);
    await deps.dispatcher.dispatch(jobsForFinishedPull(runId, 'failed', next));
    throw new UnrecoverableError(error.message);
  }
}

async function findSource(deps: PullDeps, name: string): Promise<SourceConfig> {
  let sources: readonly SourceConfig[];
  try {
    sources = await loadSources(deps.config);
  } catch (error) {
    if (error instanceof SourcesFileError) throw new SourceFailedError('sources_file', error.message);
    throw error;
  }
  const source = sources.find((s) => s.name === name);
  if (!source) {
    throw new SourceFailedError(
      'unknown_source',
      `No source named "${name}" in ${deps.config.PAINMAP_SOURCES}.`,
    );
  }
  return source;
}

function formatOf(source: SourceConfig): string {
  if (source.type === 'folder' || source.type === 'http-file') return source.type;
  return apiReaderFor(source).format.name;
}

/** A session advisory lock on a connection of its own: a crashed process releases it with the socket. */
async function withSourceLock<T>(db: Db, source: string, work: (db: Db) => Promise<T>): Promise<T> {
  return db.connection().execute(async (conn) => {
    const key = `painmap:pull:${source}`;
    const got = await sql<{
      ok: boolean;
    }>`select pg_try_advisory_lock(hashtextextended(${key}, 0)) as ok`.execute(conn);
    if (!got.rows[0]?.ok)
      throw new SourceBusyError(`Another pull of source "${source}" is running; retrying later.`);
    try {
      return await work(conn);
    } finally {
      await sql`select pg_advisory_unlock(hashtextextended(${key}, 0))`.execute(conn);
    }
  });
}

async function runPull(deps: PullDeps, run: IngestRun, source: SourceConfig, options: PullOptions) {
  const env = options.env ?? process.env;
  const policy = { ...DEFAULT_POLICY, ...options.policy };
  switch (source.type) {
    case 'folder':
      return pullFolder(deps, source, run.id);
    case 'http-file':
      return pullHttpFile(deps, source, run.id, {
        env,
        policy,
        ...(options.sleep ? { sleep: options.sleep } : {}),
      });
    default: {
      const ctx: PageContext = {
        env,
        now: (options.now ?? (() => new Date()))(),
        policy,
        maxBytes: deps.config.MAX_FILE_BYTES,
        maxPages: options.maxPages ?? 100_000,
        ...(options.sleep ? { sleep: options.sleep } : {}),
      };
      return pullApi(deps, run, source, apiReaderFor(source), ctx);
    }
  }
}

async function pullApi(
  deps: PullDeps,
  run: IngestRun,
  source: ApiSourceConfig,
  reader: ApiReader,
  ctx: PageContext,
) {
  let cursor: Cursor | null = await getCursor(deps.db, source.name);
  let seq = await countRunBatches(deps.db, run.id);
  let record = run.records;
  const summary = { pages: 0, items: 0 };
  const redact = source.redact ?? deps.config.REDACT;
  for await (const page of reader.pages(cursor, ctx)) {
    const seen = new SeenIds();
    const events = page.records.flatMap((r, i) => {
      const n = record + i + 1;
      const mapped = reader.format.map(r, n, { segment: { ...source.segment } });
      return dropDuplicates(mapped, n, seen).map((event) => redactEvent(event, redact));
    });
    const split = splitEvents(run.id, events, source.name);
    const batchId = await writePulledPage(deps.db, {
      runId: run.id,
      source: source.name,
      seq: seq + 1,
      items: split.items,
      errors: split.errors,
      counts: split.counts,
      cursor: page.cursor,
    });
    if (batchId === false)
      throw new SourceFailedError('run_closed', `Pull run ${run.id} was closed while it ran.`);
    record += page.records.length;
    cursor = page.cursor;
    summary.pages++;
    summary.items += split.items.length;
    if (batchId !== null) {
      seq++;
      await deps.dispatcher.dispatch(jobsForPulledPage(batchId));
    }
  }
  const finished = reader.finish(cursor);
  if (finished !== null && JSON.stringify(finished) !== JSON.stringify(cursor)) {
    await setCursor(deps.db, source.name, finished, run.id);
  }
  return summary;
}

function splitEvents(runId: number, events: ParseEvent[], sourceName: string) {
  const items: FeedbackInput[] = [];
  const errors: NewIngestError[] = [];
  const counts = { records: events.length, rejected: 0, skipped: 0, duplicates: 0 };
  for (const event of events) {
    if (event.kind === 'item') {
      items.push({ ...keyBySourceName(event.item, sourceName), record: event.record });
      continue;
    }
    errors.push(toErrorRow(runId, event));
    if (event.kind === 'rejected') counts.rejected++;
    else if (event.kind === 'skipped') counts.skipped++;
    else counts.duplicates++;
  }
  return { items, errors, counts };
}
