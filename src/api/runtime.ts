// What the HTTP server runs on: the database, a fail-fast Redis connection for producers and the
// BullMQ queues (for enqueuing, metrics and the queue dashboard), closed in reverse order. In the
// embedded mode (`painmap serve --embedded`, `painmap demo`) there is no Redis: `redis` is null and
// the dispatcher runs jobs in this process (see embedded-runtime.ts).
import { Redis } from 'ioredis';
import type { Config } from '../config.js';
import type { Logger } from '../logger.js';
import { BullDispatcher, type Dispatcher } from '../queue/dispatcher.js';
import { createDb, type Db } from '../storage/db.js';
import { migrateToLatest } from '../storage/migrate.js';

export interface ApiRuntime {
  config: Config;
  db: Db;
  log: Logger;
  /** null in the embedded mode. */
  redis: Redis | null;
  /** A BullDispatcher with services; the in-process queue when embedded. */
  dispatcher: Dispatcher;
  close(): Promise<void>;
}

export async function createApiRuntime(config: Config, log: Logger): Promise<ApiRuntime> {
  if (!config.DATABASE_URL || !config.REDIS_URL) {
    throw new Error('`painmap serve` needs DATABASE_URL and REDIS_URL (see .env.example).');
  }
  const db = createDb(config.DATABASE_URL, {
    poolSize: config.DB_POOL_SIZE,
    applicationName: 'painmap-api',
    log,
  });
  await migrateToLatest(db);
  // Producers fail fast: with Redis down a request gets 503 at once instead of waiting in a queue.
  const redis = new Redis(config.REDIS_URL, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: 2_000,
    connectionName: 'painmap-api',
    retryStrategy: (times) => Math.min(times * 250, 2_000),
  });
  let lastWarned = 0;
  redis.on('error', (error: Error & { code?: string }) => {
    if (Date.now() - lastWarned < 10_000) return;
    lastWarned = Date.now();
    log.warn({ err: { message: error.message, code: error.code } }, 'redis connection error');
  });
  const dispatcher = new BullDispatcher({
    connection: redis,
    prefix: config.QUEUE_PREFIX,
    debounceMs: config.AGGREGATE_DEBOUNCE_MS,
  });
  return {
    config,
    db,
    log,
    redis,
    dispatcher,
    close: async () => {
      await Promise.race([dispatcher.close(), new Promise((resolve) => setTimeout(resolve, 2_000))]);
      redis.disconnect();
      await db.destroy();
    },
  };
}
