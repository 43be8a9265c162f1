// Migrates one template database per test run; every test file clones it (see helpers.ts).
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { createDb } from '../../src/storage/db.js';
import { migrateToLatest } from '../../src/storage/migrate.js';

declare module 'vitest' {
  export interface ProvidedContext {
    templateDb: string;
    adminUrl: string;
    redisUrl: string;
  }
}

export function withDatabase(url: string, name: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${name}`;
  return parsed.toString();
}

export default async function setup(project: TestProject) {
  const adminUrl = process.env.PAINMAP_TEST_DATABASE_URL;
  const redisUrl = process.env.PAINMAP_TEST_REDIS_URL;
  if (!adminUrl || !redisUrl) {
    throw new Error(
      'Integration tests need PAINMAP_TEST_DATABASE_URL and PAINMAP_TEST_REDIS_URL: run them with `npm test`, which finds or starts both.',
    );
  }
  const template = `painmap_tpl_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${template}`);
  const db = createDb(withDatabase(adminUrl, template), { poolSize: 1 });
  await migrateToLatest(db);
  await db.destroy();
  project.provide('templateDb', template);
  project.provide('adminUrl', adminUrl);
  project.provide('redisUrl', redisUrl);
  return async () => {
    await admin.query(`drop database if exists ${template} with (force)`);
    await admin.end();
  };
}
