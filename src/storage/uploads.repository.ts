// uploads and upload_chunks: files posted to the HTTP API, kept durably until they are parsed.
import { sql, type Transaction } from 'kysely';
import type { Db } from './db.js';
import { findFileBySha } from './file-bytes.js';
import type { Database, Upload, UploadOptions } from './tables.js';

type Trx = Transaction<Database>;

/** Starts an upload inside the receiving transaction: a rollback leaves nothing behind. */
export async function insertReceivingUpload(
  trx: Trx,
  upload: { source: string; fileName: string | null; options: UploadOptions },
): Promise<number> {
  const row = await trx
    .insertInto('uploads')
    .values({ source: upload.source, file_name: upload.fileName, options: JSON.stringify(upload.options) })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function insertUploadChunk(
  trx: Trx,
  uploadId: number,
  seq: number,
  data: Buffer,
): Promise<void> {
  await trx.insertInto('upload_chunks').values({ upload_id: uploadId, seq, data }).execute();
}

/** The upload already stored for these exact bytes from this source, if any. */
export async function findUploadBySha(
  db: Db | Trx,
  source: string,
  sha256: string,
): Promise<Upload | undefined> {
  return findFileBySha(db, 'uploads', source, sha256);
}

export async function markUploadStored(
  trx: Trx,
  uploadId: number,
  stored: { sha256: string; byteSize: number },
): Promise<void> {
  await trx
    .updateTable('uploads')
    .set({ sha256: stored.sha256, byte_size: stored.byteSize, state: 'stored', stored_at: new Date() })
    .where('id', '=', uploadId)
    .execute();
}

export async function getUpload(db: Db, uploadId: number): Promise<Upload | undefined> {
  return db.selectFrom('uploads').selectAll().where('id', '=', uploadId).executeTakeFirst();
}

/** The chunks of an upload in order, one at a time (a large file never sits in memory whole). */
export async function* readUploadChunks(db: Db, uploadId: number): AsyncGenerator<Buffer> {
  for (let seq = 1; ; seq++) {
    const row = await db
      .selectFrom('upload_chunks')
      .select('data')
      .where('upload_id', '=', uploadId)
      .where('seq', '=', seq)
      .executeTakeFirst();
    if (!row) return;
    yield row.data;
  }
}

/** Links the upload to the run that parsed it and drops its bytes (the run's batches hold the data). */
export async function markUploadIngested(db: Db, uploadId: number, runId: number): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable('uploads')
      .set({ state: 'ingested', run_id: runId, ingested_at: new Date() })
      .where('id', '=', uploadId)
      .execute();
    await trx.deleteFrom('upload_chunks').where('upload_id', '=', uploadId).execute();
  });
}

/** Stored uploads whose parse never started (a lost job or a Redis outage): the reconciler's list. */
export async function listUnstartedUploadIds(db: Db, olderThanMs: number, limit = 1000): Promise<number[]> {
  const rows = await sql<{ id: number }>`
    select id from uploads
    where state = 'stored' and stored_at < now() - make_interval(secs => ${olderThanMs / 1000})
    order by id limit ${limit}`.execute(db);
  return rows.rows.map((r) => r.id);
}

/** The run that parsed (or is parsing) these bytes: the linked one, else the newest with the same sha256. */
export async function findRunOfUpload(db: Db, upload: Upload) {
  const query = db.selectFrom('ingest_runs').selectAll();
  if (upload.run_id !== null) return query.where('id', '=', upload.run_id).executeTakeFirst();
  if (upload.sha256 === null) return undefined;
  return query.where('file_sha256', '=', upload.sha256).orderBy('id', 'desc').limit(1).executeTakeFirst();
}
