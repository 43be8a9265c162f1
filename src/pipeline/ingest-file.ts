// Ingest one export file: record the run, parse it into durable batches and row errors, then
// enqueue the batches. A file is ingested once per source (by sha256); a file-level error keeps
// nothing of it. Parsing is deterministic, so a crashed parse is simply parsed again.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { basename } from 'node:path';
import type { FeedbackInput } from '../domain.js';
import { openExport } from '../ingest/index.js';
import { redactEvent } from '../ingest/redact.js';
import { FileRejectedError, type ParseEvent, type ParseOptions } from '../ingest/types.js';
import { jobsForParsedRun } from '../queue/graph.js';
import {
  findOrCreateRun,
  insertBatch,
  insertIngestErrors,
  markRunQueued,
  markRunRejected,
} from '../storage/runs.repository.js';
import type { NewIngestError } from '../storage/tables.js';
import type { Deps } from './deps.js';

export interface IngestFileRequest {
  path: string;
  options?: ParseOptions;
  onProgress?: (progress: { records: number; bytes?: number }) => void;
}

export interface IngestFileResult {
  runId: number;
  /** False when this exact file had already been ingested for this source: nothing new was queued. */
  created: boolean;
  state: string;
  format: string | null;
  batches: number;
  counts: { records: number; items: number; rejected: number; skipped: number; duplicates: number };
  error?: { code: string; message: string };
}

export async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

export async function ingestFile(
  deps: Pick<Deps, 'db' | 'dispatcher' | 'config'>,
  request: IngestFileRequest,
) {
  const options: ParseOptions = {
    fileName: basename(request.path),
    maxBytes: deps.config.MAX_FILE_BYTES,
    maxRecords: deps.config.MAX_RECORDS,
    maxRecordBytes: deps.config.MAX_RECORD_BYTES,
    ...request.options,
  };
  const sha = await sha256File(request.path);
  let parsed: Awaited<ReturnType<typeof openExport>> | undefined;
  let early: FileRejectedError | undefined;
  try {
    parsed = await openExport({ path: request.path }, options);
  } catch (error) {
    if (!(error instanceof FileRejectedError)) throw error;
    early = error;
  }
  const source = options.sourceName ?? parsed?.source ?? options.format ?? 'unknown';
  const { run, created } = await findOrCreateRun(deps.db, {
    kind: 'file',
    source,
    fileName: options.fileName ?? null,
    fileSha256: sha,
  });
  const base = { runId: run.id, created, format: parsed?.format ?? null };
  if (!created && run.state !== 'parsing') {
    return {
      ...base,
      state: run.state,
      batches: run.batches_total,
      counts: countsOfRun(run),
    } as IngestFileResult;
  }
  if (early || !parsed) return rejectRun(deps, base, early!);
  try {
    const redact = options.redact ?? deps.config.REDACT;
    const events = redactEvents(parsed.events, redact);
    const stats = await writeBatches(deps, run.id, events, request.onProgress);
    await markRunQueued(deps.db, run.id, {
      format: parsed.format,
      encoding: parsed.encoding,
      records: stats.records,
      rejected: stats.rejected,
      skipped: stats.skipped,
      duplicates: stats.duplicates,
      batchesTotal: stats.batchIds.length,
    });
    await deps.dispatcher.dispatch(jobsForParsedRun(run.id, stats.batchIds));
    const { batchIds, ...counts } = stats;
    return { ...base, state: 'queued', batches: batchIds.length, counts } satisfies IngestFileResult;
  } catch (error) {
    if (error instanceof FileRejectedError) return rejectRun(deps, base, error);
    throw error;
  }
}

/** Every record passes here before any of it is written: personal data never reaches storage. */
async function* redactEvents(
  events: AsyncIterable<ParseEvent>,
  kinds: Parameters<typeof redactEvent>[1],
): AsyncGenerator<ParseEvent> {
  for await (const event of events) yield redactEvent(event, kinds);
}

async function rejectRun(
  deps: Pick<Deps, 'db'>,
  base: { runId: number; created: boolean; format: string | null },
  error: FileRejectedError,
): Promise<IngestFileResult> {
  await markRunRejected(deps.db, base.runId, error.code, error.message);
  return {
    ...base,
    state: 'rejected',
    batches: 0,
    counts: { records: 0, items: 0, rejected: 0, skipped: 0, duplicates: 0 },
    error: { code: error.code, message: error.message },
  };
}

function countsOfRun(run: {
  records: number;
  valid: number;
  rejected: number;
  skipped: number;
  duplicates: number;
}): IngestFileResult['counts'] {
  return {
    records: run.records,
    items: run.valid,
    rejected: run.rejected,
    skipped: run.skipped,
    duplicates: run.duplicates,
  };
}

async function writeBatches(
  deps: Pick<Deps, 'db' | 'config'>,
  runId: number,
  events: AsyncIterable<ParseEvent>,
  onProgress?: IngestFileRequest['onProgress'],
) {
  const stats = { records: 0, items: 0, rejected: 0, skipped: 0, duplicates: 0, batchIds: [] as number[] };
  let items: FeedbackInput[] = [];
  let errors: NewIngestError[] = [];
  const flushItems = async () => {
    if (items.length === 0) return;
    stats.batchIds.push(await insertBatch(deps.db, runId, stats.batchIds.length + 1, items));
    items = [];
  };
  for await (const parsed of events) {
    const event = rejectUnstorable(parsed);
    stats.records++;
    if (event.kind === 'item') {
      stats.items++;
      items.push({ ...event.item, record: event.record });
      if (items.length >= deps.config.BATCH_SIZE) await flushItems();
    } else {
      errors.push(toErrorRow(runId, event));
      if (event.kind === 'rejected') stats.rejected++;
      else if (event.kind === 'skipped') stats.skipped++;
      else stats.duplicates++;
      if (errors.length >= 500) {
        await insertIngestErrors(deps.db, errors);
        errors = [];
      }
    }
    if (onProgress && stats.records % 1000 === 0) onProgress({ records: stats.records });
  }
  await flushItems();
  await insertIngestErrors(deps.db, errors);
  onProgress?.({ records: stats.records });
  return stats;
}

/** Postgres text cannot hold U+0000: such a record is rejected here instead of failing its batch. */
function rejectUnstorable(event: ParseEvent): ParseEvent {
  if (event.kind !== 'item') return event;
  const { item } = event;
  const fields = [
    item.text,
    item.externalId,
    item.customerId,
    item.channel,
    item.question,
    ...Object.values(item.segment),
  ];
  if (!fields.some((value) => value?.includes('\u0000'))) return event;
  return {
    kind: 'rejected',
    issue: {
      record: event.record,
      ref: event.ref.includes('\u0000') ? null : event.ref,
      code: 'nul_character',
      reason:
        'The record contains a NUL character (U+0000), which cannot be stored; remove it at the source.',
    },
  };
}

export function toErrorRow(runId: number, event: Exclude<ParseEvent, { kind: 'item' }>): NewIngestError {
  if (event.kind === 'duplicate') {
    return {
      run_id: runId,
      kind: 'duplicate',
      record: event.record,
      ref: event.ref,
      code: 'duplicate_id',
      reason: `The id ${event.ref} appears again in this file; the first record with it was kept.`,
      excerpt: null,
    };
  }
  const { issue } = event;
  return {
    run_id: runId,
    kind: event.kind,
    record: issue.record,
    ref: issue.ref,
    code: issue.code,
    reason: issue.reason,
    excerpt: issue.excerpt?.slice(0, 200) ?? null,
  };
}
