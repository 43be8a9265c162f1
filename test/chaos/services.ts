// Private Postgres and Redis for chaos scenarios that kill services. Never the machine's shared
// ones (5432/6379): other tests use those. Redis runs without persistence, so a crash loses all
// queue data, as a FLUSHALL would; Postgres is a throw-away initdb cluster stopped with -m immediate.

import { rmSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll } from 'vitest';
import { createDb } from '../../src/storage/db.js';
import { migrateToLatest } from '../../src/storage/migrate.js';
import {
  findServerBinaries,
  freePort,
  initCluster,
  makeServerDir,
  PrivateRedis,
  runServerTool,
  startCluster,
  stopCluster,
} from '../support/private-services.js';

export { freePort, PrivateRedis };

function pgBin(): string {
  const bin = findServerBinaries(['initdb', 'pg_ctl']);
  if (!bin) throw new Error('No PostgreSQL server binaries (initdb, pg_ctl) under /usr/lib/postgresql');
  return bin;
}

export class PrivatePostgres {
  private readonly dir: string;
  crashes = 0;
  constructor(readonly port: number) {
    this.dir = makeServerDir('painmap-chaos-pg-');
  }

  get adminUrl(): string {
    return `postgres://postgres@127.0.0.1:${this.port}/postgres`;
  }

  url(database: string): string {
    return `postgres://postgres@127.0.0.1:${this.port}/${database}`;
  }

  async init(): Promise<void> {
    initCluster(pgBin(), this.dir);
    await this.start();
  }

  async start(): Promise<void> {
    startCluster(pgBin(), this.dir, {
      port: this.port,
      listen: '127.0.0.1',
      socketDir: '/tmp',
      log: join(this.dir, 'server.log'),
      settings: { fsync: 'off', max_connections: 200 },
    });
  }

  /** An immediate stop: every connection is cut, nothing is shut down cleanly. */
  async crash(): Promise<void> {
    this.crashes++;
    runServerTool(pgBin(), 'pg_ctl', ['-D', this.dir, '-m', 'immediate', '-w', 'stop']);
  }

  async destroy(): Promise<void> {
    stopCluster(pgBin(), this.dir);
    rmSync(this.dir, { recursive: true, force: true });
  }

  /** A fresh, migrated database for one scenario. */
  async createDatabase(name: string): Promise<string> {
    const admin = new pg.Client({ connectionString: this.adminUrl });
    await admin.connect();
    await admin.query(`create database ${name}`);
    await admin.end();
    const db = createDb(this.url(name), { poolSize: 1 });
    await migrateToLatest(db);
    await db.destroy();
    return this.url(name);
  }
}

/**
 * Both services for one chaos test file: started before its tests, stopped after them (after the
 * file's own afterAll hooks, which run first). The returned object reads them once started.
 */
export function usePrivateServices(): { readonly pg: PrivatePostgres; readonly redis: PrivateRedis } {
  let started: { pg: PrivatePostgres; redis: PrivateRedis } | undefined;
  beforeAll(async () => {
    started = await startPrivateServices();
  });
  afterAll(async () => {
    await started?.redis.stop();
    await started?.pg.destroy();
  });
  const get = () => {
    if (!started) throw new Error('chaos: private services are used before they started');
    return started;
  };
  return {
    get pg() {
      return get().pg;
    },
    get redis() {
      return get().redis;
    },
  };
}

/** Both services, started now. */
export async function startPrivateServices(): Promise<{ pg: PrivatePostgres; redis: PrivateRedis }> {
  const pgServer = new PrivatePostgres(await freePort());
  const redis = new PrivateRedis(await freePort());
  await Promise.all([pgServer.init(), redis.start()]);
  return { pg: pgServer, redis };
}
