// Bench plumbing for the pipeline: worker processes as `painmap worker` runs them, and the ingest side's
// dependencies (config, dispatcher) on the same queue prefix.
import { type ChildProcess, spawn } from 'node:child_process';
import { Redis } from 'ioredis';
import { loadConfig } from '../../src/config.js';
import { BullDispatcher } from '../../src/queue/dispatcher.js';
import type { Db } from '../../src/storage/db.js';

/**
 * One worker process (workers/worker.ts); `settings` are extra environment variables, `nodeArgs` node
 * flags, `via` a command it is started through (`ip netns exec NAME`: on another host's address).
 */
export function startWorkerProcess(
  target: { url: string; redisUrl: string; prefix: string },
  options: { settings?: Record<string, string>; nodeArgs?: string[]; logLevel?: string; via?: string[] } = {},
): ChildProcess {
  const argv = [process.execPath, ...(options.nodeArgs ?? []), '--import', 'tsx', 'workers/worker.ts'];
  const [command, ...args] = [...(options.via ?? []), ...argv] as [string, ...string[]];
  return spawn(command, args, {
    env: {
      ...process.env,
      DATABASE_URL: target.url,
      REDIS_URL: target.redisUrl,
      QUEUE_PREFIX: target.prefix,
      LOG_LEVEL: options.logLevel ?? 'warn',
      ...options.settings,
    },
    stdio: ['ignore', options.logLevel ? 'inherit' : 'ignore', 'inherit'],
  });
}

/** What ingestFile and waitForRuns need, as `painmap ingest` builds it; `close()` ends the Redis side. */
export function ingestDeps(db: Db, target: { url: string; redisUrl: string; prefix: string }) {
  const config = loadConfig({
    DATABASE_URL: target.url,
    REDIS_URL: target.redisUrl,
    QUEUE_PREFIX: target.prefix,
    LOG_LEVEL: 'silent',
  });
  const connection = new Redis(target.redisUrl, { maxRetriesPerRequest: null });
  const dispatcher = new BullDispatcher({
    connection,
    prefix: target.prefix,
    debounceMs: config.AGGREGATE_DEBOUNCE_MS,
  });
  return {
    deps: { db, dispatcher, config },
    async close() {
      await dispatcher.close();
      connection.disconnect();
    },
  };
}
