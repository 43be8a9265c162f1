// The scale-out bench's own Postgres cluster and Redis, bound to one address (the namespaces' bridge),
// never the machine's shared ones: a throw-away initdb cluster that trusts the bridge's /24 and a Redis
// without persistence. `resetDatabase` gives a freshly migrated database each time, `stopNow` is
// synchronous so that a signal handler can call it.
import { execFileSync } from 'node:child_process';
import { appendFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import pg from 'pg';
import { createDb, type Db } from '../../src/storage/db.js';
import { migrateToLatest } from '../../src/storage/migrate.js';
import {
  findServerBinaries,
  freePort,
  initCluster,
  makeServerDir,
  PrivateRedis,
  postmasterPid,
  startCluster,
  stopCluster,
} from '../../test/support/private-services.js';

const TOOLS = ['initdb', 'pg_ctl'];
const DATABASE = 'painmap_scaleout';

/** Why the stack cannot start here (no server binaries, no redis-server), or null when it can. */
export function findStackProblem(): string | null {
  if (!findServerBinaries(TOOLS))
    return `it needs the Postgres server binaries (${TOOLS.join(', ')}) under /usr/lib/postgresql/<version>/bin (Debian: apt-get install postgresql)`;
  try {
    execFileSync('redis-server', ['--version'], { stdio: 'ignore' });
  } catch {
    return 'it needs redis-server on the PATH (Debian: apt-get install redis-server)';
  }
  return null;
}

export interface PrivateStack {
  address: string;
  postgresPort: number;
  redisUrl: string;
  /** The postmaster's pid: the root of the cluster's process tree. */
  postgresPid(): number;
  redisPid(): number;
  /** Drops and recreates the bench database, migrated to latest; empties Redis. */
  reset(): Promise<{ db: Db; url: string }>;
  stopNow(): void;
}

/** Starts both on `address`, trusting connections from `trusted` (a CIDR). */
export async function startPrivateStack(address: string, trusted: string): Promise<PrivateStack> {
  const bin = findServerBinaries(TOOLS)!;
  const dir = makeServerDir('painmap-scaleout-');
  const data = join(dir, 'data');
  const redis = new PrivateRedis(await freePort(address), address);
  const port = await freePort(address);
  const stopNow = () => {
    redis.killNow();
    stopCluster(bin, data);
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    initCluster(bin, data);
    appendFileSync(join(data, 'pg_hba.conf'), `host all postgres ${trusted} trust\n`);
    startCluster(bin, data, {
      port,
      listen: address,
      socketDir: dir,
      log: join(dir, 'server.log'),
      settings: { max_connections: 100 },
    });
    await redis.start();
  } catch (error) {
    stopNow();
    throw error;
  }
  const adminUrl = `postgres://postgres@${address}:${port}/postgres`;
  return {
    address,
    postgresPort: port,
    redisUrl: redis.url,
    postgresPid: () => postmasterPid(data) ?? 0,
    redisPid: () => redis.pid ?? 0,
    reset: () => resetStack(adminUrl, redis.url),
    stopNow,
  };
}

async function resetStack(adminUrl: string, redisUrl: string): Promise<{ db: Db; url: string }> {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`drop database if exists ${DATABASE} with (force)`);
    await admin.query(`create database ${DATABASE}`);
  } finally {
    await admin.end();
  }
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: null });
  await redis.flushall();
  redis.disconnect();
  const url = new URL(adminUrl);
  url.pathname = `/${DATABASE}`;
  const db = createDb(url.toString(), { poolSize: 4, applicationName: 'painmap-bench' });
  await migrateToLatest(db);
  return { db, url: url.toString() };
}
