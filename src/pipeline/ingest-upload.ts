// The `ingest.upload` job: a file the HTTP API stored in Postgres is written to a private temp
// file and ingested like any other export; then the upload is linked to its run. Running twice is
// harmless: ingestFile finds the run by (source, sha256), and an ingested upload is left alone.
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { getUpload, markUploadIngested, readUploadChunks } from '../storage/uploads.repository.js';
import type { Deps } from './deps.js';
import { ingestFile } from './ingest-file.js';

export interface IngestUploadResult {
  uploadId: number;
  runId: number | null;
  state: string;
}

export async function ingestUpload(
  deps: Pick<Deps, 'db' | 'dispatcher' | 'config' | 'log'>,
  uploadId: number,
): Promise<IngestUploadResult> {
  const upload = await getUpload(deps.db, uploadId);
  if (!upload || upload.state === 'receiving') {
    deps.log.warn({ uploadId }, 'upload not found or never completed; nothing to ingest');
    return { uploadId, runId: null, state: 'missing' };
  }
  if (upload.state === 'ingested') return { uploadId, runId: upload.run_id, state: 'ingested' };
  const dir = await mkdtemp(join(tmpdir(), 'painmap-upload-'));
  try {
    // The client's file name helps format detection (app-store, google-play exports); made safe here.
    const path = join(dir, safeFileName(upload.file_name));
    await pipeline(readUploadChunks(deps.db, uploadId), createWriteStream(path, { mode: 0o600 }));
    const result = await ingestFile(deps, {
      path,
      options: {
        ...(upload.source === 'auto' ? {} : { format: upload.source }),
        ...(upload.options.sourceName ? { sourceName: upload.options.sourceName } : {}),
        ...(upload.options.ratingScale ? { columns: { ratingScale: upload.options.ratingScale } } : {}),
        maxRecords: deps.config.MAX_UPLOAD_RECORDS,
      },
    });
    await markUploadIngested(deps.db, uploadId, result.runId);
    return { uploadId, runId: result.runId, state: result.state };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function safeFileName(name: string | null): string {
  const safe = basename(name ?? '')
    .replace(/[^A-Za-z0-9._-]/g, '_')
    .replace(/^\.+/, '')
    .slice(-120);
  return safe === '' ? 'upload' : safe;
}
