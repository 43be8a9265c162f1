// What GET /v1/uploads/:id and GET /v1/runs/:id answer: state, counts and the row errors.

import type { Db } from '../storage/db.js';
import { listRunIssues } from '../storage/runs.repository.js';
import type { IngestRun } from '../storage/tables.js';

export interface RunStatus {
  runId: number;
  source: string;
  format: string | null;
  state: string;
  counts: {
    records: number;
    valid: number;
    rejected: number;
    skipped: number;
    duplicates: number;
    inserted: number;
    updated: number;
    unchanged: number;
  };
  error: { code: string; message: string } | null;
  /** Rejected, skipped and duplicate records with their record numbers (first 1000). */
  errors: Array<{ kind: string; record: number; ref: string | null; code: string; reason: string }>;
}

/** What a client following an upload reads of GET /v1/uploads/:id (the CLI's `upload`, the dashboard's form). */
export interface UploadStatus {
  uploadId: number;
  /** `stored` until a worker starts parsing it; then the run's state. */
  state: string;
  run: RunStatus | null;
}

export async function describeRun(db: Db, run: IngestRun): Promise<RunStatus> {
  const errors = await listRunIssues(db, run.id, 1000);
  const notValid = run.rejected + run.skipped + run.duplicates;
  return {
    runId: run.id,
    source: run.source,
    format: run.format,
    state: run.state,
    counts: {
      records: run.records,
      // Until the run is closed, valid is what parsing accepted (tagging has not counted it yet).
      valid: run.state === 'done' ? run.valid : Math.max(run.records - notValid, 0),
      rejected: run.rejected,
      skipped: run.skipped,
      duplicates: run.duplicates,
      inserted: run.inserted,
      updated: run.updated,
      unchanged: run.unchanged,
    },
    error: run.error_code ? { code: run.error_code, message: run.error_message ?? '' } : null,
    errors: errors.map((e) => ({
      kind: e.kind,
      record: e.record,
      ref: e.ref,
      code: e.code,
      reason: e.reason,
    })),
  };
}
