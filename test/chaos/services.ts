// Private Postgres and Redis for chaos scenarios that kill services. Never the machine's shared
// ones (5432/6379): other tests use those. Redis runs without persistence, so a crash loses all
// queue data, as a FLUSHALL would; Postgres is a throw-away initdb cluster stopped with -m immediate.

import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import pg from 'pg';
import { afterAll, beforeAll } from 'vitest';
import { createDb } from '../../src/storage/db.js';
import { migrateToLatest } from '../../src/storage/migrate.js';

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const asRoot = process.getuid?.() === 0;

function pgBin(): string {
  const versions = readdirSync('/usr/lib/postgresql').sort((a, b) => Number(b) - Number(a));
  if (versions.length === 0) throw new Error('No PostgreSQL server binaries under /usr/lib/postgresql');
  return `/usr/lib/postgresql/${versions[0]}/bin`;
}

function runPg(tool: string, args: string[]): void {
  const command = asRoot ? 'runuser' : `${pgBin()}/${tool}`;
  const full = asRoot ? ['-u', 'postgres', '--', `${pgBin()}/${tool}`, ...args] : args;
  execFileSync(command, full, { stdio: 'ignore', timeout: 60_000 });
}

export class PrivateRedis {
  private child: ChildProcess | null = null;
  crashes = 0;
  constructor(readonly port: number) {}

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    this.child = spawn(
      'redis-server',
      [
        '--port',
        String(this.port),
        '--bind',
        '127.0.0.1',
        '--save',
        '',
        '--appendonly',
        'no',
        '--maxmemory-policy',
        'noeviction',
      ],
      { stdio: 'ignore' },
    );
    for (let i = 0; i < 100; i++) {
      const probe = new Redis(this.url, {
        lazyConnect: true,
        maxRetriesPerRequest: 0,
        retryStrategy: () => null,
      });
      probe.on('error', () => undefined);
      try {
        await probe.connect();
        await probe.ping();
        probe.disconnect();
        return;
      } catch {
        probe.disconnect();
        await sleep(50);
      }
    }
    throw new Error(`redis-server did not start on port ${this.port}`);
  }

  /** kill -9: without persistence every queue key is gone when it comes back. */
  async kill(): Promise<void> {
    const child = this.child;
    if (!child) return;
    this.crashes++;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
    this.child = null;
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (!child) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
    this.child = null;
  }
}

export class PrivatePostgres {
  private readonly dir: string;
  crashes = 0;
  constructor(readonly port: number) {
    this.dir = mkdtempSync(join(tmpdir(), 'painmap-chaos-pg-'));
  }

  get adminUrl(): string {
    return `postgres://postgres@127.0.0.1:${this.port}/postgres`;
  }

  url(database: string): string {
    return `postgres://postgres@127.0.0.1:${this.port}/${database}`;
  }

  async init(): Promise<void> {
    if (asRoot) execFileSync('chown', ['postgres', this.dir]);
    runPg('initdb', ['-D', this.dir, '-A', 'trust', '-U', 'postgres', '--no-sync']);
    await this.start();
  }

  async start(): Promise<void> {
    const options = `-p ${this.port} -c listen_addresses=127.0.0.1 -k /tmp -c fsync=off -c max_connections=200`;
    runPg('pg_ctl', ['-D', this.dir, '-l', join(this.dir, 'server.log'), '-w', '-o', options, 'start']);
  }

  /** An immediate stop: every connection is cut, nothing is shut down cleanly. */
  async crash(): Promise<void> {
    this.crashes++;
    runPg('pg_ctl', ['-D', this.dir, '-m', 'immediate', '-w', 'stop']);
  }

  async destroy(): Promise<void> {
    try {
      runPg('pg_ctl', ['-D', this.dir, '-m', 'immediate', '-w', 'stop']);
    } catch {
      // already stopped
    }
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
