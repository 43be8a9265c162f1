// `painmap upload FILE --server URL`: streams a file to a painmap server with a progress bar, waits
// for it to be parsed and prints the report (counts and row errors with their record numbers).

import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { Readable } from 'node:stream';
import { SingleBar } from 'cli-progress';
import type { UploadStatus } from '../api/run-status.js';

export interface UploadOptions {
  server: string;
  token: string;
  source: string;
  wait: boolean;
  json: boolean;
  timeoutMs?: number;
  progress?: boolean;
  out?: NodeJS.WritableStream;
}

const FINAL = new Set(['done', 'rejected', 'failed']);

async function call(url: URL, token: string, init: RequestInit = {}): Promise<Response> {
  const response = await fetch(url, {
    ...init,
    headers: { ...init.headers, authorization: `Bearer ${token}` },
  });
  if (response.status >= 400) {
    const body = (await response.json().catch(() => ({}))) as { message?: string };
    const retry = response.headers.get('retry-after');
    throw new Error(
      `${url.pathname}: HTTP ${response.status} — ${body.message ?? response.statusText}${retry ? ` (retry after ${retry} s)` : ''}`,
    );
  }
  return response;
}

export async function runUpload(
  file: string,
  options: UploadOptions,
): Promise<{ code: number; status: UploadStatus }> {
  const out = options.out ?? process.stdout;
  const size = (await stat(file)).size;
  const url = new URL('/v1/uploads', options.server);
  url.searchParams.set('source', options.source);
  url.searchParams.set('filename', basename(file));
  const bar = options.progress
    ? new SingleBar({
        format: `${basename(file)} [{bar}] {percentage}% {value}/{total} bytes`,
        stream: process.stderr,
      })
    : null;
  bar?.start(size, 0);
  let sent = 0;
  const body = Readable.toWeb(
    createReadStream(file).on('data', (chunk) => {
      sent += chunk.length;
      bar?.update(sent);
    }),
  ) as ReadableStream;
  const posted = await call(url, options.token, {
    method: 'POST',
    body,
    headers: { 'content-type': 'application/octet-stream', 'content-length': String(size) },
    duplex: 'half',
  } as RequestInit).finally(() => bar?.stop());
  const { uploadId } = (await posted.json()) as { uploadId: number };
  const statusUrl = new URL(`/v1/uploads/${uploadId}`, options.server);
  let status = (await (await call(statusUrl, options.token)).json()) as UploadStatus;
  const deadline = Date.now() + (options.timeoutMs ?? 3_600_000);
  while (options.wait && !FINAL.has(status.state) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 500));
    status = (await (await call(statusUrl, options.token)).json()) as UploadStatus;
  }
  out.write(options.json ? `${JSON.stringify(status)}\n` : describe(file, status));
  return { code: status.state === 'rejected' || status.state === 'failed' ? 2 : 0, status };
}

function describe(file: string, status: UploadStatus): string {
  const lines = [`${file}: upload ${status.uploadId} — ${status.state}`];
  const run = status.run;
  if (run?.error) lines.push(`  rejected whole file: [${run.error.code}] ${run.error.message}`);
  if (run) {
    const c = run.counts;
    lines.push(
      `  ${run.format ?? 'unknown format'}: records ${c.records}, valid ${c.valid}, rejected ${c.rejected}, skipped ${c.skipped}, duplicates ${c.duplicates}`,
    );
    for (const e of run.errors.slice(0, 50)) lines.push(`  record ${e.record} (${e.kind}): ${e.reason}`);
  }
  return `${lines.join('\n')}\n`;
}
