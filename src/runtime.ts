// Builds the dependency object once per process, and closes it in reverse order.
import type { Redis } from 'ioredis';
import type { Config } from './config.js';
import { createLogger, type Logger } from './logger.js';
import type { Deps } from './pipeline/deps.js';
import { loadTagger } from './pipeline/tagger.js';
import { createRedis } from './queue/connection.js';
import { BullDispatcher, type Dispatcher, InProcessDispatcher } from './queue/dispatcher.js';
import { createDb, createEmbeddedDb } from './storage/db.js';
import { migrateToLatest } from './storage/migrate.js';

export interface Runtime extends Deps {
  mode: 'services' | 'embedded';
  redis: Redis | null;
  close(): Promise<void>;
}

export interface RuntimeOptions {
  /** Who is connecting (shows in pg_stat_activity and Redis CLIENT LIST). */
  name: string;
  log?: Logger;
  /** Force the embedded database and in-process queue even when URLs are set. */
  embedded?: boolean;
  redisRole?: 'worker' | 'producer';
  /** The embedded database's folder (kept across runs); unset = in memory, gone at exit. */
  dataDir?: string;
}

export async function createRuntime(config: Config, options: RuntimeOptions): Promise<Runtime> {
  const log = options.log ?? createLogger(config.LOG_LEVEL);
  const tag = loadTagger(config.PAINMAP_TAXONOMY);
  if (options.embedded || !config.DATABASE_URL || !config.REDIS_URL) {
    const db = await createEmbeddedDb(options.dataDir);
    await migrateToLatest(db);
    const dispatcher = new InProcessDispatcher();
    return {
      mode: 'embedded',
      config,
      db,
      log,
      tag,
      dispatcher,
      redis: null,
      close: async () => db.destroy(),
    };
  }
  const db = createDb(config.DATABASE_URL, {
    poolSize: config.DB_POOL_SIZE,
    applicationName: options.name,
    log,
  });
  await migrateToLatest(db);
  const redis = createRedis(config.REDIS_URL, options.redisRole ?? 'worker', log);
  const dispatcher: Dispatcher = new BullDispatcher({
    connection: redis,
    prefix: config.QUEUE_PREFIX,
    debounceMs: config.AGGREGATE_DEBOUNCE_MS,
  });
  return {
    mode: 'services',
    config,
    db,
    log,
    tag,
    dispatcher,
    redis,
    close: async () => {
      await dispatcher.close();
      redis.disconnect();
      await db.destroy();
    },
  };
}
