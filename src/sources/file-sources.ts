// The file sources' readers: a drop folder's matching files, an export fetched over HTTP into a
// temporary folder, and moving a pulled file aside. pipeline/pull-files.ts ingests what they read.
import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { copyFile, mkdir, readdir, rename, unlink } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { type FetchPolicy, fetchWithRetry, SourceFailedError } from './http.js';
import type { SourceOf } from './sources.schema.js';

/** `*.csv`, `reviews_*_2026??.csv`: * and ? within one file name, nothing else special. */
export function globToRegExp(glob: string): RegExp {
  const body = glob
    .split('')
    .map((c) => (c === '*' ? '[^/]*' : c === '?' ? '[^/]' : c.replace(/[.+^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^${body}$`);
}

/** The names of the files in a folder source that match its glob, sorted; hidden files are skipped. */
export async function listFolder(source: SourceOf<'folder'>): Promise<string[]> {
  const pattern = globToRegExp(source.glob);
  try {
    return (await readdir(source.path, { withFileTypes: true }))
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
}

/** Downloads an http-file source's export into `dir` (with retries and a size limit); its path and sha256. */
export async function fetchHttpFile(
  source: SourceOf<'http-file'>,
  dir: string,
  options: {
    env: NodeJS.ProcessEnv;
    policy: FetchPolicy;
    sleep?: (ms: number) => Promise<void>;
    maxBytes: number;
  },
): Promise<{ path: string; sha: string }> {
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
  const path = join(dir, safeName(basename(new URL(source.url).pathname)));
  const sha = await download(response, path, options.maxBytes, what);
  return { path, sha };
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

/** Moves a pulled file into `dir` (a copy and delete across devices). */
export async function moveFile(path: string, dir: string): Promise<void> {
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
