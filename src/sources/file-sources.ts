// The file sources: a drop folder (every matching file once, by sha256) and an export fetched over
// HTTP. Each new file becomes its own file run through the same ingestFile as `painmap ingest`, so
// a file-level error rejects that file alone and the same bytes twice add nothing.
import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { copyFile, mkdir, mkdtemp, readdir, rename, rm, stat, unlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import type { Deps } from '../pipeline/deps.js';
import { ingestFile, sha256File } from '../pipeline/ingest-file.js';
import { findSourceFile, recordSourceFile } from '../storage/sources.repository.js';
import { type FetchPolicy, fetchWithRetry, SourceFailedError, showUrl } from './http.js';
import type { SourceOf } from './sources.schema.js';

type FileDeps = Pick<Deps, 'db' | 'dispatcher' | 'config' | 'log'>;

export interface FilePullResult {
  seen: number;
  ingested: number;
  rejected: number;
}

/** `*.csv`, `reviews_*_2026??.csv`: * and ? within one file name, nothing else special. */
export function globToRegExp(glob: string): RegExp {
  const body = glob
    .split('')
    .map((c) => (c === '*' ? '[^/]*' : c === '?' ? '[^/]' : c.replace(/[.+^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^${body}$`);
}

export async function pullFolder(
  deps: FileDeps,
  source: SourceOf<'folder'>,
  runId: number,
): Promise<FilePullResult> {
  const pattern = globToRegExp(source.glob);
  let entries: string[];
  try {
    entries = (await readdir(source.path, { withFileTypes: true }))
      .filter((e) => e.isFile() && !e.name.startsWith('.') && pattern.test(e.name))
      .map((e) => e.name)
      .sort();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    throw new SourceFailedError(
      'folder_unreadable',
      `folder source "${source.name}": cannot read ${source.path} (${code}).`,
    );
  }
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
  const token = source.tokenEnv ? options.env[source.tokenEnv] : undefined;
  if (source.tokenEnv && !token) {
    throw new SourceFailedError(
      'missing_token',
      `http-file source "${source.name}": the environment variable ${source.tokenEnv} is not set.`,
    );
  }
  const what = `http-file source "${source.name}"`;
  const response = await fetchWithRetry({
    url: source.url,
    headers: { accept: '*/*', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    what,
    tokenEnv: source.tokenEnv,
    policy: { ...options.policy, timeoutMs: source.timeoutMs, attempts: source.attempts },
    ...(options.sleep ? { sleep: options.sleep } : {}),
  });
  const dir = await mkdtemp(join(tmpdir(), 'painmap-pull-'));
  try {
    const name = safeName(basename(new URL(source.url).pathname));
    const path = join(dir, name);
    const sha = await download(response, path, deps.config.MAX_FILE_BYTES, what);
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

async function download(response: Response, path: string, maxBytes: number, what: string): Promise<string> {
  const hash = createHash('sha256');
  const out = createWriteStream(path, { mode: 0o600 });
  let size = 0;
  try {
    for await (const chunk of (response.body ?? []) as AsyncIterable<Uint8Array>) {
      size += chunk.byteLength;
      if (size > maxBytes)
        throw new SourceFailedError('too_large', `${what}: the export is over the ${maxBytes}-byte limit.`);
      hash.update(chunk);
      if (!out.write(chunk)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
    }
  } finally {
    await new Promise<void>((resolve) => out.end(() => resolve()));
  }
  return hash.digest('hex');
}

async function moveFile(path: string, dir: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  const target = join(dir, basename(path));
  try {
    await rename(path, target);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EXDEV') throw error;
    await copyFile(path, target);
    await unlink(path);
  }
}

function safeName(name: string): string {
  const safe = name
    .replace(/[^A-Za-z0-9._-]/g, '_')
    .replace(/^\.+/, '')
    .slice(-120);
  return safe === '' ? 'export' : safe;
}
