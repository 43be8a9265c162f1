// Streams an upload into Postgres in ~1 MiB chunks while hashing it, inside one transaction: an
// upload over the byte cap, an aborted request or a crash keeps nothing. The same bytes posted
// again for the same source return the first upload's id (idempotent by source + sha256).
import { createHash } from 'node:crypto';
import type { Db } from '../storage/db.js';
import type { UploadOptions } from '../storage/tables.js';
import {
  findUploadBySha,
  insertReceivingUpload,
  insertUploadChunk,
  markUploadStored,
} from '../storage/uploads.repository.js';

const CHUNK_BYTES = 1024 * 1024;

export class UploadTooLargeError extends Error {
  override readonly name = 'UploadTooLargeError';
  readonly statusCode = 413;
  constructor(readonly maxBytes: number) {
    super(`The upload is over the ${maxBytes}-byte limit (MAX_UPLOAD_BYTES); nothing was kept.`);
  }
}

export class EmptyUploadError extends Error {
  override readonly name = 'EmptyUploadError';
  readonly statusCode = 400;
  constructor() {
    super('The upload is empty: send the file as the request body or as a multipart field.');
  }
}

class AlreadyStored extends Error {
  constructor(readonly uploadId: number) {
    super('already stored');
  }
}

export interface StoredUpload {
  uploadId: number;
  created: boolean;
  sha256: string;
  bytes: number;
}

export async function storeUpload(
  db: Db,
  upload: { source: string; fileName: string | null; options: UploadOptions; maxBytes: number },
  body: AsyncIterable<Buffer | string>,
): Promise<StoredUpload> {
  const hash = createHash('sha256');
  let bytes = 0;
  let sha256 = '';
  try {
    const uploadId = await db.transaction().execute(async (trx) => {
      const id = await insertReceivingUpload(trx, upload);
      let pending: Buffer[] = [];
      let pendingBytes = 0;
      let seq = 0;
      const flush = async () => {
        if (pendingBytes === 0) return;
        await insertUploadChunk(trx, id, ++seq, Buffer.concat(pending, pendingBytes));
        pending = [];
        pendingBytes = 0;
      };
      for await (const part of body) {
        const chunk = typeof part === 'string' ? Buffer.from(part) : part;
        bytes += chunk.length;
        if (bytes > upload.maxBytes) throw new UploadTooLargeError(upload.maxBytes);
        hash.update(chunk);
        pending.push(chunk);
        pendingBytes += chunk.length;
        if (pendingBytes >= CHUNK_BYTES) await flush();
      }
      await flush();
      if (bytes === 0) throw new EmptyUploadError();
      sha256 = hash.digest('hex');
      const existing = await findUploadBySha(trx, upload.source, sha256);
      if (existing) throw new AlreadyStored(existing.id);
      await markUploadStored(trx, id, { sha256, byteSize: bytes });
      return id;
    });
    return { uploadId, created: true, sha256, bytes };
  } catch (error) {
    if (error instanceof AlreadyStored) return { uploadId: error.uploadId, created: false, sha256, bytes };
    // Two posts of the same file at once: the unique index lets one win; the other returns its id.
    if ((error as { code?: string }).code === '23505' && sha256) {
      const winner = await findUploadBySha(db, upload.source, sha256);
      if (winner) return { uploadId: winner.id, created: false, sha256, bytes };
    }
    throw error;
  }
}
