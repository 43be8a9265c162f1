// The upload form: sends the file as the raw body (XHR, for progress), then follows the upload
// until it is parsed and shows the counts and the row errors with their record numbers.
import type { UploadStatus } from '../../src/api/run-status.js';
import { getJson, savedToken } from './api.js';
import { byId, el } from './dom.js';

const FINAL = new Set(['done', 'rejected', 'failed']);

function send(file: File, source: string, progress: HTMLProgressElement): Promise<{ uploadId: number }> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    const query = new URLSearchParams({ source, filename: file.name });
    xhr.open('POST', `/v1/uploads?${query}`);
    xhr.setRequestHeader('authorization', `Bearer ${savedToken()}`);
    xhr.setRequestHeader('content-type', 'application/octet-stream');
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) progress.value = Math.round((e.loaded / e.total) * 100);
    };
    xhr.onload = () => {
      const body = JSON.parse(xhr.responseText || '{}');
      if (xhr.status >= 200 && xhr.status < 300) resolve(body);
      else reject(new Error(body.message ?? `HTTP ${xhr.status}`));
    };
    xhr.onerror = () => reject(new Error('The upload did not reach the server.'));
    xhr.send(file);
  });
}

function report(status: UploadStatus): Node {
  const run = status.run;
  const box = el(
    'div',
    {},
    el('p', { 'data-state': status.state }, `Upload ${status.uploadId}: ${status.state}`),
  );
  if (!run) return box;
  if (run.error) box.append(el('p', { class: 'status error' }, `Rejected whole file: ${run.error.message}`));
  const names = ['records', 'valid', 'rejected', 'skipped', 'duplicates'] as const;
  box.append(
    el(
      'table',
      { class: 'counts' },
      el('tr', {}, ...names.map((n) => el('th', {}, n))),
      el('tr', {}, ...names.map((n) => el('td', { 'data-count': n }, String(run.counts[n] ?? 0)))),
    ),
  );
  if (run.errors.length > 0) {
    box.append(
      el(
        'table',
        { class: 'row-errors' },
        el('tr', {}, el('th', {}, 'record'), el('th', {}, 'kind'), el('th', {}, 'reason')),
        ...run.errors.map((e) =>
          el('tr', {}, el('td', {}, String(e.record)), el('td', {}, e.kind), el('td', {}, e.reason)),
        ),
      ),
    );
  }
  return box;
}

export function setupUpload(onDone: () => void): void {
  const form = byId<HTMLFormElement>('upload-form');
  const progress = byId<HTMLProgressElement>('upload-progress');
  const out = byId('upload-report');
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const file = byId<HTMLInputElement>('upload-file').files?.[0];
    if (!file) return;
    progress.hidden = false;
    progress.value = 0;
    out.replaceChildren(el('p', {}, `Uploading ${file.name}…`));
    try {
      const { uploadId } = await send(file, byId<HTMLSelectElement>('upload-source').value, progress);
      let status = await getJson<UploadStatus>(`/v1/uploads/${uploadId}`);
      for (let i = 0; i < 600 && !FINAL.has(status.state); i++) {
        out.replaceChildren(report(status));
        await new Promise((resolve) => setTimeout(resolve, 1_000));
        status = await getJson<UploadStatus>(`/v1/uploads/${uploadId}`);
      }
      out.replaceChildren(report(status));
      onDone();
    } catch (error) {
      out.replaceChildren(el('p', { class: 'status error' }, (error as Error).message));
    }
  });
}
