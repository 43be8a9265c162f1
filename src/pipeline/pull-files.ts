// The file sources: a drop folder (every matching file once, by sha256) and an export fetched over
// HTTP. Each new file becomes its own file run through the same ingestFile as `painmap ingest`, so
// a file-level error rejects that file alone and the same bytes twice add nothing.
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fetchHttpFile, listFolder, moveFile } from '../sources/file-sources.js';
import type { FetchPolicy } from '../sources/http.js';
import { showUrl } from '../sources/http.js';
import type { SourceOf } from '../sources/sources.schema.js';
import { findSourceFile, recordSourceFile } from '../storage/sources.repository.js';
import type { Deps } from './deps.js';
import { ingestFile, sha256File } from './ingest-file.js';

type FileDeps = Pick<Deps, 'db' | 'dispatcher' | 'config' | 'log'>;

export interface FilePullResult {
  seen: number;
  ingested: number;
  rejected: number;
}

export async function pullFolder(
  deps: FileDeps,
  source: SourceOf<'folder'>,
  runId: number,
): Promise<FilePullResult> {
  const entries = await listFolder(source);
  const result: FilePullResult = { seen: entries.length, ingested: 0, rejected: 0 };
  for (const name of entries) {
    const path = join(source.path, name);
    const sha = await sha256File(path);
    if (await findSourceFile(deps.db, source.name, sha)) {
      if (source.moveTo) await moveFile(path, source.moveTo);
      continue;
    }
    const ingested = await ingestOne(deps, source, { path, sha, label: name, runId });
    result.ingested++;
    if (ingested === 'rejected') result.rejected++;
    if (source.moveTo) await moveFile(path, source.moveTo);
  }
  return result;
}

export async function pullHttpFile(
  deps: FileDeps,
  source: SourceOf<'http-file'>,
  runId: number,
  options: { env: NodeJS.ProcessEnv; policy: FetchPolicy; sleep?: (ms: number) => Promise<void> },
): Promise<FilePullResult> {
  const dir = await mkdtemp(join(tmpdir(), 'painmap-pull-'));
  try {
    const { path, sha } = await fetchHttpFile(source, dir, {
      ...options,
      maxBytes: deps.config.MAX_FILE_BYTES,
    });
    if (await findSourceFile(deps.db, source.name, sha)) return { seen: 1, ingested: 0, rejected: 0 };
    const ingested = await ingestOne(deps, source, { path, sha, label: showUrl(source.url), runId });
    return { seen: 1, ingested: 1, rejected: ingested === 'rejected' ? 1 : 0 };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function ingestOne(
  deps: FileDeps,
  source: SourceOf<'folder' | 'http-file'>,
  file: { path: string; sha: string; label: string; runId: number },
): Promise<string> {
  const result = await ingestFile(deps, {
    path: file.path,
    options: {
      ...(source.format === 'auto' ? {} : { format: source.format }),
      sourceName: source.name,
      ...(source.redact ? { redact: source.redact } : {}),
      segment: { ...source.segment },
    },
  });
  const bytes = (await stat(file.path)).size;
  await recordSourceFile(deps.db, {
    source: source.name,
    sha256: file.sha,
    path: file.label,
    bytes,
    pullRunId: file.runId,
    fileRunId: result.runId,
  });
  const log = { source: source.name, file: basename(file.label), fileRun: result.runId, state: result.state };
  if (result.state === 'rejected') deps.log.warn({ ...log, code: result.error?.code }, 'file rejected whole');
  else deps.log.info({ ...log, items: result.counts.items }, 'file recorded');
  return result.state;
}
