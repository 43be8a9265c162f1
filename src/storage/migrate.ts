import type { Kysely } from 'kysely';
import { type MigrationResult, Migrator } from 'kysely';
import { migrations } from '../../migrations/index.js';

/**
 * Brings the schema up to date. Safe when several processes call it at once: kysely takes a
 * Postgres advisory lock and runs pending migrations serially, each exactly once.
 */
export async function migrateToLatest(db: Kysely<any>): Promise<MigrationResult[]> {
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => migrations },
    migrationTableName: 'painmap_migrations',
    migrationLockTableName: 'painmap_migrations_lock',
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    throw new Error(`Migration ${failed} failed: ${error instanceof Error ? error.message : String(error)}`);
  }
  return results ?? [];
}
