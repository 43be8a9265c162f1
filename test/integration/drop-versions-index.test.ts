import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { migrations } from '../../migrations/index.js';
import { migrateToLatest } from '../../src/storage/migrate.js';
import { createScratchDb } from './helpers.js';

describe('migration 0014_drop_versions_index', () => {
  it('drops the unused versions index, and its down puts it back', async () => {
    const scratch = await createScratchDb();
    const { db, migrator } = scratch;
    const names = Object.keys(migrations);
    const before = names[names.indexOf('0014_drop_versions_index') - 1]!;
    const indexes = async () =>
      (
        await sql<{ name: string }>`select indexname as name from pg_indexes
          where tablename = 'feedback_items' order by indexname`.execute(db)
      ).rows.map((r) => r.name);
    try {
      expect((await migrator.migrateTo(before)).error).toBeUndefined();
      expect(await indexes()).toContain('feedback_items_versions_idx');
      await migrateToLatest(db);
      const after = await indexes();
      expect(after).not.toContain('feedback_items_versions_idx');
      // Only that one: the primary key, the day, the rated-day and the search indexes stay.
      expect(after).toContain('feedback_items_pkey');
      expect(after).toContain('feedback_items_received_day_idx');
      expect((await migrator.migrateTo(before)).error).toBeUndefined();
      expect(await indexes()).toContain('feedback_items_versions_idx');
    } finally {
      await scratch.drop();
    }
  });
});
