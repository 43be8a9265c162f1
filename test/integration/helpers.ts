// Real Postgres and real Redis for every integration test: a database cloned from the migrated
// template per file, and a unique queue prefix per test, obliterated afterwards.
import { randomBytes } from 'node:crypto';
import type { Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { Migrator, sql } from 'kysely';
import pg from 'pg';
import { pino } from 'pino';
import { inject } from 'vitest';
import { migrations } from '../../migrations/index.js';
import { type Config, loadConfig } from '../../src/config.js';
import { startPipelineWorkers } from '../../src/processes/run-workers.js';
import { closeWorkers } from '../../src/queue/workers.js';
import type { Runtime } from '../../src/runtime.js';
import { createDb, type Db } from '../../src/storage/db.js';
import type { ItemRow, MentionRow } from '../../src/storage/items.repository.js';
import { withDatabase } from './global-setup.js';

export const silentLog = pino({ level: 'silent' });

export interface TestDb {
  db: Db;
  url: string;
  name: string;
  drop(): Promise<void>;
}

export async function createTestDb(): Promise<TestDb> {
  const name = `painmap_t_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: inject('adminUrl') });
  await admin.connect();
  await admin.query(`create database ${name} template ${inject('templateDb')}`);
  await admin.end();
  const url = withDatabase(inject('adminUrl'), name);
  const db = createDb(url, { poolSize: 4, applicationName: 'painmap-test' });
  return {
    db,
    url,
    name,
    drop: () => dropDatabase(db, name),
  };
}

/** Closes a test database's pool and drops it. */
async function dropDatabase(db: Db, name: string): Promise<void> {
  await db.destroy();
  const admin = new pg.Client({ connectionString: inject('adminUrl') });
  await admin.connect();
  await admin.query(`drop database if exists ${name} with (force)`);
  await admin.end();
}

export interface ScratchDb extends TestDb {
  /** A migrator over the repo's migrations, for tests that step through them one by one. */
  migrator: Migrator;
}

/** An empty database (no migration applied) for migration tests; `drop` removes it. */
export async function createScratchDb(poolSize = 1): Promise<ScratchDb> {
  const name = `painmap_m_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: inject('adminUrl') });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = withDatabase(inject('adminUrl'), name);
  const db = createDb(url, { poolSize });
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => migrations },
    migrationTableName: 'painmap_migrations',
    migrationLockTableName: 'painmap_migrations_lock',
  });
  return {
    db,
    url,
    name,
    migrator,
    drop: () => dropDatabase(db, name),
  };
}

export function testConfig(overrides: Record<string, string> = {}, databaseUrl?: string): Config {
  return loadConfig({
    DATABASE_URL: databaseUrl,
    REDIS_URL: inject('redisUrl'),
    QUEUE_PREFIX: `t${randomBytes(5).toString('hex')}`,
    AGGREGATE_DEBOUNCE_MS: '50',
    LOG_LEVEL: 'silent',
    ...overrides,
  });
}

export function testRedis(): Redis {
  return new Redis(inject('redisUrl'), { maxRetriesPerRequest: null });
}

/** Deletes every key under a test's queue prefix. */
export async function obliteratePrefix(redis: Redis, prefix: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
    if (keys.length > 0) await redis.del(...keys);
    cursor = next;
  } while (cursor !== '0');
}

export async function waitFor<T>(
  probe: () => Promise<T | undefined | null | false>,
  what: string,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** BullMQ workers for every queue of a test runtime, wired to the real job handler. */
export function startTestWorkers(rt: Runtime, concurrency = 2): Worker[] {
  return startPipelineWorkers(rt, { concurrency, log: silentLog });
}

/** Stops the workers, deletes the runtime's queue keys and closes it. */
export async function closeTestRuntime(rt: Runtime, workers: Worker[]): Promise<void> {
  await closeWorkers(workers, 5_000);
  const redis = testRedis();
  await obliteratePrefix(redis, rt.config.QUEUE_PREFIX);
  redis.disconnect();
  await rt.close();
}

/**
 * Every row of every base table of the schema as text (all columns, json included), and every bytea
 * column decoded: found through information_schema, so a table added later is searched too.
 */
export async function everyRowAsText(db: Db): Promise<string> {
  const tables = await sql<{ name: string }>`
    select table_name as name from information_schema.tables
    where table_schema = 'public' and table_type = 'BASE TABLE'`.execute(db);
  const parts: string[] = [];
  for (const { name } of tables.rows) {
    const rows = await sql<{ r: string }>`select t::text as r from ${sql.table(name)} t`.execute(db);
    parts.push(...rows.rows.map((row) => row.r));
  }
  const binary = await sql<{ table_name: string; column_name: string }>`
    select table_name, column_name from information_schema.columns
    where table_schema = 'public' and data_type = 'bytea'`.execute(db);
  for (const c of binary.rows) {
    const rows = await sql<{ r: string }>`
      select encode(${sql.ref(c.column_name)}, 'escape') as r from ${sql.table(c.table_name)}`.execute(db);
    parts.push(...rows.rows.map((row) => row.r));
  }
  return parts.join('\n');
}

/** A mention row with a five-character span per ordinal and no evidence unless told. */
export function mentionRow(
  m: Pick<MentionRow, 'ordinal' | 'stage' | 'touchpoint' | 'label' | 'score'> & Partial<MentionRow>,
): MentionRow {
  return { start: m.ordinal * 5, end: m.ordinal * 5 + 4, evidenceJson: '[]', ...m };
}

/**
 * A tagged item row as the write path takes it, so a test states only what it varies: an English
 * survey answer on `day` (default 2026-03-02, received at 10:00 UTC) with one negative delivery
 * mention; the item's label, score, stage and touchpoint are its first mention's unless given.
 */
export function itemRow(fields: Partial<ItemRow> & { externalId: string; mentions?: MentionRow[] }): ItemRow {
  const day = fields.day ?? '2026-03-02';
  const mentions = fields.mentions ?? [
    mentionRow({ ordinal: 0, stage: 'fulfilment', touchpoint: 'delivery', label: 'negative', score: -0.6 }),
  ];
  const first = mentions[0]!;
  return {
    source: 'survey',
    contentHash: `h-${fields.externalId}`,
    receivedAt: `${day}T10:00:00.000Z`,
    text: `text ${fields.externalId}`,
    rating: null,
    ratingScale: null,
    channel: 'survey',
    customerId: null,
    segmentJson: '{}',
    language: 'en',
    label: first.label,
    score: first.score,
    ratingUsed: false,
    stage: first.stage,
    touchpoint: first.touchpoint,
    taxonomyVersion: 't1',
    taggerVersion: 'g1',
    runId: null,
    ...fields,
    day,
    mentions,
  };
}
