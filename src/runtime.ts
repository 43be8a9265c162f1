// The one composition root: builds the dependency object of a process once (database, Redis,
// dispatcher, tagger, logger) for its role, and closes it in reverse order of creation.
//   worker   — BullMQ workers: Redis waits out outages (maxRetriesPerRequest: null).
//   producer — a process that only enqueues (ingest, pull, reconcile, the scheduler): Redis fails fast.
//   api      — the HTTP server: a producer that must have Postgres and Redis. With DATABASE_READ_URL
//              its dashboard reads (`readDb`) go to that streaming replica, on a pool of their own.
// Every role writes to DATABASE_URL only; the other roles' `readDb` is `db` (what they read feeds a write).
// Without DATABASE_URL and REDIS_URL (or with `embedded`) it is the zero-setup mode instead: PGlite
// and an in-process queue (`painmap demo`). `painmap serve --embedded` builds on that in
// api/embedded-runtime.ts (jobs in the background).
import type { Redis } from 'ioredis';
import { type Config, hasServices, requireServices } from './config.js';
import { createLogger, type Logger } from './logger.js';
import type { Deps } from './pipeline/deps.js';
import { loadTagger } from './pipeline/tagger.js';
import { createRedis } from './queue/connection.js';
import { BullDispatcher, InProcessDispatcher } from './queue/dispatcher.js';
import { createDb, createEmbeddedDb, type ReadDb } from './storage/db.js';
import { migrateToLatest } from './storage/migrate.js';

export type RuntimeRole = 'worker' | 'producer' | 'api';

export interface Runtime extends Deps {
  mode: 'services' | 'embedded';
  /** The dashboard's and the queries' reads: the replica of DATABASE_READ_URL (api role), else `db`. */
  readDb: ReadDb;
  /** null in the embedded mode. */
  redis: Redis | null;
  close(): Promise<void>;
}

export interface RuntimeOptions {
  role: RuntimeRole;
  /** Who is connecting (shows in pg_stat_activity and Redis CLIENT LIST); default painmap-<role>. */
  name?: string;
  log?: Logger;
  /** Force the embedded database and in-process queue even when URLs are set. */
  embedded?: boolean;
  /**
   * The command that cannot run without Postgres and Redis, named in the error when DATABASE_URL or
   * REDIS_URL is unset (instead of falling back to the embedded mode). The api role always needs them.
   */
  servicesFor?: string;
  /** The embedded database's folder (kept across runs); unset = in memory, gone at exit. */
  dataDir?: string;
}

/** How long closing waits for the queues: BullMQ's close never resolves while Redis is down. */
const QUEUE_CLOSE_MS = 2_000;

export async function createRuntime(config: Config, options: RuntimeOptions): Promise<Runtime> {
  const servicesFor = options.servicesFor ?? (options.role === 'api' ? '`painmap serve`' : undefined);
  if (servicesFor) requireServices(config, servicesFor);
  const log = options.log ?? createLogger(config.LOG_LEVEL);
  const tag = loadTagger(config.PAINMAP_TAXONOMY);
  if (options.embedded || !hasServices(config)) {
    const db = await createEmbeddedDb(options.dataDir);
    await migrateToLatest(db);
    const dispatcher = new InProcessDispatcher();
    const close = () => db.destroy();
    return { mode: 'embedded', config, db, readDb: db, log, tag, dispatcher, redis: null, close };
  }
  const name = options.name ?? `painmap-${options.role}`;
  const db = createDb(config.DATABASE_URL, { poolSize: config.DB_POOL_SIZE, applicationName: name, log });
  await migrateToLatest(db);
  const readUrl = options.role === 'api' ? config.DATABASE_READ_URL : undefined;
  const replica =
    readUrl && readUrl !== config.DATABASE_URL
      ? createDb(readUrl, { poolSize: config.DB_POOL_SIZE, applicationName: `${name}-read`, log })
      : null;
  const redis = createRedis(config.REDIS_URL, options.role === 'worker' ? 'worker' : 'producer', {
    name,
    log,
  });
  const dispatcher = new BullDispatcher({
    connection: redis,
    prefix: config.QUEUE_PREFIX,
    debounceMs: config.AGGREGATE_DEBOUNCE_MS,
  });
  const close = async () => {
    await Promise.race([dispatcher.close(), new Promise((resolve) => setTimeout(resolve, QUEUE_CLOSE_MS))]);
    redis.disconnect();
    await replica?.destroy();
    await db.destroy();
  };
  return { mode: 'services', config, db, readDb: replica ?? db, log, tag, dispatcher, redis, close };
}
