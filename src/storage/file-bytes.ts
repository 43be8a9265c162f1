// Files are known by their source and the SHA-256 of their bytes: an upload posted to the API
// (uploads) and a file a nightly pull fetched (source_files) alike, each table unique on the pair.
import type { Selectable, Transaction } from 'kysely';
import type { Db } from './db.js';
import type { Database } from './tables.js';

type FileTable = 'uploads' | 'source_files';

/** The row of `table` that holds these exact bytes from this source, if any. */
export async function findFileBySha<T extends FileTable>(
  db: Db | Transaction<Database>,
  table: T,
  source: string,
  sha256: string,
): Promise<Selectable<Database[T]> | undefined> {
  const row = await db
    .selectFrom(table as FileTable)
    .selectAll()
    .where('source', '=', source)
    .where('sha256', '=', sha256)
    .executeTakeFirst();
  return row as Selectable<Database[T]> | undefined;
}
