// Bench plumbing: services, a fresh database, the generated CSV, timing helpers.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { sql, type Transaction } from 'kysely';
import pg from 'pg';
import { createDb, type Db } from '../../src/storage/db.js';
import { migrateToLatest } from '../../src/storage/migrate.js';
import type { Database } from '../../src/storage/tables.js';

export function findServices(): { adminUrl: string; redisUrl: string } {
  const out = execFileSync('bash', ['scripts/services.sh'], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const value = (name: string) => new RegExp(`${name}='([^']+)'`).exec(out)?.[1];
  const adminUrl = value('PAINMAP_TEST_DATABASE_URL');
  const redisUrl = value('PAINMAP_TEST_REDIS_URL');
  if (!adminUrl || !redisUrl) throw new Error('bench: no Postgres/Redis (scripts/services.sh found none)');
  return { adminUrl, redisUrl };
}

export async function createBenchDb(
  adminUrl: string,
): Promise<{ db: Db; url: string; drop(): Promise<void> }> {
  const name = `painmap_bench_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const db = createDb(url.toString(), { poolSize: 4, applicationName: 'painmap-bench' });
  await migrateToLatest(db);
  return {
    db,
    url: url.toString(),
    async drop() {
      await db.destroy();
      await admin.query(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}

/**
 * A named database kept across runs (create it if missing, migrate it to latest): `fresh` says whether it
 * was just created, so a bench seeds it once and reuses it after; `drop()` only closes the connection.
 */
export async function openKeptBenchDb(
  adminUrl: string,
  name: string,
): Promise<{ db: Db; url: string; fresh: boolean; drop(): Promise<void> }> {
  if (!/^[a-z_][a-z0-9_]*$/.test(name))
    throw new Error(`bench: database name ${name} is not a plain identifier`);
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  const found = await admin.query('select 1 from pg_database where datname = $1', [name]);
  if (found.rowCount === 0) await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const db = createDb(url.toString(), { poolSize: 4, applicationName: 'painmap-bench' });
  await migrateToLatest(db);
  return { db, url: url.toString(), fresh: found.rowCount === 0, drop: () => db.destroy() };
}

const PARTS = [
  'The delivery was two days late and the box was crushed',
  'but the support agent on chat sorted it out quickly',
  'I want a refund, I was charged twice for my subscription',
  'The app keeps crashing when I log in after the latest update',
  'Checkout was smooth and the promo code worked first time',
  'still waiting for my new card to arrive, no tracking info',
  'Love the product, the battery lasts all week',
  'Help centre articles are outdated and the chatbot is useless',
  'Setting up my account took five minutes, really easy',
  'Too many marketing emails, I unsubscribed twice',
];
const PLANS = ['free', 'plus', 'pro'];
const REGIONS = ['north', 'south', 'east', 'west'];

/** A survey CSV of `rows` records of ~200 characters each, a year of dates; item i is a pure function of i. */
export async function writeSurveyCsv(path: string, rows: number): Promise<number> {
  const out = createWriteStream(path);
  const write = (s: string) =>
    out.write(s) ? Promise.resolve() : new Promise<void>((r) => out.once('drain', () => r()));
  await write('id,created_at,customer_id,plan,region,rating,comment\n');
  const start = Date.UTC(2025, 0, 1);
  for (let i = 0; i < rows; i++) {
    let text = '';
    for (let k = 0; text.length < 190; k++) text += `${PARTS[(i * 7 + k * 3) % PARTS.length]}. `;
    const at = new Date(start + Math.floor((i / rows) * 365 * 86_400_000)).toISOString();
    await write(
      `s-${i},${at},c-${i % 50_000},${PLANS[i % 3]},${REGIONS[i % 4]},${i % 11},"${text.slice(0, 200)}"\n`,
    );
  }
  await new Promise<void>((resolve, reject) =>
    out.end((error?: Error | null) => (error ? reject(error) : resolve())),
  );
  return rows;
}

export function cpuMicros(): number {
  const usage = process.cpuUsage();
  return usage.user + usage.system;
}

export function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/**
 * Runs a loader's bulk inserts in one transaction with generic plans, as the write path does: each
 * row's key check against the partitioned items (and the item keys' insert) otherwise makes a custom
 * plan per row. Loading 200,000 dashboard items at load 3.5–5.6, interleaved: keys 13.7 / 16.2 s →
 * 8.1 / 5.9 s, mentions 20.2 / 24.1 s → 14.8 / 9.2 s.
 */
export function withGenericPlans(db: Db, run: (trx: Transaction<Database>) => Promise<void>): Promise<void> {
  return db.transaction().execute(async (trx) => {
    await sql`set local plan_cache_mode = force_generic_plan`.execute(trx);
    await run(trx);
  });
}
